"""arXiv and ISBN (Google Books) services, on recorded answers: the pure mappings on the bodies, then
the resolver over real HTTP to the replay server (cache, offline, pace, faults, wrong records).

Oracles: the recorded bodies themselves, read here with the standard library's own parsers (an
independent reading of the same bytes): titles, author names, dates, ISBNs.
"""

from __future__ import annotations

import json
import socket
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from citekit.errors import BadResponse, InvalidIdentifier, NotFound, OfflineMiss, RateLimited, Unreachable, WrongRecord
from citekit.ids import ISBN
from citekit.ids.arxiv import ArxivId
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig
from citekit.resolve.services.arxiv import feed_to_reference
from citekit.resolve.services.isbn import volumes_to_reference

from .conftest import ARXIV, GOOGLE_BOOKS, FixtureServer

ATOM = "{http://www.w3.org/2005/Atom}"


def recorded_arxiv(id_list: str) -> bytes:
    """The recorded body for ``id_list`` as bytes (arxiv.py stores them as latin-1 text)."""
    path = ARXIV[id_list]
    if path.suffix == ".xml":
        return path.read_bytes()
    return str(json.loads(path.read_text(encoding="utf-8"))["body"]).encode("latin-1")


def oracle_entry(body: bytes) -> dict[str, Any]:
    entry = ET.fromstring(body).find(f"{ATOM}entry")
    assert entry is not None
    return {"title": " ".join((entry.findtext(f"{ATOM}title") or "").split()),
            "authors": [" ".join((a.findtext(f"{ATOM}name") or "").split()) for a in entry.iter(f"{ATOM}author")],
            "published": entry.findtext(f"{ATOM}published") or ""}


@pytest.mark.parametrize("id_list", ["1605.08386", "1707.08567", "astro-ph/0601001", "1111.2011v2"])
def test_arxiv_entries_map_to_preprint_records(id_list: str) -> None:
    body = recorded_arxiv(id_list)
    want = oracle_entry(body)
    ref = feed_to_reference(body, ArxivId.parse(id_list))
    assert ref.type == "article" and ref.publisher == "arXiv" and ref.number == id_list
    assert ref.title == want["title"]
    assert ref.url == f"https://arxiv.org/abs/{id_list}"
    names = [" ".join(x for x in (n.given, n.non_dropping_particle, n.family) if x) for n in ref.author or []]
    assert names == want["authors"]  # every name, in order, none split into two people
    y, m, d = (int(x) for x in want["published"][:10].split("-"))
    assert ref.issued is not None and ref.issued.model_dump(by_alias=True)["date-parts"] == [[y, m, d]]


def test_arxiv_non_ascii_names_survive_the_bytes() -> None:
    ref = feed_to_reference(recorded_arxiv("1707.08567"), ArxivId.parse("1707.08567"))
    assert any(n.family == "Wübben" for n in ref.author or [])
    assert any(n.family == "With" and n.non_dropping_particle == "de" for n in ref.author or [])


def test_arxiv_empty_feed_and_error_entry_are_not_found_naming_the_id() -> None:
    with pytest.raises(NotFound, match=r"no record of arXiv:2104\.12255") as info:
        feed_to_reference(recorded_arxiv("0000.0000"), ArxivId.parse("2104.12255"))
    assert info.value.item == "arxiv:2104.12255"
    # arXiv's error entry (HTTP 400 since 2025, recorded for "abc"): its complaint is passed on
    with pytest.raises(NotFound, match="incorrect id format for abc"):
        feed_to_reference(recorded_arxiv("abc"), ArxivId.parse("1605.08386"))


def test_arxiv_entry_of_another_preprint_is_refused() -> None:
    with pytest.raises(WrongRecord, match="another preprint"):
        feed_to_reference(recorded_arxiv("1605.08386"), ArxivId.parse("1707.08567"))
    with pytest.raises(WrongRecord):  # the version asked for is part of the identity
        feed_to_reference(recorded_arxiv("1111.2011v2"), ArxivId.parse("1111.2011v1"))
    with pytest.raises(BadResponse, match="not XML"):
        feed_to_reference(b"<html><body>Service Unavailable", ArxivId.parse("1605.08386"))


def test_arxiv_identifiers_parse_and_refuse() -> None:
    assert str(ArxivId.parse("arXiv:1111.2011v2")) == "1111.2011v2"
    assert ArxivId.parse("https://arxiv.org/abs/astro-ph/0601001").base == "astro-ph/0601001"
    for bad in ("abc", "1713.00001", "astro-ph/06010", "10.1038/ng.3834"):
        with pytest.raises(InvalidIdentifier, match="arXiv identifier"):
            ArxivId.parse(bad)


@pytest.mark.parametrize("query", sorted(GOOGLE_BOOKS))
def test_google_books_volumes_map_to_book_records(query: str) -> None:
    body = json.loads(GOOGLE_BOOKS[query].read_text(encoding="utf-8"))
    info = body["items"][0]["volumeInfo"]
    isbn = ISBN.parse(query.partition(":")[2])
    ref = volumes_to_reference(body, isbn)
    assert ref.type == "book" and ref.title == info["title"] and ref.isbn == isbn.isbn13
    assert [f"{n.given} {n.family}" for n in ref.author or []] == info["authors"]
    assert ref.issued is not None and ref.issued.model_dump(by_alias=True)["date-parts"][0][0] == int(info["publishedDate"][:4])
    assert ref.publisher == info.get("publisher")
    assert str(ref.number_of_pages) == str(info["pageCount"]) and ref.language is None  # Google's "un" is unknown


