"""Fuzz every reader and the style loader (issue 13): whatever the input, the answer is a
ParseResult (bad entries in ``failed``) or a typed :class:`~citekit.errors.CitekitError`, never
another exception. A fixed budget and ``derandomize=True`` keep CI stable and the run short.

Inputs are built from each format's own pieces (entry openers, tags, keys, braces, quotes,
numbers, escapes) shuffled with random text and bytes, so the fuzzer reaches the parsers' inner
states rather than stopping at "not this format".
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.csl.repository import find_style
from citekit.errors import CitekitError
from citekit.formats import decode, loads
from citekit.formats.base import ParseResult

BUDGET = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

PIECES = {
    "csl-json": ['[', ']', '{', '}', ',', ':', '"id"', '"type"', '"book"', '"article-journal"', '"title"', '"author"',
                 '"family"', '"given"', '"issued"', '"date-parts"', '[[2020, 1]]', '"DOI"', '"10.1/x"', '1e999',
                 '9' * 30, '-0', 'null', 'true', '"\\u0000"', '"\\ud800"', '"custom"', '"volume"', '[' * 50, '"', '\\'],
    "bibtex": ['@article{', '@book(', '@string{', '@preamble{', '@comment{', 'key,', ' title = ', ' author = ', '{', '}',
               '"', '#', ',', ' and ', 'year = 2020', 'month = jan', 'date = {2020-01/2021}', 'doi = ', 'url = ',
               '\\url{', '\\"o', "\\'{e}", '\\input{x}', '\\textit{', '$x^2$', '%', '~', '--', '{' * 40, '\\', '\n'],
    "ris": ['TY  - JOUR\n', 'TY  - BOOK\n', 'ER  - \n', 'AU  - ', 'TI  - ', 'PY  - ', 'DA  - 2020/01/02/\n', 'SP  - ',
            'EP  - ', 'DO  - ', 'UR  - ', 'KW  - ', 'ID  - ', 'A1  - Doe, J.\n', 'Y1  - 2020///\n', '\n', '  - ', 'XX  - ',
            '\r\n', 'JO  - ', 'VL  - 1\n', 'ER  -', '\t'],
    "text": ['Smith J, Doe A. ', 'Title of a paper. ', 'J Clin Oncol. ', '2020;', '12(3):', '45-67. ', 'doi:10.1/x. ',
             'PMID: 123. ', 'et al. ', '1. ', '[2] ', '\n', '(2019). ', 'In: ', 'eds. ', 'https://x.org/a ', '“', '”'],
}
PIECES["biblatex"] = PIECES["bibtex"]


def shaped(fmt: str) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(PIECES[fmt]), st.text(max_size=12))
    return st.lists(piece, max_size=40).map("".join)


def assert_typed(fmt: str, text: str) -> None:
    try:
        result = loads(text, fmt)
    except CitekitError:
        return
    assert isinstance(result, ParseResult)
    for failed in result.failed:
        assert failed.error


def fuzz(fmt: str) -> None:
    @BUDGET
    @given(text=st.one_of(shaped(fmt), st.text(max_size=200)))
    def run(text: str) -> None:
        assert_typed(fmt, text)

    run()


def test_fuzz_csljson() -> None:
    fuzz("csl-json")


def test_fuzz_bibtex() -> None:
    fuzz("bibtex")


def test_fuzz_biblatex() -> None:
    fuzz("biblatex")


def test_fuzz_ris() -> None:
    fuzz("ris")


def test_fuzz_text() -> None:
    fuzz("text")


@BUDGET
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["csl-json", "bibtex", "biblatex", "ris", "text"]))
def test_fuzz_bytes_through_decoding(data: bytes, fmt: str) -> None:
    text, _ = decode(data)
    assert_typed(fmt, text)


@BUDGET
@given(
    items=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "type", "title", "author", "issued", "volume", "page", "DOI", "note", "custom"]),
            st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                         max_leaves=8),
            max_size=6,
        ),
        max_size=5,
    )
)
def test_fuzz_csljson_structures(items: list[dict[str, object]]) -> None:
    assert_typed("csl-json", json.dumps(items))


# ----------------------------------------------------------------- the style loader

AMA = find_style("american-medical-association").read_text(encoding="utf-8")
ATTRS = ["form", "variable", "date-parts", "name", "delimiter", "et-al-min", "text-case", "macro", "term", "match"]
VALUES = ["", "x", "txet", "numeric", "text", "short", "long", "ordinal", "year", "month", "day", "-1", "99999",
          "&amp;", "issued", "author", "nonexistent"]


@st.composite
def mutated_style(draw: st.DrawFn) -> str:
    """AMA with attribute values swapped, elements cut at random points, or text inserted."""
    xml = AMA
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["attr", "cut", "insert"]))
        if kind == "attr":
            attr = draw(st.sampled_from(ATTRS))
            start = xml.find(f' {attr}="', draw(st.integers(0, len(xml))))
            if start < 0:
                continue
            end = xml.index('"', start + len(attr) + 3)
            xml = xml[: start + len(attr) + 3] + draw(st.sampled_from(VALUES)) + xml[end:]
        elif kind == "cut":
            a = draw(st.integers(0, len(xml)))
            xml = xml[:a] + xml[a + draw(st.integers(1, 200)) :]
        else:
            a = draw(st.integers(0, len(xml)))
            xml = xml[:a] + draw(st.sampled_from(["<date/>", "<text/>", "<group>", "</layout>", "<names/>", "<choose><if/>"])) + xml[a:]
    return xml


@BUDGET
@given(xml=mutated_style())
def test_fuzz_style_loader(xml: str) -> None:
    from citekit.csl.processor import Processor
    from citekit.csl.style import Style
    from citekit.model import Reference

    try:
        style = Style.from_string(xml)
    except CitekitError:
        return
    ref = Reference.from_csl({"id": "r", "type": "article-journal", "title": "T", "author": [{"family": "Doe", "given": "J"}],
                              "issued": {"date-parts": [[2001, 2], [2003, 5]]}, "container-title": "J", "page": "1-9"})
    try:
        Processor(style, locale="en-US").bibliography([ref])
    except CitekitError:
        pass
