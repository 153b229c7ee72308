"""Fixtures of the mirror tests: the recorded real Crossref works, and data files made from them."""

from __future__ import annotations

import copy
import gzip
import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
WORKS_DIR = DATA / "fixtures" / "real" / "crossref-works"
MIRROR_DATA = DATA / "mirror"


def recorded_works() -> list[dict[str, Any]]:
    """Every recorded ``/works/{doi}`` message (the independent source the tests compare with)."""
    out = []
    for f in sorted(WORKS_DIR.glob("*.json")):
        if f.name.endswith(".meta.json"):
            continue
        body = json.loads(f.read_text(encoding="utf-8"))
        if body.get("message-type") == "work":
            out.append(body["message"])
    return out


def write_data_file(path: Path, items: list[Any]) -> Path:
    """A Crossref public-data file: gzipped ``{"items": [...]}``."""
    path.write_bytes(gzip.compress(json.dumps({"items": items}).encode("utf-8"), compresslevel=1, mtime=0))
    return path


def varied(works: list[dict[str, Any]], tag: str) -> list[dict[str, Any]]:
    """Copies of real works under new DOIs (``10.5555/<tag>.<n>``): synthetic, for volume only."""
    out = []
    for i, w in enumerate(works):
        c = copy.deepcopy(w)
        c["DOI"] = f"10.5555/{tag}.{i}"
        out.append(c)
    return out


@pytest.fixture(scope="session")
def works() -> list[dict[str, Any]]:
    return recorded_works()


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    """A mirror built from the committed test data (part-0 and part-1)."""
    from citekit.mirror import build

    report = build([MIRROR_DATA / "part-0.json.gz", MIRROR_DATA / "part-1.json.gz"], tmp_path / "m")
    assert report.ok
    return tmp_path / "m"


class _Counting(BaseHTTPRequestHandler):
    """Serves recorded ``/works/{doi}`` bodies, 404 otherwise; every request is recorded."""

    bodies: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        path = unquote(self.path.split("?", 1)[0])
        body = self.bodies.get(path.removeprefix("/works/").lower()) if path.startswith("/works/") else None
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        data = body or b'{"status": "error", "message": "not found"}'
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def network(works: list[dict[str, Any]]) -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 standing in for every service: (base URL, the paths asked)."""
    handler = type("Handler", (_Counting,), {"hits": [], "bodies": {
        w["DOI"].lower(): json.dumps({"status": "ok", "message-type": "work", "message-version": "1.0.0",
                                      "message": w}).encode() for w in works}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    server.shutdown()
    server.server_close()


def offline_env(base: str, mirror: Path | None) -> dict[str, str]:
    """The environment of a CLI run whose every service is ``base`` (no cache), with the mirror."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITEKIT_")}
    env.update({"CITEKIT_CROSSREF_URL": base, "CITEKIT_DOI_URL": base, "CITEKIT_NCBI_URL": base,
                "CITEKIT_IDCONV_URL": base + "/idconv/", "CITEKIT_NO_CACHE": "1", "CITEKIT_RETRIES": "0"})
    if mirror is not None:
        env["CITEKIT_MIRROR"] = str(mirror)
    return env