def test_google_books_other_book_or_nothing() -> None:
    body = json.loads(GOOGLE_BOOKS["isbn:9780099560432"].read_text(encoding="utf-8"))
    with pytest.raises(WrongRecord, match="other books"):
        volumes_to_reference(body, ISBN.parse("9780918024565"))
    with pytest.raises(NotFound, match="no book"):
        volumes_to_reference({**body, "totalItems": 0, "items": []}, ISBN.parse("9780099560432"))
    with pytest.raises(BadResponse):
        volumes_to_reference({"error": {"code": 403}}, ISBN.parse("9780099560432"))


# ---------------------------------------------------------------- over HTTP, replayed


def fast(config: ResolverConfig) -> ResolverConfig:
    return config.with_(arxiv_interval=0.3)


def test_arxiv_and_isbn_resolve_over_http_then_offline_from_the_cache(
        server: FixtureServer, config: ResolverConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = Resolver(fast(config))
    pre = resolver.resolve(ArxivId.parse("astro-ph/0601001"))
    book = resolver.resolve(ISBN.parse("0-09-956043-7"))  # an ISBN-10 asks by its ISBN-13
    assert pre.title and pre.title.startswith("Frequency of Hot Jupiters") and book.title == "Ready Player One"
    assert [r.query.get("id_list") for r in server.requests if r.path == "/arxiv/query"] == [["astro-ph/0601001"]]
    assert [r.query.get("q") for r in server.requests if r.path == "/books/volumes"] == [["isbn:9780099560432"]]
    assert all(r.headers.get("accept") == "application/atom+xml" for r in server.requests if r.path == "/arxiv/query")
    resolver.close()
    served = len(server.requests)

    def no_socket(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a socket was opened offline")

    monkeypatch.setattr(socket.socket, "connect", no_socket)
    offline = Resolver(fast(config).with_(offline=True))
    assert offline.resolve(ArxivId.parse("astro-ph/0601001")) == pre
    assert offline.resolve(ISBN.parse("9780099560432")) == book
    with pytest.raises(OfflineMiss):
        offline.resolve(ArxivId.parse("1605.08386"))
    assert len(server.requests) == served


def test_arxiv_is_paced_one_request_per_interval(server: FixtureServer, config: ResolverConfig) -> None:
    # arXiv states no limits in headers (the replay server's Crossref-like ones are turned off), and its
    # host is its own: "localhost" here, where the other services share "127.0.0.1"
    server.advertise = None
    own_host = server.base.replace("127.0.0.1", "localhost") + "/arxiv/query"
    resolver = Resolver(config.with_(arxiv_interval=0.4, arxiv_url=own_host))
    started = time.monotonic()
    for ident in ("1605.08386", "1707.08567", "1111.2011v2"):
        resolver.resolve(ArxivId.parse(ident))
    assert time.monotonic() - started >= 2 * 0.4 * 0.95  # three requests: two full intervals at least


def test_unrecorded_identifiers_are_not_found_naming_them(server: FixtureServer, config: ResolverConfig) -> None:
    resolver = Resolver(fast(config))
    with pytest.raises(NotFound) as info:
        resolver.resolve(ISBN.parse("9780306406157"))
    assert "9780306406157" in str(info.value) and "Google Books" in str(info.value)
    with pytest.raises(NotFound) as again:
        resolver.resolve(ArxivId.parse("2104.12255"))
    assert "2104.12255" in str(again.value) and "arXiv" in str(again.value)


SERVICES = {"/arxiv/query": (ArxivId.parse("1605.08386"), "arxiv:1605.08386", "Heat-bath random walks with Markov bases"),
            "/books/volumes": (ISBN.parse("9780918024565"), "isbn:9780918024565", "Willard Gibbs")}


@pytest.mark.parametrize("path", sorted(SERVICES))
@pytest.mark.parametrize(("fault", "error"), [(["503", "500"], None), (["html"], BadResponse),
                                              (["badjson"], BadResponse), (["429", "429", "429", "429"], RateLimited),
                                              (["reset", "reset", "reset", "reset"], Unreachable)])
def test_faults_are_retried_or_reported(server: FixtureServer, config: ResolverConfig, fault: list[str],
                                        error: type[Exception] | None, path: str) -> None:
    ident, item, title = SERVICES[path]
    server.faults[path] = list(fault)
    resolver = Resolver(fast(config))
    if error is None:
        assert resolver.resolve(ident).title == title
        assert len([r for r in server.requests if r.path == path]) == len(fault) + 1
    else:
        with pytest.raises(error) as info:
            resolver.resolve(ident)
        assert item in str(info.value)
        # nothing was cached: a second resolver with a clean server gets the record
        server.faults.clear()
        assert Resolver(fast(config)).resolve(ident).title == title


def test_sources_name_every_recording() -> None:
    sources = (Path(__file__).resolve().parents[1] / "data" / "SOURCES.md").read_text(encoding="utf-8")
    for path in [*ARXIV.values(), *GOOGLE_BOOKS.values()]:
        assert path.parent.name in sources
    for folder in ("arxiv", "google-books"):
        assert (ARXIV[next(iter(ARXIV))].parents[1] / folder / "README.md").is_file()


def test_resolve_many_settles_arxiv_ids_and_isbns(server: FixtureServer, config: ResolverConfig) -> None:
    results = Resolver(fast(config)).resolve_many([ArxivId.parse("1605.08386"), ISBN.parse("9780918024565"),
                                                   ISBN.parse("9780306406157")])
    assert [r.reference.title if r.reference else None for r in results] == [
        "Heat-bath random walks with Markov bases", "Willard Gibbs", None]
    assert isinstance(results[2].error, NotFound) and "9780306406157" in str(results[2].error)
