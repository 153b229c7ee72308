"""``citekit check`` finds an arXiv id or ISBN in a reference's fields and verifies it against the
recorded arXiv and Google Books answers (real HTTP to the replay server).

Oracles: the recorded bodies read with the standard library (titles, authors, the published DOI).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from citekit.check.codes import Code
from citekit.check.engine import Checker
from citekit.ids import ISBN, ArxivId, identifier_in_fields
from citekit.model import Reference
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig

from .conftest import GOOGLE_BOOKS, FixtureServer
from .test_arxiv_isbn import recorded_arxiv

ATOM = "{http://www.w3.org/2005/Atom}"


def preprint_as_cited() -> tuple[Reference, str]:
    """1111.2011v2 as an author cites it: title, first author, year and the abstract page's address."""
    body = recorded_arxiv("1111.2011v2")
    entry = ET.fromstring(body).find(f"{ATOM}entry")
    assert entry is not None
    first = (entry.find(f"{ATOM}author/{ATOM}name").text or "").split()  # type: ignore[union-attr]
    doi = entry.findtext("{http://arxiv.org/schemas/atom}doi") or ""
    return Reference.from_csl({
        "id": "murray", "type": "article", "title": " ".join((entry.findtext(f"{ATOM}title") or "").split()),
        "author": [{"family": first[-1], "given": " ".join(first[:-1])}],
        "issued": {"date-parts": [[int((entry.findtext(f"{ATOM}published") or "")[:4])]]},
        "URL": "https://arxiv.org/abs/1111.2011v2"}), doi.strip()


def book_as_cited() -> Reference:
    info = json.loads(GOOGLE_BOOKS["isbn:9780099560432"].read_text(encoding="utf-8"))["items"][0]["volumeInfo"]
    given, _, family = info["authors"][0].rpartition(" ")
    return Reference.from_csl({"id": "cline", "type": "book", "title": info["title"], "ISBN": "0-09-956043-7",
                               "author": [{"family": family, "given": given}],
                               "issued": {"date-parts": [[int(info["publishedDate"][:4])]]}})


def test_check_identifies_by_arxiv_url_and_isbn_field(server: FixtureServer, config: ResolverConfig) -> None:
    preprint, published_doi = preprint_as_cited()
    checker = Checker(resolver=Resolver(config.with_(arxiv_interval=0.3)))
    report = checker.run([preprint, book_as_cited()])
    first, second = report.references
    assert first.identified_by == "arXiv 1111.2011v2 (cited)" and first.record_id == "arxiv:1111.2011v2"
    assert second.identified_by == "ISBN 9780099560432 (cited)" and second.record_id == "isbn:9780099560432"
    # the preprint's published version (arxiv:doi) is named, never taken as the preprint's own DOI
    superseded = [f for f in first.findings if f.code == Code.SUPERSEDED]
    assert [f.record for f in superseded] == [published_doi]
    assert first.record is not None and first.record.doi is None
    assert [r.path for r in server.requests] == ["/arxiv/query", "/books/volumes"]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"URL": "https://arxiv.org/abs/hep-th/9901001v2"}, ArxivId("hep-th/9901001", 2)),
    ({"note": "Preprint at arXiv: 2101.00001"}, ArxivId("2101.00001")),
    ({"publisher": "arXiv", "number": "1605.08386"}, ArxivId("1605.08386")),
    ({"ISBN": "978-0-306-40615-8 ; 0-306-40615-2"}, ISBN("9780306406157")),  # the first valid one of a list
    ({"ISBN": "978 0 306 40615 7"}, ISBN("9780306406157")),
    ({"type": "book", "ISBN": "0-306-40615-2"}, ISBN("9780306406157")),
    ({"type": "chapter", "ISBN": "0-306-40615-2"}, None),  # the ISBN of the book the chapter is in
    ({"type": "paper-conference", "ISBN": "0-306-40615-2", "URL": "https://arxiv.org/abs/1605.08386"},
     ArxivId("1605.08386")),
    ({"number": "1605.08386"}, None),  # a bare number is an arXiv id only on an arXiv record
    ({"ISBN": "978-0-306-40615-8"}, None),  # a wrong check digit identifies nothing
    ({"URL": "https://arxiv.org/abs/1713.00001"}, None),  # no month 13
])
def test_identifier_in_fields(fields: dict[str, Any], expected: Any) -> None:
    assert identifier_in_fields(fields) == expected
