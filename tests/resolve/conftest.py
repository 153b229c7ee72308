"""A real HTTP server on 127.0.0.1 serving the recorded responses in tests/data/fixtures/real, with faults.

One server plays every service under its own path prefix:

=====================  =============================================================
``/works/{doi}``       Crossref single works: the recorded body of that DOI (crossref-works/)
``/works?filter=doi:`` Crossref list: the recorded messages of those DOIs in a work-list envelope
                       (the envelope is constructed; every item is a recorded message, verbatim)
``/works?query...``    Crossref search: the body named by ``server.search_body`` (crossref-search/)
``/doi/{doi}``         doi.org: a 302 to ``/v1/works/{doi}/transform`` as doi.org does (doi-csl/)
``/v1/works/.../transform``  the recorded CSL-JSON of that DOI (doi-csl/)
``/eutils/esummary.fcgi``    the recorded ESummary JSON (ncbi-esummary/), or a constructed one
``/idconv/``                 the recorded ID-converter JSON (ncbi-idconv/)
``/arxiv/query?id_list=``    the recorded arXiv Atom answer of that id (arxiv/), status as recorded
``/books/volumes?q=isbn:``   the recorded Google Books volumes answer of that ISBN (google-books/)
=====================  =============================================================

``server.faults[path]`` is a list of faults consumed one per request to that path (``path`` without
the query string): ``429``, ``429:2`` (Retry-After: 2), ``500``, ``502``, ``503``, ``503:1``,
``reset``, ``stall`` (no answer until the client's read timeout), ``badjson``, ``html``, ``big``,
``foreign`` (redirect to another host), ``drip`` (a body one byte at a time, slowly).

Faults that make an answer *wrong* rather than failed (issue 13), shaped for the path they hit
(Crossref single or list, doi.org's CSL-JSON, ESummary): ``shape:missing`` / ``shape:null`` /
``shape:list`` (the payload missing, null or a list), ``shape:type`` (a field of the wrong type),
``jsonstring`` (a JSON string), ``nulls`` (every field null), ``doinumber`` (the DOI a number),
``other`` (a valid record of another identifier), ``redirect-other`` (a same-host redirect to
another DOI's record), ``dripslow`` (an endless body, one byte every 0.2 s).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

from tests.conftest import DATA

REAL = DATA / "fixtures" / "real"


def bodies(folder: str) -> list[Path]:
    """The recorded bodies of one folder (not their sidecars)."""
    return sorted(p for p in (REAL / folder).iterdir() if not p.name.endswith(".meta.json") and p.is_file())


def meta(path: Path) -> dict[str, Any]:
    """The sidecar of a recorded body."""
    return json.loads(Path(str(path) + ".meta.json").read_text(encoding="utf-8"))


def _index_works() -> dict[str, Path]:
    out = {}
    for p in bodies("crossref-works"):
        body = json.loads(p.read_text(encoding="utf-8"))
        if body.get("message-type") == "work":
            out[body["message"]["DOI"].lower()] = p
    return out


def _index_csl() -> dict[str, Path]:
    out = {}
    for p in bodies("doi-csl"):
        if p.suffix == ".json":
            body = json.loads(p.read_text(encoding="utf-8"))
            if isinstance(body, dict) and body.get("DOI"):  # the list-shaped ones are manubot's saved items
                out[body["DOI"].lower()] = p
    return out


def _index_arxiv() -> dict[str, Path]:
    """arXiv recordings by their ``id_list``: arxiv.py's JSON (url, status_code, body) and one bare Atom file."""
    out = {}
    for p in bodies("arxiv"):
        if p.suffix not in (".json", ".xml"):
            continue  # README.md, LICENSE
        if p.suffix == ".json":
            out[parse_qs(urlsplit(json.loads(p.read_text(encoding="utf-8"))["url"]).query)["id_list"][0]] = p
        else:
            out[p.stem.partition("=")[2]] = p
    return out


WORKS = _index_works()
ARXIV = _index_arxiv()
#: Google Books answers by their query (``isbn:9780099560432``)
GOOGLE_BOOKS = {p.stem.partition("q=")[2].replace("_", ":"): p for p in bodies("google-books") if p.suffix == ".json"}
CSL = _index_csl()
#: the record served when a fault answers with another paper's record
OTHER_DOI = "10.1038/srep16696"
OTHER_CSL = min(CSL)


