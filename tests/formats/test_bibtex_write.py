"""Writing BibTeX / BibLaTeX: types, fields, escaping, brace protection, names, dates, warnings.

Expected strings are what BibTeX's documentation (Patashnik's *BibTeXing*, the biblatex manual)
prescribes; that readers other than ours understand them is checked in test_bibtex_oracles.py.
"""

from __future__ import annotations

import re
from typing import Any

import bibtexparser
import pytest

from citekit.formats import get_format
from citekit.formats.base import DumpResult
from citekit.formats.bibtex import BibLaTeXFormat, BibTeXFormat
from citekit.model import Reference

BIBTEX = BibTeXFormat()
BIBLATEX = BibLaTeXFormat()


def one(fmt: BibTeXFormat | BibLaTeXFormat, **item: Any) -> tuple[DumpResult, dict[str, str], str]:
    """Write one item; return the result, its fields as written (raw, outer braces removed), its type."""
    data = {"id": "x", "type": "article-journal", **item}
    result = fmt.dumps([Reference.from_csl(data)])
    library = bibtexparser.parse_string(result.text, parse_stack=[])
    assert not library.failed_blocks, result.text
    assert len(library.entries) == 1, result.text
    entry = library.entries[0]
    fields = {}
    for f in entry.fields:
        v = f.value
        fields[f.key] = v[1:-1] if v.startswith("{") and v.endswith("}") else v
    return result, fields, entry.entry_type


def warned(result: DumpResult, field: str) -> str:
    """The warning messages naming ``field``, joined (empty if none)."""
    return " | ".join(w.message for w in result.warnings if w.field == field)


# ---------------------------------------------------------------- entry types


@pytest.mark.parametrize(
    ("csl", "bibtex", "biblatex"),
    [
        ("article-journal", "article", "article"),
        ("article-magazine", "article", "article"),
        ("article-newspaper", "article", "article"),
        ("paper-conference", "inproceedings", "inproceedings"),
        ("chapter", "incollection", "incollection"),
        ("book", "book", "book"),
        ("report", "techreport", "report"),
        ("thesis", "phdthesis", "thesis"),
        ("webpage", "misc", "online"),
        ("post", "misc", "online"),
        ("dataset", "misc", "dataset"),
        ("software", "misc", "software"),
        ("patent", "misc", "patent"),
        ("manuscript", "unpublished", "unpublished"),
        ("pamphlet", "booklet", "booklet"),
        ("entry-encyclopedia", "incollection", "inreference"),
        ("document", "misc", "misc"),
    ],
)
def test_entry_types(csl: str, bibtex: str, biblatex: str) -> None:
    assert one(BIBTEX, type=csl, title="T")[2] == bibtex
    assert one(BIBLATEX, type=csl, title="T")[2] == biblatex


def test_lossy_types_are_reported_naming_entry_and_field() -> None:
    result, _, etype = one(BIBTEX, type="webpage", title="T")
    assert etype == "misc"
    [w] = [w for w in result.warnings if w.field == "type"]
    assert w.item == "t" and "webpage" in w.message and "document" in w.message
    result, _, _ = one(BIBLATEX, type="webpage", title="T")
    assert warned(result, "type") == ""  # @online reads back as webpage


def test_magazine_and_newspaper_keep_their_type_in_biblatex_entrysubtype() -> None:
    result, fields, _ = one(BIBLATEX, type="article-newspaper", title="T")
    assert fields["entrysubtype"] == "newspaper" and warned(result, "type") == ""
    assert BIBLATEX.loads(result.text).items[0].type == "article-newspaper"


def test_thesis_kind_from_genre() -> None:
    _, fields, etype = one(BIBTEX, type="thesis", title="T", genre="Master's thesis", publisher="MIT")
    assert etype == "mastersthesis" and "type" not in fields and fields["school"] == "MIT"
    _, fields, etype = one(BIBTEX, type="thesis", title="T", genre="PhD dissertation")
    assert etype == "phdthesis" and fields["type"] == "PhD dissertation"
    _, fields, etype = one(BIBLATEX, type="thesis", title="T", genre="PhD thesis", publisher="MIT")
    assert etype == "thesis" and fields["type"] == "phdthesis" and fields["institution"] == "MIT"


# ---------------------------------------------------------------- fields


