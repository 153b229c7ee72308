"""ISBN: books through the Google Books API (``/books/v1/volumes?q=isbn:{isbn13}``, no key needed).

Google Books answers a ``volumes`` query with ``{"kind": "books#volumes", "totalItems": n, "items":
[volume, ...]}`` (API reference, "Volume" resource); ``totalItems`` 0 has no ``items``. A volume
whose ``volumeInfo.industryIdentifiers`` do not include the ISBN asked for is another book and is
refused (a query matches loosely). The mapping follows citation.js's Google Books translator:
``title`` (and ``subtitle``), ``authors`` (one string a person, "Given Family"), ``publisher``,
``publishedDate`` (``2012`` or ``2016-09-19``), ``pageCount`` → ``number-of-pages``, ``language``
except Google's ``un`` (unknown), ``canonicalVolumeLink`` → ``URL``.

Etiquette: Google Books allows anonymous use within a daily quota; citekit asks one request a second,
one at a time, and caches every validated answer.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from citekit.errors import BadResponse, InvalidIdentifier, NotFound, WrongRecord
from citekit.ids import ISBN
from citekit.model import Reference
from citekit.model.extensions import Extensions, Origin
from citekit.resolve.services.arxiv import _name
from citekit.resolve.services.base import Service, received

#: Google Books' anonymous pace: requests, per seconds, concurrent
LIMIT = (1, 1.0, 1)


def _isbns(info: dict[str, Any]) -> set[str]:
    out = set()
    for ident in info.get("industryIdentifiers") or []:
        if isinstance(ident, dict) and ident.get("type") in ("ISBN_10", "ISBN_13"):
            try:
                out.add(ISBN.parse(str(ident.get("identifier", ""))).isbn13)
            except InvalidIdentifier:
                continue
    return out


def _issued(value: Any) -> dict[str, Any] | None:
    parts = []
    for piece in str(value or "").split("-")[:3]:
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return {"date-parts": [parts]} if parts else None


def volume_to_reference(volume: dict[str, Any], isbn: ISBN) -> Reference:
    """One Google Books volume → a ``book`` record (pure)."""
    info = volume.get("volumeInfo")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str):
        raise BadResponse("Google Books answered with a volume without volumeInfo.title", item=f"isbn:{isbn}")
    title = info["title"].strip()
    if isinstance(info.get("subtitle"), str) and info["subtitle"].strip():
        title = f"{title}: {info['subtitle'].strip()}"
    authors = [_name(a.strip()) for a in info.get("authors") or [] if isinstance(a, str) and a.strip()]
    pages = info.get("pageCount")
    language = info.get("language")
    data: dict[str, Any] = {
        "id": f"isbn:{isbn}",
        "type": "book",
        "title": title,
        "author": authors or None,
        "publisher": info["publisher"].strip() if isinstance(info.get("publisher"), str) else None,
        "issued": _issued(info.get("publishedDate")),
        "ISBN": isbn.isbn13,
        "number-of-pages": str(pages) if isinstance(pages, int) and pages > 0 else None,
        "language": language if isinstance(language, str) and language not in ("", "un") else None,
        "URL": info.get("canonicalVolumeLink") if isinstance(info.get("canonicalVolumeLink"), str) else None,
        "custom": Extensions(origin=Origin(service="google-books")).to_custom(),
    }
    return Reference.model_validate({k: v for k, v in data.items() if v is not None})


def volumes_to_reference(body: Any, isbn: ISBN, label: str = "Google Books") -> Reference:
    """The record of ``isbn`` in a ``volumes`` answer: ``NotFound`` (no volume), ``WrongRecord``
    (volumes of other ISBNs only), ``BadResponse`` (not a volumes answer)."""
    item = f"isbn:{isbn}"
    if not isinstance(body, dict) or body.get("kind") != "books#volumes":
        raise BadResponse(f"{label} answered with something that is not a volumes list", item=item, source=label)
    items = body.get("items") or []
    if not isinstance(items, list):
        raise BadResponse(f"{label} answered with items that are not a list", item=item, source=label)
    if not items:
        raise NotFound(f"{label} has no book with ISBN {isbn}", item=item, field="ISBN", source=label)
    for volume in items:
        if isinstance(volume, dict) and isbn.isbn13 in _isbns(volume.get("volumeInfo") or {}):
            return volume_to_reference(volume, isbn)
    raise WrongRecord(f"{label} answered with other books than ISBN {isbn}: rejected, not cached", item=item,
                      field="ISBN", source=label)


class GoogleBooks(Service):
    """Google Books' volumes search by ISBN."""

    name: ClassVar[str] = "isbn"
    label: ClassVar[str] = "Google Books"
    handles: ClassVar[tuple[type, ...]] = (ISBN,)

    def __init__(self, resolver: Any) -> None:
        super().__init__(resolver)
        self.client.limiter.defaults.setdefault(urlsplit(self.config.isbn_url).netloc.lower(), LIMIT)

    def fetch(self, ident: Any) -> Reference:
        """The record of one ISBN."""
        isbn: ISBN = ident
        resp = self.client.get(self.config.isbn_url, {"q": f"isbn:{isbn.isbn13}"}, kind="single", item=f"isbn:{isbn}",
                               validate=lambda r: volumes_to_reference(r.json(), isbn, self.label))
        ref: Reference = resp.value
        return received(ref, resp.received)


__all__ = ["LIMIT", "GoogleBooks", "volume_to_reference", "volumes_to_reference"]
