"""``parse_identifier`` (what ``citekit resolve`` and ``Resolver.resolve`` read): arXiv ids and ISBNs
beside DOIs, PMIDs and PMCIDs, and a clear refusal naming the input.

Oracles: the identifier forms of arXiv's "Understanding the arXiv identifier" page (0706.0001,
1501.00001v2, math.GT/0309136, hep-th/9901001) and the ISBN worked examples of the ISBN Users' Manual
(978-0-306-40615-7 = 0-306-40615-2; 0-8044-2957-X), plus the ISBNs printed in the recorded Google
Books answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citekit.errors import InvalidIdentifier
from citekit.ids import DOI, ISBN, PMCID, PMID, ArxivId, find_identifiers, parse_identifier

BOOKS = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "real" / "google-books"


@pytest.mark.parametrize(("text", "expected"), [
    ("2101.00001v2", ArxivId("2101.00001", 2)),
    ("0706.0001", ArxivId("0706.0001")),
    ("1501.00001v2", ArxivId("1501.00001", 2)),
    ("arXiv:1501.00001", ArxivId("1501.00001")),
    ("ARXIV:1501.00001", ArxivId("1501.00001")),
    ("hep-th/9901001", ArxivId("hep-th/9901001")),
    ("math.GT/0309136", ArxivId("math.GT/0309136")),
    ("arXiv:hep-th/9901001v3", ArxivId("hep-th/9901001", 3)),
    ("https://arxiv.org/abs/1605.08386v1", ArxivId("1605.08386", 1)),
    ("http://export.arxiv.org/abs/astro-ph/0601001", ArxivId("astro-ph/0601001")),
    ("arxiv.org/abs/1605.08386", ArxivId("1605.08386")),
    ("https://arxiv.org/pdf/1605.08386v1.pdf", ArxivId("1605.08386", 1)),
    ("978-0-306-40615-7", ISBN("9780306406157")),
    ("978 0 306 40615 7", ISBN("9780306406157")),
    ("9780306406157", ISBN("9780306406157")),
    ("0-306-40615-2", ISBN("9780306406157")),  # ISBN-10 → ISBN-13
    ("0306406152", ISBN("9780306406157")),
    ("ISBN 0-8044-2957-X", ISBN("9780804429573")),
    ("080442957x", ISBN("9780804429573")),
    ("ISBN-13: 978-0-306-40615-7", ISBN("9780306406157")),
    ("28806736", PMID(28806736)),
    ("PMC2883744", PMCID.parse("PMC2883744")),
    ("10.1038/ng.3834", DOI("10.1038/ng.3834")),
    ("10.48550/arXiv.2101.00001", DOI("10.48550/arXiv.2101.00001")),  # arXiv's DataCite DOI is a DOI
])
def test_spellings(text: str, expected: object) -> None:
    assert parse_identifier(text) == expected


@pytest.mark.parametrize("path", sorted(BOOKS.glob("*.json")))
def test_the_isbns_google_books_prints_parse_to_its_own_isbn13(path: Path) -> None:
    info = json.loads(path.read_text(encoding="utf-8"))["items"][0]["volumeInfo"]
    ids = {i["type"]: i["identifier"] for i in info["industryIdentifiers"]}
    assert parse_identifier(ids["ISBN_10"]) == parse_identifier(ids["ISBN_13"]) == ISBN(ids["ISBN_13"])


@pytest.mark.parametrize(("text", "says"), [
    ("978-0-306-40615-8", r"not a valid ISBN: '978-0-306-40615-8' \(ISBN-13 check digit should be 7, not 8\)"),
    ("0-306-40615-3", r"not a valid ISBN: '0-306-40615-3' \(ISBN-10 check digit should be 2, not 3\)"),
    ("ISBN 12345", r"not a valid ISBN: 'ISBN 12345'"),
    ("1234567890123", r"not a valid ISBN: '1234567890123' \(an ISBN-10, or an ISBN-13 starting 978 or 979\)"),
    ("arXiv:1713.00001", r"not an arXiv identifier: 'arXiv:1713.00001' \(month 13"),
    ("arXiv:abc", r"not an arXiv identifier: 'arXiv:abc'"),
    ("https://arxiv.org/abs/", r"not an arXiv identifier"),
    ("hello world", r"not a DOI, PMID, PMCID, arXiv id or ISBN: 'hello world'"),
])
def test_refusals_name_the_input_and_the_kind(text: str, says: str) -> None:
    with pytest.raises(InvalidIdentifier, match=says) as info:
        parse_identifier(text)
    assert info.value.item == text


def test_labelled_arxiv_ids_are_found_in_prose_bare_ones_are_not() -> None:
    text = "As shown in arXiv:1605.08386v2 (see https://arxiv.org/abs/hep-th/9901001), p. 1605.08386."
    found = find_identifiers(text)
    assert [(f.kind, str(f.identifier)) for f in found] == [("ArxivId", "1605.08386v2"), ("ArxivId", "hep-th/9901001")]
    for f in found:
        assert text[f.start:f.end] == f.text


def _isbn10_check(first9: str) -> str:
    # ISO 2108 (ISBN-10): the weighted sum 10·d1 + 9·d2 + ... + 1·check is a multiple of 11; 10 is written X
    for check in range(11):
        if (sum((10 - i) * int(d) for i, d in enumerate(first9)) + check) % 11 == 0:
            return "X" if check == 10 else str(check)
    raise AssertionError


def _isbn13_check(first12: str) -> str:
    # EAN-13: digits weighted 1, 3, 1, 3 ...; the total with the check digit is a multiple of 10
    return next(str(c) for c in range(10) if (sum(int(d) * (1 + 2 * (i % 2)) for i, d in enumerate(first12)) + c) % 10 == 0)


@given(st.text("0123456789", min_size=9, max_size=9), st.sampled_from(["", "-", " "]))
def test_any_isbn10_reads_as_its_isbn13_and_a_wrong_digit_is_refused(body: str, sep: str) -> None:
    check = _isbn10_check(body)
    written = sep.join([body[0], body[1:4], body[4:9], check])
    isbn13 = "978" + body + _isbn13_check("978" + body)
    assert parse_identifier(written) == ISBN(isbn13)
    wrong = str((int(check) + 1) % 10) if check != "X" else "0"
    with pytest.raises(InvalidIdentifier, match="check digit"):
        parse_identifier(written[:-1] + wrong)