def test_journal_article_fields() -> None:
    result, f, _ = one(
        BIBTEX,
        title="T",
        author=[{"family": "Morris", "given": "Van K."}],
        **{
            "container-title": "The Lancet Oncology",
            "container-title-short": "Lancet Oncol",
            "volume": "18",
            "issue": 4,
            "page": "446-453",
            "issued": {"date-parts": [[2017, 4]]},
            "DOI": "10.1016/S1470-2045(17)30104-3",
            "PMID": "28223062",
            "PMCID": "PMC5400032",
            "ISSN": "1470-2045",
            "publisher": "Elsevier",
            "publisher-place": "London",
            "language": "en",
            "abstract": "Background\n\nMethods",
            "note": "A note",
            "keyword": "anal cancer, nivolumab",
            "accessed": {"date-parts": [[2024, 1, 5]]},
        },
    )
    assert f == {
        "author": "Morris, Van K.",
        "title": "T",
        "journal": "The Lancet Oncology",
        "shortjournal": "Lancet Oncol",
        "year": "2017",
        "month": "apr",
        "volume": "18",
        "number": "4",
        "pages": "446--453",
        "publisher": "Elsevier",
        "address": "London",
        "doi": "10.1016/S1470-2045(17)30104-3",
        "urldate": "2024-01-05",
        "issn": "1470-2045",
        "eprinttype": "pubmed",  # BibLaTeX's spelling of a PMID (manual §3.13.7), not a "pmid" field
        "eprint": "28223062",
        "pmcid": "PMC5400032",
        "language": "en",
        "keywords": "anal cancer, nivolumab",
        "abstract": "Background\n\nMethods",
        "note": "A note",
    }
    assert result.warnings == []
    assert "month = apr," in result.text  # a macro, not {apr}


def test_biblatex_native_fields() -> None:
    result, f, _ = one(
        BIBLATEX,
        title="T",
        **{
            "container-title": "The Lancet Oncology",
            "issued": {"date-parts": [[2017, 4]]},
            "publisher-place": "London",
            "event-title": "ASCO",
            "original-date": {"date-parts": [[1900]]},
            "status": "in press",
        },
    )
    assert f["journaltitle"] == "The Lancet Oncology" and f["date"] == "2017-04" and f["location"] == "London"
    assert f["eventtitle"] == "{ASCO}" and f["origdate"] == "1900" and f["pubstate"] == "inpress"
    assert "year" not in f and "month" not in f and result.warnings == []


@pytest.mark.parametrize(
    ("date", "biblatex"),
    [
        ({"date-parts": [[2023, 11, 1]]}, "2023-11-01"),
        ({"date-parts": [["2017", "4"]]}, "2017-04"),
        ({"date-parts": [[2017], [2018]]}, "2017/2018"),
        ({"date-parts": [[2017, 4, 1], [2017, 4, 15]]}, "2017-04-01/2017-04-15"),
        ({"date-parts": [[1990]], "circa": True}, "1990~"),
        ({"date-parts": [[2001]], "season": 1}, "2001-21"),
        ({"raw": "2012-05-06"}, "2012-05-06"),
    ],
)
def test_biblatex_dates(date: dict[str, Any], biblatex: str) -> None:
    result, f, _ = one(BIBLATEX, title="T", issued=date)
    assert f["date"] == biblatex and warned(result, "issued") == ""


def test_bibtex_dates_and_what_they_cannot_hold() -> None:
    result, f, _ = one(BIBTEX, title="T", issued={"date-parts": [[2023, 11, 1]]})
    assert (f["year"], f["month"]) == ("2023", "nov")
    assert "day 1" in warned(result, "issued")
    result, f, _ = one(BIBTEX, title="T", issued={"date-parts": [[2017], [2018]]})
    assert f["year"] == "2017--2018" and "month" not in f
    assert BIBTEX.loads(result.text).items[0].issued.to_csl() == {"date-parts": [[2017], [2018]]}  # type: ignore[union-attr]
    result, f, _ = one(BIBTEX, title="T", issued={"literal": "Spring & summer"})
    assert f["year"] == "Spring \\& summer" and result.warnings == []
    result, f, _ = one(BIBTEX, title="T", issued={"date-parts": [[1990]], "circa": 1})
    assert f["year"] == "1990" and "circa" in warned(result, "issued")


@pytest.mark.parametrize(
    ("page", "written"),
    [
        ("446-453", "446--453"),
        ("446–453", "446--453"),
        ("446 - 453", "446--453"),
        ("e2341165", "e2341165"),
        ("S1217", "S1217"),
        ("100529", "100529"),
        ("1-2, 5-7", "1--2, 5--7"),
        ("e123-e130", "e123--e130"),
        (462, "462"),
    ],
)
def test_pages(page: Any, written: str) -> None:
    assert one(BIBTEX, title="T", page=page)[1]["pages"] == written


