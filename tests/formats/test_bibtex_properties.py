"""Properties (hypothesis): any text survives escaping, for bibtexparser and pybtex; random
references round-trip or report what they lose; reading any input never raises, and whatever was
read writes back as a file that reads again without failures; keys are always unique."""

from __future__ import annotations

import os
import re
from typing import Any

import bibtexparser
import pybtex.database as pybtex_database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.formats.bibtex import BibLaTeXFormat, BibTeXFormat
from citekit.formats.bibtex.keys import assign_keys
from citekit.formats.bibtex.latex import decode
from citekit.formats.bibtex.nocase import drop_redundant_nocase
from citekit.formats.bibtex.sentencecase import sentence_case
from citekit.model import Reference
from tests.formats.test_bibtex_roundtrip import lost_silently

BIBTEX = BibTeXFormat()
BIBLATEX = BibLaTeXFormat()
#: CITEKIT_HYPOTHESIS_EXAMPLES=5000 for a deeper run than the default's quick one
EXAMPLES = int(os.environ.get("CITEKIT_HYPOTHESIS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters that mean something to BibTeX, LaTeX or our reader, plus ordinary and odd text.
_NASTY = list("\\{}$%&_#^~@,=\"'`-!?<>|/[]()") + [
    "--",
    "---",
    "``",
    "''",
    "?`",
    "!`",
    "\\input{x}",
    "\\write18",
    "@article{",
    "\u00a0",
    "<i>",
    "</i>",
    "<b>",
    "</b>",
    "<sup>",
    "</sup>",
    " and ",
    "{\\'e}",
]
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))
text_pieces = st.one_of(
    st.sampled_from(_NASTY),
    st.text(_CHARS, min_size=1, max_size=8),
    st.sampled_from(["PD-1", "NCI9673", "iPhone", "TORCH", "Phase II", "André", "Müller", "β", "中文"]),
)
titles = st.lists(text_pieces, min_size=1, max_size=12).map(" ".join)


def _norm(text: str) -> str:
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def _written_title(text: str) -> str:
    entry = bibtexparser.parse_string(text, parse_stack=[]).entries[0]
    raw = entry.fields_dict["title"].value
    assert raw.startswith("{") and raw.endswith("}")
    return str(raw[1:-1])


@SETTINGS
@given(title=titles, ascii=st.booleans())
def test_any_title_survives_write_then_read(title: str, ascii: bool) -> None:
    ref = Reference.from_csl({"id": "a", "type": "article-journal", "title": title, "note": title, "publisher": title})
    for fmt in (BIBTEX, BIBLATEX):
        text = fmt.dumps([ref], ascii=ascii).text
        result = fmt.loads(text)
        assert result.failed == [] and len(result.items) == 1
        back = result.items[0]
        assert _norm(back.title or "") == _norm(title)
        assert _norm(back.publisher or "") == _norm(title)
        assert back.note is not None and _norm(back.note) == _norm(title)


@SETTINGS
@given(title=titles.filter(str.strip))
def test_pybtex_sees_the_same_fields(title: str) -> None:
    """pybtex (BibTeX's own brace counting) finds one entry whose title is exactly what we wrote.

    (A title of blanks only is outside this property: pybtex, like BibTeX, trims a field's
    surrounding white space and drops a field left empty; our own reader keeps it, see
    test_any_title_survives_write_then_read.)"""
    ref = Reference.from_csl(
        {
            "id": "a",
            "type": "book",
            "title": title,
            "publisher": "P",
            "author": [{"family": title[:20] or "X", "given": "A"}],
        }
    )
    text = BIBTEX.dumps([ref]).text
    db = pybtex_database.parse_string(text, "bibtex")
    [entry] = db.entries.values()
    # pybtex, like BibTeX, trims the white space around a field (U+2000 included)
    assert entry.fields["title"] == _written_title(text).strip()
    assert entry.fields["publisher"] == "P"
    # read as citekit reads an English title: sentence case, braced words kept (the value as written:
    # pybtex trims white space such as U+1680 at its end, which moves sentence case's last word)
    written = _written_title(text)
    assert _norm(drop_redundant_nocase(sentence_case(decode(written, protect=True, keep_groups=True)[0]))) \
        == _norm(title)
    assert len(entry.persons["author"]) == 1