@dataclass
class Served:
    """One request the server saw."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class FixtureServer:
    """State shared with the handler: faults to inject, what was requested, what to advertise."""

    base: str = ""
    faults: dict[str, list[str]] = field(default_factory=dict)
    requests: list[Served] = field(default_factory=list)
    connections: int = 0
    #: rate-limit headers added to every answer (None: replay the recorded ones only)
    advertise: dict[str, str] | None = field(default_factory=lambda: {
        "x-rate-limit-limit": "1000", "x-rate-limit-interval": "1s", "x-concurrency-limit": "8"})
    search_body: str = "query=renear+-ontologies.json"
    #: when set, /works?query... answers a work list of these recorded messages instead of search_body
    search_items: list[dict[str, Any]] | None = None
    #: extra works served at /works/{doi} (DOI -> message), e.g. renamed copies of recorded ones
    extra_works: dict[str, dict[str, Any]] = field(default_factory=dict)
    esummary_body: bytes | None = None
    ecitmatch_body: bytes | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault(self, path: str) -> str | None:
        with self.lock:
            queue = self.faults.get(path)
            return queue.pop(0) if queue else None

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # ------------------------------------------------------------- helpers
    def _send(self, status: int, body: bytes, ctype: str = "application/json", headers: dict[str, str] | None = None,
              recorded: dict[str, str] | None = None) -> None:
        state: FixtureServer = self.server.state
        self.send_response(status)
        sent = {"content-type": ctype}
        for k, v in (recorded or {}).items():
            if k.startswith(("x-rate", "x-concurrency", "x-api-pool")):
                sent[k] = v
        if state.advertise is not None:
            sent.update(state.advertise)
        sent.update(headers or {})
        for k, v in sent.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _serve_file(self, path: Path) -> None:
        m = meta(path)
        hdrs = m.get("response_headers", {})
        self._send(m.get("status", 200), path.read_bytes(), hdrs.get("content-type", "application/json"), recorded=hdrs)

    def _arxiv(self, id_list: str) -> None:
        """The recorded arXiv answer for ``id_list`` (body and status verbatim; arXiv's Atom content
        type, which the recordings did not keep); 404 for an id nobody recorded."""
        found = ARXIV.get(id_list)
        if found is None:
            self._not_found()
        elif found.suffix == ".xml":
            self._send(200, found.read_bytes(), "application/atom+xml; charset=utf-8")
        else:
            rec = json.loads(found.read_text(encoding="utf-8"))  # arxiv.py stores the bytes as latin-1 text
            self._send(rec["status_code"], rec["body"].encode("latin-1"), "application/atom+xml; charset=utf-8")

    def _not_found(self) -> None:
        # Crossref's real 404 body: 19 bytes of text even under an application/json content type
        self._send(404, (REAL / "crossref-errors" / "works_10.1371_notarealdoi.404.txt").read_bytes(), "application/json")

    # ------------------------------------------------------------- faults
    def _fault(self, fault: str) -> bool:
        code, _, arg = fault.partition(":")
        if code in {"429", "500", "502", "503"}:
            headers = {"retry-after": arg} if arg else {}
            body = b'{"status":"error","message":"fault"}' if code != "429" else b"Too Many Requests"
            self._send(int(code), body, "application/json", headers)
        elif code == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            self.close_connection = True
        elif code == "stall":
            time.sleep(float(arg or 1.5))
            self.close_connection = True
        elif code == "badjson":
            self._send(200, b'{"status":"ok","message":{"DOI":"10.1/x",', "application/json")
        elif code == "html":
            self._send(200, b"<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>", "text/html; charset=utf-8")
        elif code == "big":
            self._send(200, b'{"pad":"' + b"x" * 3_000_000 + b'"}', "application/json")
        elif code == "bigchunked":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("connection", "close")
            self.end_headers()
            self.wfile.write(b'{"pad":"' + b"x" * 3_000_000 + b'"}')
            self.close_connection = True
        elif code == "foreign":
            self._send(302, b"<html>Handle Redirect</html>", "text/html", {"location": "http://evil.example.com/steal" + self.path})
        elif code == "drip":
            body = b'{"status":"ok","message":{}}' * 20
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for b in body:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
        elif code == "400":  # Crossref's recorded validation-failure body
            m = meta(REAL / "crossref-errors" / "works_sample=200.400.json")
            self._send(400, (REAL / "crossref-errors" / "works_sample=200.400.json").read_bytes(),
                       m["response_headers"].get("content-type", "application/json"))
        elif code == "gzip":  # how Crossref really sends bodies (the recordings were stored decompressed)
            import gzip

            body = gzip.compress((REAL / "crossref-works" / "10.1038_ng.3834.json").read_bytes())
            self._send(200, body, "application/json", {"content-encoding": "gzip"})
        elif code == "gzipbomb":  # small on the wire, huge once decompressed: the cap applies to the decoded body
            import gzip

            self._send(200, gzip.compress(b'{"pad":"' + b"x" * 5_000_000 + b'"}'), "application/json",
                       {"content-encoding": "gzip"})
        elif code == "loop":
            self._send(302, b"", "text/html", {"location": self.path})
        elif code in {"shape", "jsonstring", "nulls", "doinumber", "other"}:
            body, ctype = self._wrong(code, arg)
            self._send(200, body, ctype)
        elif code == "redirect-other":
            self._send(302, b"", "text/html", {"location": f"{self.server.state.base}/works/{quote(OTHER_DOI, safe='')}"})
        elif code == "dripslow":
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
        else:
            raise AssertionError(f"unknown fault {fault}")
        return True

    def _wrong(self, code: str, arg: str) -> tuple[bytes, str]:
        """A 200 body of the wrong shape or of another record, for the service this path plays."""
        path = unquote(urlsplit(self.path).path)
        if path.startswith("/eutils/"):
            recorded = json.loads((REAL / "ncbi-esummary" / "28806736.json").read_text(encoding="utf-8"))
            doc = recorded["result"]["28806736"]
            body: Any = {"jsonstring": "hello", "nulls": {"header": None, "result": None},
                         "doinumber": {"result": {"uids": [28806736.5], "28806736.5": {**doc, "uid": 28806736.5}}},
                         "other": {"result": {"uids": ["11111111"], "11111111": {**doc, "uid": "11111111"}}}}.get(code)
            if code == "shape":
                body = {"missing": {"header": {}}, "null": {"result": None}, "list": {"result": []},
                        "type": {"result": {"uids": ["28806736"], "28806736": {
                            "uid": "28806736", "title": 5, "authors": "x", "pubdate": 2017, "articleids": 7}}}}[arg]
            return json.dumps(body).encode(), "application/json; charset=UTF-8"
        if path.startswith("/v1/works/"):
            other = json.loads(CSL[OTHER_CSL].read_text(encoding="utf-8"))
            body = {"jsonstring": "hello", "nulls": dict.fromkeys(other), "doinumber": {**other, "DOI": 10.1},
                    "other": other}.get(code)
            if code == "shape":
                body = {"missing": {}, "null": None, "list": [other, other],
                        "type": {**other, "title": {"x": 1}, "author": "nobody", "issued": [2020]}}[arg]
            return json.dumps(body).encode(), "application/vnd.citationstyles.csl+json"
        other_msg = json.loads(WORKS[OTHER_DOI].read_text(encoding="utf-8"))["message"]
        env = {"status": "ok", "message-type": "work-list" if path == "/works" else "work", "message-version": "1.0.0"}
        if path == "/works":
            bodies = {"jsonstring": "hello", "nulls": {**env, "message": None},
                      "doinumber": {**env, "message": {"items": [{"DOI": 10.1}]}},
                      "other": {**env, "message": {"items": [other_msg]}}}
            body = bodies.get(code)
            if code == "shape":
                body = {"missing": env, "null": {**env, "message": None}, "list": {**env, "message": []},
                        "type": {**env, "message": {"items": "none"}}}[arg]
            return json.dumps(body).encode(), "application/json"
        asked = path[len("/works/"):]
        bodies = {"jsonstring": "hello", "nulls": {**env, "message": dict.fromkeys(other_msg)},
                  "doinumber": {**env, "message": {**other_msg, "DOI": 10.1}}, "other": {**env, "message": other_msg}}
        body = bodies.get(code)
        if code == "shape":
            body = {"missing": env, "null": {**env, "message": None}, "list": {**env, "message": [other_msg]},
                    "type": {**env, "message": {**other_msg, "DOI": asked, "title": {"x": 1}, "author": "nobody",
                                                "issued": {"date-parts": "2017"}, "volume": ["1"],
                                                "container-title": 5}}}[arg]
        return json.dumps(body).encode(), "application/json"

    # ------------------------------------------------------------- routes
    def do_GET(self) -> None:
        state: FixtureServer = self.server.state
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        with state.lock:
            state.requests.append(Served("GET", path, query, {k.lower(): v for k, v in self.headers.items()}))
        fault = state.fault(path) or state.fault("*")
        if fault and self._fault(fault):
            return
        if path.startswith("/works/"):
            doi = path[len("/works/"):].lower()
            if doi in state.extra_works:
                body = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": state.extra_works[doi]}
                self._send(200, json.dumps(body).encode())
            elif doi in WORKS:
                self._serve_file(WORKS[doi])
            else:
                self._not_found()
        elif path == "/works":
            self._works_list(query)
        elif path.startswith("/doi/"):
            doi = path[len("/doi/"):]
            if doi.lower() in CSL or doi.lower() in WORKS:
                self._send(302, b"<html><head><title>Handle Redirect</title></head></html>", "text/html;charset=utf-8",
                           {"location": f"{state.base}/v1/works/{quote(doi, safe='')}/transform"})
            else:
                self._send(404, (REAL / "crossref-errors" / "10.1126_foo.404.txt").read_bytes(), "text/html;charset=utf-8")
        elif path.startswith("/v1/works/") and path.endswith("/transform"):
            doi = path[len("/v1/works/"):-len("/transform")].lower()
            if doi in CSL:
                self._serve_file(CSL[doi])
            else:
                self._not_found()
        elif path == "/eutils/esummary.fcgi":
            if state.esummary_body is not None:
                self._send(200, state.esummary_body, "application/json; charset=UTF-8")
            else:
                self._serve_file(REAL / "ncbi-esummary" / "28806736.json")
        elif path == "/eutils/ecitmatch.cgi":
            self._send(200, state.ecitmatch_body or b"", "text/plain; charset=UTF-8")
        elif path == "/arxiv/query":
            self._arxiv(",".join(query.get("id_list", [""])))
        elif path == "/books/volumes":
            found = GOOGLE_BOOKS.get(",".join(query.get("q", [""])).lower())
            if found is not None:  # the recordings kept no headers: Google Books' JSON content type
                self._send(200, found.read_bytes(), "application/json; charset=UTF-8")
            else:
                self._not_found()
        elif path.startswith("/idconv"):
            ids = ",".join(query.get("ids", [""])).lower()
            if "10.1038/ng.590" in ids or "20495566" in ids or "pmc2883744" in ids:
                self._serve_file(REAL / "ncbi-idconv" / "10.1038_ng.590.json")
            else:
                self._serve_file(REAL / "ncbi-idconv" / "28371833_idtype=doi.404.json")
        else:
            self._send(404, b"no such route", "text/plain")

    def _works_list(self, query: dict[str, list[str]]) -> None:
        state: FixtureServer = self.server.state
        flt = ",".join(query.get("filter", []))
        if flt:
            items = []
            for part in flt.split(","):
                if part.startswith("doi:"):
                    doi = part[4:].lower()
                    if doi in state.extra_works:
                        items.append(state.extra_works[doi])
                    elif doi in WORKS:
                        items.append(json.loads(WORKS[doi].read_text(encoding="utf-8"))["message"])
            body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                    "message": {"facets": {}, "total-results": len(items), "items": items, "items-per-page": len(items),
                                "query": {"start-index": 0, "search-terms": None}}}
            self._send(200, json.dumps(body).encode())
        elif state.search_items is not None:
            body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                    "message": {"total-results": len(state.search_items), "items": state.search_items,
                                "items-per-page": len(state.search_items)}}
            self._send(200, json.dumps(body).encode())
        else:
            self._serve_file(REAL / "crossref-search" / state.search_body)


@pytest.fixture()
def server() -> Iterator[FixtureServer]:
    """A fresh fixture server on 127.0.0.1 (its own port), stopped after the test."""
    state = FixtureServer()

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # resets and stalls are the point of several tests

        def get_request(self) -> tuple[socket.socket, Any]:
            conn = super().get_request()
            with state.lock:
                state.connections += 1
            return conn

    httpd = Server(("127.0.0.1", 0), _Handler)
    httpd.state = state  # type: ignore[attr-defined]
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def config(server: FixtureServer, tmp_path: Path) -> Any:
    """A resolver configuration pointing every service at the fixture server, fast timeouts, a temp cache."""
    from citekit.resolve.config import ResolverConfig

    env = {
        "CITEKIT_CROSSREF_URL": server.base,
        "CITEKIT_DOI_URL": server.base + "/doi",
        "CITEKIT_NCBI_URL": server.base + "/eutils",
        "CITEKIT_IDCONV_URL": server.base + "/idconv/",
        "CITEKIT_ARXIV_URL": server.base + "/arxiv/query",
        "CITEKIT_ISBN_URL": server.base + "/books/volumes",
        "CITEKIT_MAILTO": "tests@citekit.invalid",
        "CITEKIT_CACHE_DIR": str(tmp_path / "cache"),
    }
    return ResolverConfig.from_env(env, timeout=(2.0, 0.5), total_timeout=1.0, retries=3, backoff_base=0.01,
                                   backoff_max=0.05, max_bytes=1_000_000)


@pytest.fixture()
def client(config: Any) -> Iterator[Any]:
    """An HttpClient on the fixture server."""
    from citekit.resolve.http import HttpClient

    c = HttpClient(config)
    yield c
    c.close()