@pytest.mark.parametrize(
    "doi",
    [
        "10.1016/S1470-2045(19)30728-4",
        "10.1890/0012-9615(1999)069[0569:edilsa]2.0.co;2",
        "10.1002/(SICI)1097-4636_x%20y#frag~1&a=b",
        "10.1000/a_b{1}",
    ],
)
def test_doi_and_url_are_verbatim(doi: str) -> None:
    url = "https://example.org/a_b/c%20d?e=1&f=2#sec~3"
    result, f, _ = one(BIBTEX, title="T", DOI=doi, URL=url)
    assert f["doi"] == doi and f["url"] == url
    assert "\\_" not in result.text and "\\%" not in result.text and result.warnings == []
    back = BIBTEX.loads(result.text).items[0]
    assert (back.doi, back.url) == (doi, url)


def test_a_doi_that_would_break_the_file_is_percent_encoded_and_reported() -> None:
    result, f, _ = one(BIBTEX, title="T", DOI="10.1000/x}y", URL="http://a/b\\")
    assert f["doi"] == "10.1000/x%7Dy" and f["url"] == "http://a/b%5C"
    assert warned(result, "DOI") and warned(result, "URL")


def test_container_title_by_type() -> None:
    assert one(BIBTEX, type="chapter", title="T", **{"container-title": "Book"})[1]["booktitle"] == "Book"
    assert (
        one(BIBTEX, type="paper-conference", title="T", **{"container-title": "Proc. ASCO"})[1]["booktitle"]
        == "Proc. {ASCO}"
    )
    assert one(BIBLATEX, type="article-journal", title="T", **{"container-title": "J"})[1]["journaltitle"] == "J"


def test_numbers_by_type() -> None:
    assert one(BIBTEX, type="report", title="T", number="TR-7", publisher="NBER")[1] == {
        "title": "T",
        "number": "TR-7",
        "institution": "NBER",
    }
    assert (
        one(BIBTEX, type="book", title="T", **{"collection-title": "LNCS", "collection-number": 42})[1]["number"]
        == "42"
    )
    result, f, _ = one(BIBTEX, type="article-journal", title="T", issue="3", number="99")
    assert f["number"] == "3" and "already used" in warned(result, "number")


def test_variables_bibtex_cannot_express_are_reported_one_by_one() -> None:
    result, f, _ = one(
        BIBTEX,
        title="T",
        archive="Bodleian",
        **{
            "event-title": "ASCO 2020",
            "call-number": "QA76",
            "custom": {"provenance": {"status": "verified"}},
            "zotero-key": "ABC",
        },
    )
    assert set(f) == {"title"}
    assert "BibLaTeX has 'eventtitle'" in warned(result, "event-title")
    assert "custom 'provenance' has no BibTeX field" in warned(result, "custom")
    for field in ("archive", "call-number", "custom", "zotero-key"):
        [w] = [w for w in result.warnings if w.field == field]
        assert w.item == "t" and w.severity == "warning", field


def test_journal_abbreviation_falls_back_to_shortjournal_with_a_warning() -> None:
    result, f, _ = one(BIBTEX, title="T", journalAbbreviation="Lancet Oncol")
    assert f["shortjournal"] == "Lancet Oncol" and "container-title-short" in warned(result, "journalAbbreviation")
    result, f, _ = one(BIBTEX, title="T", journalAbbreviation="LO", **{"container-title-short": "Lancet Oncol"})
    assert f["shortjournal"] == "Lancet Oncol" and "not written" in warned(result, "journalAbbreviation")


# ---------------------------------------------------------------- escaping and protection


def test_special_characters_are_escaped_so_nothing_breaks() -> None:
    result, f, _ = one(BIBTEX, title="Cost & Effect: 50% of $x_1$ {", **{"container-title": "R&D #1 ~ ^ \\ }{"})
    assert f["title"] == "Cost \\& {Effect}: 50\\% of \\$x\\_1\\$ {\\textbraceleft}"
    assert (
        f["journal"]
        == "R\\&D \\#1 {\\textasciitilde} {\\textasciicircum} {\\textbackslash} {\\textbraceright}{\\textbraceleft}"
    )
    item = BIBTEX.loads(result.text).items[0]
    assert item.title == "Cost & Effect: 50% of $x_1$ {" and item.container_title == "R&D #1 ~ ^ \\ }{"