names = st.fixed_dictionaries(
    {"family": st.text(_CHARS, min_size=1, max_size=15).filter(lambda s: s.strip() and s.strip().lower() != "others")},
    optional={
        "given": st.text(_CHARS, min_size=1, max_size=15).filter(str.strip),
        "suffix": st.sampled_from(["Jr", "Jr.", "III"]),
        "non-dropping-particle": st.sampled_from(["van", "de la", "von der"]),
    },
) | st.fixed_dictionaries({"literal": st.text(_CHARS, min_size=1, max_size=30).filter(str.strip)})
dates = st.one_of(
    st.builds(
        lambda y, m, d: (
            {"date-parts": [[y, m, d][: 1 + (m is not None) + (m is not None and d is not None)]]}
            if m
            else {"date-parts": [[y]]}
        ),
        st.integers(1000, 2100),
        st.none() | st.integers(1, 12),
        st.none() | st.integers(1, 28),
    ),
    st.builds(lambda a, b: {"date-parts": [[a], [b]]}, st.integers(1900, 2000), st.integers(2001, 2100)),
    st.builds(
        lambda t: {"literal": t},
        st.text(_CHARS, min_size=1, max_size=10).filter(lambda s: s.strip() and not s.strip().isdigit()),
    ),
)
items = st.fixed_dictionaries(
    {
        "id": st.just("x"),
        "type": st.sampled_from(
            [
                "article-journal",
                "book",
                "chapter",
                "paper-conference",
                "report",
                "thesis",
                "webpage",
                "dataset",
                "article-magazine",
                "manuscript",
            ]
        ),
    },
    optional={
        "title": titles,
        "container-title": titles,
        "author": st.lists(names, min_size=1, max_size=4),
        "editor": st.lists(names, min_size=1, max_size=2),
        "issued": dates,
        "accessed": dates,
        "volume": st.integers(1, 999) | st.text("0123456789ABS-", min_size=1, max_size=5),
        "issue": st.integers(1, 99),
        "page": st.sampled_from(["446-453", "e2341165", "S1217", "12", "1-2, 5-7"]),
        "DOI": st.from_regex(r"10\.\d{4,5}/[A-Za-z0-9._;()/:%#~&=-]{1,20}", fullmatch=True),
        "URL": st.from_regex(r"https://[a-z]{1,8}\.org/[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]{0,20}", fullmatch=True),
        "publisher": titles,
        "publisher-place": titles,
        "abstract": titles,
        "note": titles,
        "edition": st.integers(1, 9),
        "genre": st.sampled_from(["PhD thesis", "Master's thesis", "Technical report"]),
        "archive": titles,
        "language": st.sampled_from(["en", "de-DE"]),
    },
)


@SETTINGS
@given(item=items, fmt=st.sampled_from(["bibtex", "biblatex"]))
def test_random_references_round_trip_or_report_what_they_lose(item: dict[str, Any], fmt: str) -> None:
    assert lost_silently(Reference.from_csl(item), fmt) == []


bibtexish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "@article{",
                "@book(",
                "@string{",
                "@comment{",
                "@preamble{",
                "}",
                "{",
                ")",
                "(",
                ",",
                "=",
                '"',
                "#",
                "\n",
                " and ",
                "title",
                "author",
                "year",
                "month",
                "jan",
                "\\",
                "%",
                "@",
                "\\'e",
                '{\\"u}',
                "$x$",
                "--",
            ]
        ),
        st.text(_CHARS, max_size=6),
        st.text(max_size=4),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=bibtexish)
def test_reading_any_input_never_raises_and_what_is_read_writes_cleanly(text: str) -> None:
    for fmt in (BIBTEX, BIBLATEX):
        result = fmt.loads(text)
        for failure in result.failed:
            assert failure.line is not None and failure.line >= 1
        written = fmt.dumps(result.items)
        again = fmt.loads(written.text)
        assert again.failed == [] and len(again.items) == len(result.items)


@SETTINGS
@given(
    refs=st.lists(
        st.fixed_dictionaries(
            {"id": st.text(max_size=3), "type": st.just("book")},
            optional={
                "author": st.lists(names, min_size=1, max_size=1),
                "title": titles,
                "issued": dates,
                "citation-key": st.text(max_size=6),
            },
        ),
        max_size=25,
    )
)
def test_keys_are_unique_and_stable(refs: list[dict[str, Any]]) -> None:
    references = [Reference.from_csl(r) for r in refs]
    keys, _ = assign_keys(references)
    assert len(set(keys)) == len(keys)
    assert all(k and not re.search(r"[\s,{}()\"#%'=\\~]", k) for k in keys)
    assert assign_keys([Reference.from_csl(r) for r in refs])[0] == keys
