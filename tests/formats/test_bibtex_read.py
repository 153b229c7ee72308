"""Reading BibTeX / BibLaTeX: real files agree with pandoc's reading; macros, LaTeX, names, dates,
kept fields; and BibTeX → Reference → BibTeX keeps every field."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import bibtexparser
import pytest

from citekit.formats import read
from citekit.formats.bibtex import BibLaTeXFormat, BibTeXFormat
from citekit.model import Reference
from tests.conftest import DATA as TEST_DATA
from tests.conftest import ROOT

BIBTEX = BibTeXFormat()
BIBLATEX = BibLaTeXFormat()
DATA = ROOT / "tests" / "data" / "bibtex"
DOI_BIBTEX = sorted(p for p in (TEST_DATA / "fixtures" / "real" / "doi-bibtex").glob("*.bib"))
_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛“”„`´"'})


def pandoc(text: str, dialect: str) -> list[dict[str, Any]]:
    import pypandoc
    out = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", dialect, "-t", "csljson"],
        input=text.encode(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    return list(json.loads(out.stdout))


def as_text(value: Any) -> str:
    """Text as both readers should agree on it: tags gone, quotes, spaces and case folded (pandoc
    re-cases English titles)."""
    t = re.sub(r"<[^>]+>", "", str(value))
    t = unicodedata.normalize("NFC", t).translate(_QUOTES).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", t).strip().casefold()


def person(name: dict[str, Any]) -> tuple[str, str]:
    if "literal" in name:
        return (name["literal"], "")
    family = " ".join(
        filter(None, [name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family")])
    )
    return (family, name.get("given", ""))


#: Where pandoc maps a field differently by design (not a reading difference): it takes
#: ``howpublished`` and a conference's sponsoring ``organization`` for the publisher (we keep
#: ``organization`` as a BibTeX field of its own) and makes a PubMed URL from ``eprinttype = pubmed``.
PANDOC_CHOICES = {("NCCN2024", "publisher"), ("Rao2024", "publisher"), ("Andre2023", "URL")}


def assert_agrees_with_pandoc(ours: list[Reference], theirs: list[dict[str, Any]]) -> int:
    """Compare the fields both readers understand; return how many values were compared."""
    by_id = {i["id"]: i for i in theirs}
    compared = 0
    for ref in ours:
        mine = ref.to_csl()
        other = by_id[ref.id]
        for var in (
            "title",
            "container-title",
            "DOI",
            "URL",
            "volume",
            "issue",
            "page",
            "publisher",
            "publisher-place",
            "ISBN",
            "ISSN",
            "PMID",
            "edition",
            "genre",
        ):
            if var in other and "$" not in str(other[var]) and (ref.id, var) not in PANDOC_CHOICES:
                assert as_text(mine.get(var)) == as_text(other[var]), (ref.id, var)
                compared += 1
        for var in ("author", "editor", "container-author"):
            if var in other:
                theirs_names = [person(n) for n in other[var] if n != {"literal": "others"}]
                assert [person(n) for n in mine.get(var, [])] == theirs_names, (ref.id, var)
                compared += 1
        if "issued" in other:
            assert mine["issued"]["date-parts"][0][0] == other["issued"]["date-parts"][0][0], ref.id
            compared += 1
    return compared


@pytest.mark.parametrize(
    ("name", "fmt", "dialect"), [("realistic.bib", BIBTEX, "bibtex"), ("biblatex.bib", BIBLATEX, "biblatex")]
)
def test_sample_files_read_like_pandoc_reads_them(name: str, fmt: BibTeXFormat, dialect: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    result = fmt.loads(text)
    assert result.failed == []
    assert len(result.items) == len(re.findall(r"(?m)^@(?!string|preamble|comment)\w+\{", text, re.IGNORECASE))
    assert assert_agrees_with_pandoc(result.items, pandoc(text, dialect)) > 40


@pytest.mark.parametrize("path", DOI_BIBTEX, ids=[p.name for p in DOI_BIBTEX])
def test_doi_org_bibtex_reads_like_pandoc_reads_it(path: Path) -> None:
    """Real BibTeX served by doi.org (both Crossref layouts, bare-year keys, ``month=Aug``)."""
    result = read(path, "bibtex")
    assert result.failed == [] and len(result.items) == 1
    assert_agrees_with_pandoc(result.items, pandoc(path.read_text(encoding="utf-8"), "bibtex"))
    item = result.items[0]
    assert item.doi and "\\" not in item.doi


def test_doi_org_sici_doi_and_all_caps_title() -> None:
    [item] = read(
        DOI_BIBTEX[[p.name for p in DOI_BIBTEX].index("10.1890_0012-9615(1999)069[0569_EDILSA]2.0.CO_2.bib")], "bibtex"
    ).items
    assert item.doi == "10.1890/0012-9615(1999)069[0569:edilsa]2.0.co;2"
    assert (
        item.title
        == "EVOLUTIONARY DIVERGENCES IN LEAF STRUCTURE AND CHEMISTRY, COMPARING RAINFALL AND SOIL NUTRIENT GRADIENTS"
    )
    assert item.issued is not None and (item.issued.year, item.issued.month) == (1999, 11)


# ---------------------------------------------------------------- details of the sample files


@pytest.fixture(scope="module")
def realistic() -> dict[str, Reference]:
    result = BIBTEX.loads((DATA / "realistic.bib").read_text(encoding="utf-8"))
    return {str(r.id): r for r in result.items}


def test_strings_concatenation_and_month_macros(realistic: dict[str, Reference]) -> None:
    assert realistic["Morris2017"].container_title == "The Lancet Oncology"  # @string
    assert (
        realistic["Rao2024"].container_title == "Proceedings of the ASCO annual meeting 2024"
    )  # @string with # and {…} # macro; a booktitle is read in sentence case (as pandoc reads it)
    assert realistic["Morris2017"].issued.to_csl() == {"date-parts": [[2017, 4]]}  # type: ignore[union-attr]
    assert realistic["NBER27250"].issued.to_csl() == {"date-parts": [[2020, 6]]}  # type: ignore[union-attr]


def test_latex_becomes_unicode_and_csl_markup(realistic: dict[str, Reference]) -> None:
    m = realistic["Mueller2010"]
    # no langid: read as English, in sentence case (pandoc 3.9 reads it the same way); math keeps its case (β cannot change)
    assert m.title == "Über die <i>in vivo</i> wirkung von β-blockern: 50% mehr & weniger"
    assert [n.family for n in m.author or []] == ["Müller", "Çelik"] and m.author[1].given == "Ayşe"  # type: ignore[index]
    assert realistic["Skoda2015"].author[0].family == "Škoda"  # type: ignore[index]
    assert realistic["Knuth1984"].title == "The TeXbook"
    assert (
        realistic["Rao2024"].title
        == "LBA2 – POD1UM-303/InterAACT 2: Phase III study of retifanlimab with carboplatin-paclitaxel"
    )


def test_brace_protection_is_undone_or_kept_as_nocase(realistic: dict[str, Reference]) -> None:
    assert (
        realistic["Morris2017"].title is not None and "(NCI9673)" in realistic["Morris2017"].title
    )  # braces the writer re-creates: gone
    assert (
        realistic["Draft2022"].title == '<span class="nocase">The Structure of Ordinary Water</span>'
    )  # not re-created: kept
    assert "{" not in (realistic["NCCN2024"].title or "")


def test_names(realistic: dict[str, Reference]) -> None:
    editors = [n.to_csl() for n in realistic["Knuth1984"].editor or []]
    assert editors == [
        {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der", "suffix": "Jr."},
    ]
    assert realistic["NBER27250"].author[0].to_csl() == {"literal": "National Bureau of Economic Research"}  # type: ignore[index]
    morris = realistic["Morris2017"]
    assert [n.family for n in morris.author or []] == ["Morris", "Salem", "Nimeiri", "Eng"]  # no person called "others"
    assert morris.custom == {
        "bibtex": {
            "fields": {"file": ":Morris2017 - Nivolumab.pdf:PDF", "owner": "jane", "timestamp": "2023-05-01"},
            "others": ["author"],
        },
        "authors-complete": False,  # "and others": the list is truncated
    }


def test_types_genres_and_kept_fields(realistic: dict[str, Reference]) -> None:
    assert {k: (r.type, r.genre) for k, r in realistic.items() if r.type == "thesis"} == {
        "Mueller2010": ("thesis", "Dissertation"),
        "Skoda2015": ("thesis", "Master's thesis"),
    }
    chapter = realistic["Smith2001"]
    assert (chapter.type, chapter.container_title, chapter.chapter_number) == ("chapter", "The big book", "3")
    assert chapter.custom == {"bibtex": {"type": "inbook", "fields": {"crossref": "BigBook2001"}}}
    assert (
        realistic["NCCN2024"].url == "https://www.nccn.org/professionals/physician_gls/pdf/anal.pdf"
    )  # from \url{} in howpublished
    assert realistic["Zotero2023"].type == "webpage" and realistic["Zotero2023"].accessed.to_csl() == {
        "date-parts": [[2023, 6, 1]]
    }  # type: ignore[union-attr]
    assert (
        realistic["Morris2017"].abstract
        == "Background: Epidermoid carcinoma of the anal canal is a rare cancer.\n\nMethods: We did a multicentre, single-arm, phase 2 trial."
    )


def test_biblatex_specifics() -> None:
    items = {str(r.id): r for r in BIBLATEX.loads((DATA / "biblatex.bib").read_text(encoding="utf-8")).items}
    andre = items["Andre2023"]
    assert (
        andre.title
        == "Antitumor activity and safety of dostarlimab monotherapy in patients with mismatch repair deficient solid tumors: A nonrandomized controlled trial"
    )
    assert (andre.pmid, andre.issued.to_csl()) == ("37917058", {"date-parts": [[2023, 11, 1]]})  # type: ignore[union-attr]
    assert items["Economist2020"].type == "article-magazine"
    assert (items["Doe2019"].genre, items["WHO2021"].genre) == ("PhD thesis", "Technical report")
    assert items["WHO2021"].issued.to_csl() == {"date-parts": [[2021], [2022]]}  # type: ignore[union-attr]
    assert items["Blog2022"].issued.to_csl() == {"date-parts": [[2022, 5]], "circa": True}  # type: ignore[union-attr]
    conf = items["Conf2019"]
    assert (conf.event_title, conf.event_place, conf.status) == (
        "International Conference on Things",
        "Seoul",
        "in press",
    )
    assert items["Chap2000"].container_author[0].family == "Big"  # type: ignore[index]


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        (
            '@ARTICLE(k1, TITLE = "Quoted {NASA} value", YEAR = 2001)',
            {"title": "Quoted NASA value", "issued": {"date-parts": [[2001]]}},
        ),
        (
            '@article{k1, title = {a} # " b " # {c}, month = AUG, year = {1970}}',
            {"title": "A b c", "issued": {"date-parts": [[1970, 8]]}},  # sentence case, as pandoc reads it
        ),
        ("@article{k1, title = {Fig.~1 and 50% off}}", {"title": "Fig.\u00a01 and 50% off"}),
        ("@article{k1, title = {\\url{http://a.b/x_y%20z}}}", {"title": "Http://a.b/x_y%20z"}),
        ("@article{k1, title = {\\href{http://a.b}{Link text}}}", {"title": "Link text"}),
        ("@article{k1, title = {{\\noopsort{a}}Zeta}}", {"title": "Zeta"}),
        (
            "@article{k1, doi = {10.1000/a\\_b}, url = {\\url{http://x.org/a\\%20b}}}",
            {"DOI": "10.1000/a_b", "URL": "http://x.org/a%20b"},
        ),
        ("@article{k1, pages = {145–145}}", {"page": "145-145"}),
        ("@article{k1, year = {2005--2006}}", {"issued": {"date-parts": [[2005], [2006]]}}),
        ("@article{k1, year = {in press}}", {"issued": {"literal": "in press"}}),
        ("@article{k1, author = {Ben Abdelghani,}}", {"author": [{"family": "Ben Abdelghani"}]}),
        (
            "@article{k1, author = {Jean de la Fontaine and Ludwig van Beethoven}}",
            {
                "author": [
                    {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
                    {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                ]
            },
        ),
        (
            "@article{k1, author = {family=Gogh, given=Vincent, prefix=van, useprefix=true and family={Beethoven}, given=Ludwig, prefix=van}}",
            {
                "author": [
                    {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
                    {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
                ]
            },
        ),
        (
            "@article{k1, title = {\\textit{E.~coli} \\textbf{b} \\textsc{c} H\\textsubscript{2}O x\\textsuperscript{2}}}",
            {
                # pandoc 3.9 reads the same: "E. Coli" (a full stop ends a sentence), "h<sub>2</sub>o"
                "title": '<i>E.\u00a0Coli</i> <b>b</b> <span style="font-variant:small-caps;">c</span> h<sub>2</sub>o x<sup>2</sup>'
            },
        ),
    ],
)
def test_value_syntax(bib: str, expected: dict[str, Any]) -> None:
    result = BIBTEX.loads(bib)
    assert result.failed == []
    got = result.items[0].to_csl()
    assert {k: got.get(k) for k in expected} == expected


def test_custom_steps_are_a_plain_list() -> None:
    from bibtexparser.middlewares import NormalizeFieldKeys

    from citekit.formats.bibtex import default_steps

    result = BIBTEX.loads("@article{k, TiTlE = {x}}", steps=[*default_steps(), NormalizeFieldKeys()])
    assert result.items[0].title == "X"


# ---------------------------------------------------------------- BibTeX → Reference → BibTeX

#: fields written back under another name: a "pmid" field as BibLaTeX's eprinttype/eprint (manual §3.13.7)
_RENAMED = {"howpublished": "url", "subtitle": "title", "pmid": "eprint"}


def _fields(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    return {e.key: {f.key.lower(): f.value for f in e.fields} for e in library.entries}


@pytest.mark.parametrize(("name", "fmt"), [("realistic.bib", BIBTEX), ("biblatex.bib", BIBLATEX)])
def test_bibtex_to_reference_to_bibtex_keeps_every_field(name: str, fmt: BibTeXFormat) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    first = fmt.loads(text)
    written = fmt.dumps(first.items)
    assert [w for w in written.warnings if w.field != "type"] == []
    original, again = _fields(text), _fields(written.text)
    assert set(original) == set(again)
    for key, fields in original.items():
        for field_name in fields:
            assert _RENAMED.get(field_name, field_name) in again[key], (key, field_name)
    # and the second reading is the first one
    second = fmt.loads(written.text)
    assert [r.to_csl() for r in second.items] == [r.to_csl() for r in first.items]


def test_entry_types_survive_bibtex_round_trip() -> None:
    text = (DATA / "realistic.bib").read_text(encoding="utf-8")
    types = {e.key: e.entry_type for e in bibtexparser.parse_string(text).entries}
    again = {
        e.key: e.entry_type for e in bibtexparser.parse_string(BIBTEX.dumps(BIBTEX.loads(text).items).text).entries
    }
    assert again == types