def test_paired_braces_are_escaped_as_a_pair() -> None:
    _, f, _ = one(BIBTEX, title="Sets {a, b} and f(x)")
    assert f["title"] == "Sets \\{a, b\\} and f(x)"


@pytest.mark.parametrize(
    "payload",
    [
        "\\input{/etc/passwd}",
        "\\immediate\\write18{rm -rf ~}",
        "}\n@misc{evil, title={x}",
        "\\def\\x{y}\\x",
        "@comment{",
        "\\",
    ],
)
def test_no_value_can_inject_commands_or_entries(payload: str) -> None:
    result, _, _ = one(BIBTEX, title=payload, note=f"line\n{payload}", publisher=payload)
    assert re.search(r"\\(input|write18|immediate|def)\b", result.text) is None
    assert [line for line in result.text.splitlines() if line.lstrip().startswith("@")] == [result.text.splitlines()[0]]
    items = BIBTEX.loads(result.text).items
    assert len(items) == 1
    assert items[0].publisher == payload.replace("\n", " ").strip()


def test_tex_ligatures_are_broken_so_text_reads_back_as_typed() -> None:
    _, f, _ = one(BIBTEX, title="a--b ``q'' ?` !`")
    assert f["title"] == "{a}-{}-b `{}`q'{}' ?{}` !{}`"  # {a}: an English title is read in sentence case


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("Safety of anti-PD-1 antibody", "Safety of anti-{PD-1} antibody"),
        (
            "Nivolumab in anal cancer (NCI9673): a phase 2 study",
            "Nivolumab in anal cancer ({NCI9673}): {a} phase 2 study",
        ),
        ("LBA2 - POD1UM-303/InterAACT 2: Phase III study", "{LBA2} - {POD1UM-303}/{InterAACT} 2: Phase {III} study"),
        (
            "Randomized Phase II Trial of Immunotherapy (TORCH)",
            "Randomized {Phase} {II} {Trial} of {Immunotherapy} ({TORCH})",
        ),
        ("The iPhone and p53 in H2O", "The {iPhone} and {p53} in {H2O}"),
        (
            "Effects of Bayesian inference on growth in Germany",
            "Effects of {Bayesian} inference on growth in {Germany}",
        ),
        ("Effects Of Bayesian Inference On Growth In Germany",
         "Effects {Of} {Bayesian} {Inference} {On} {Growth} {In} {Germany}"),
        ("Vitamin D and a phase I trial", "Vitamin {D} and a phase {I} trial"),
        ("Hodgkin Disease And A Phase I Trial", "Hodgkin {Disease} {And} {A} {Phase} {I} {Trial}"),
        ('An <span class="nocase">almost</span> lowercase title', "An {almost} lowercase title"),
        ("The <i>E. coli</i> genome<sup>2</sup>", "The \\textit{{E}. {coli}} genome\\textsuperscript{2}"),
        ("A Study: the Results", "A {Study}: {the} {Results}"),  # pandoc: "the" starts a sentence, the last word is not
    ],
)
def test_title_brace_protection(title: str, written: str) -> None:
    result, f, _ = one(BIBTEX, title=title)
    assert f["title"] == written
    assert BIBTEX.loads(result.text).items[0].title == title


def test_titles_of_other_languages_are_not_braced_for_sentence_case() -> None:
    """A German title is not read in sentence case (langid), so its nouns need no braces."""
    for fmt in (BIBTEX, BIBLATEX):
        result, f, _ = one(fmt, title="Die Geschichte Der Welt", language="de-DE")
        assert f["title"] == "Die Geschichte Der Welt" and f["langid"] == "ngerman"
        item = fmt.loads(result.text).items[0]
        assert (item.title, item.language) == ("Die Geschichte Der Welt", "de-DE")


def test_protection_can_be_turned_off() -> None:
    text = BIBTEX.dumps(
        [Reference.from_csl({"id": "a", "type": "book", "title": "The TORCH trial"})], protect=False
    ).text
    assert "title = {The TORCH trial}" in text


# ---------------------------------------------------------------- encodings


def test_utf8_by_default_and_ascii_on_request() -> None:
    item = {
        "id": "a",
        "type": "book",
        "title": "Über Müller’s café – α",
        "author": [{"family": "André", "given": "Thierry"}],
    }
    utf8 = BIBTEX.dumps([Reference.from_csl(item)]).text
    assert "Über {Müller}’s café – α" in utf8 and "André, Thierry" in utf8  # a proper noun in sentence case
    result = BIBTEX.dumps([Reference.from_csl(item)], ascii=True)
    assert result.text.isascii()
    assert "Andr{\\'e}, Thierry" in result.text and '{\\"U}ber' in result.text and " -- " in result.text
    back = BIBTEX.loads(result.text).items[0]
    assert back.title == item["title"] and back.author[0].family == "André"  # type: ignore[index]


def test_ascii_reports_characters_with_no_latex() -> None:
    result = BIBTEX.dumps([Reference.from_csl({"id": "a", "type": "book", "title": "中文 title"})], ascii=True)
    assert "中文" in result.text  # kept, not lost
    [w] = result.warnings
    assert w.field == "title" and "中" in w.message


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ({"family": "Morris", "given": "Van K."}, "Morris, Van K."),
        ({"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}, "van der Berg, Jan"),
        ({"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"}, "de la Fontaine, Jean"),
        ({"family": "King", "given": "Martin Luther", "suffix": "Jr"}, "King, Jr, Martin Luther"),
        ({"literal": "National Comprehensive Cancer Network"}, "{National Comprehensive Cancer Network}"),
        ({"literal": "Simon and Schuster"}, "{Simon and Schuster}"),
        ({"family": "van der Berg", "given": "Jan"}, "{van der Berg}, Jan"),
        ({"family": "Ben Abdelghani", "given": "M."}, "Ben Abdelghani, M."),
        ({"family": "Ben Abdelghani"}, "Ben Abdelghani,"),
        ({"family": "Aristotle"}, "Aristotle"),
        ({"family": "Smith, Jones", "given": "A"}, "{Smith, Jones}, A"),
        ({"family": "Müller", "given": "Jörg"}, "Müller, Jörg"),
    ],
)
def test_names(name: dict[str, str], written: str) -> None:
    result, f, _ = one(BIBTEX, title="T", author=[name])
    assert f["author"] == written
    assert BIBTEX.loads(result.text).items[0].to_csl()["author"] == [name]


def test_name_properties_bibtex_cannot_hold_are_reported() -> None:
    result, f, _ = one(
        BIBTEX,
        title="T",
        author=[
            {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
            {"family": "Mao", "given": "Zedong", "static-ordering": True},
        ],
    )
    assert f["author"] == "van Beethoven, Ludwig and Mao, Zedong"
    message = warned(result, "author")
    assert "name 1 (Beethoven, Ludwig van)" in message and "dropping-particle" in message
    assert "name 2" in message and "static-ordering" in message


def test_editor_and_translator() -> None:
    _, f, _ = one(
        BIBTEX,
        type="book",
        title="T",
        editor=[{"family": "A", "given": "B"}, {"family": "C", "given": "D"}],
        translator=[{"family": "E", "given": "F"}],
    )
    assert f["editor"] == "A, B and C, D" and f["translator"] == "E, F"


# ---------------------------------------------------------------- kept fields, registry


def test_kept_fields_are_written_back_verbatim_unless_unsafe() -> None:
    custom = {
        "bibtex": {
            "fields": {"eprint": "2101.00001", "file": ":C\\:/x_y.pdf:PDF", "evil": "\\input{x}", "open": "a { b"}
        }
    }
    result, f, _ = one(BIBTEX, title="T", custom=custom)
    assert f["eprint"] == "2101.00001" and f["file"] == ":C\\:/x_y.pdf:PDF"
    assert "\\input" not in result.text and f["open"] == "a {\\textbraceleft} b"
    assert "LaTeX command" in warned(result, "custom.bibtex.fields.evil")
    assert "unbalanced" in warned(result, "custom.bibtex.fields.open")


def test_empty_input_writes_nothing() -> None:
    assert BIBTEX.dumps([]).text == ""


def test_registry_names_suffixes_and_cli_option() -> None:
    assert get_format("bibtex").name == "bibtex" and get_format("biblatex").name == "biblatex"
    assert get_format(path="refs.bib", text="@article{a, journaltitle = {J}}").name == "biblatex"
    assert get_format(path="refs.bib", text="@article{a, journal = {J}}").name == "bibtex"
    assert get_format(text="% comment\n@Article{a, title={x}}").name == "bibtex"
    assert get_format(text="  @online{a, title={x}}").name == "biblatex"
    assert not BIBTEX.sniff('[{"id": "a", "title": "@article{"}]') and not BIBTEX.sniff("TY  - JOUR\nER  -")
