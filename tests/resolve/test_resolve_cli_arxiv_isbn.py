"""``citekit resolve`` with arXiv ids and ISBNs, as a command, over real HTTP to the replay server.

Oracles: the recorded arXiv Atom feeds and Google Books answers, read here with the standard
library's own parsers (xml.etree, json), not with citekit's mappings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from .conftest import GOOGLE_BOOKS, FixtureServer
from .test_arxiv_isbn import recorded_arxiv
from .test_cli import env_for

ATOM = "{http://www.w3.org/2005/Atom}"
# socket.connect made to fail before citekit runs: an offline run must answer from the cache alone
NO_SOCKET = ("import socket, sys\n"
             "def refuse(*a, **k):\n"
             "    raise AssertionError('a socket was opened offline')\n"
             "socket.socket.connect = refuse\n"
             "socket.create_connection = refuse\n"
             "from citekit.cli import main\n"
             "sys.argv[0] = 'citekit'\n"
             "main()\n")


def run(env: dict[str, str], *args: str, offline_guard: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", NO_SOCKET, *args] if offline_guard else [sys.executable, "-m", "citekit", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)


def env_with_services(server: FixtureServer, tmp_path: Path) -> dict[str, str]:
    return env_for(server, tmp_path, CITEKIT_ARXIV_URL=server.base + "/arxiv/query",
                   CITEKIT_ISBN_URL=server.base + "/books/volumes")


def atom_title(id_list: str) -> str:
    entry = ET.fromstring(recorded_arxiv(id_list)).find(f"{ATOM}entry")
    assert entry is not None
    return " ".join((entry.findtext(f"{ATOM}title") or "").split())


def books_title(isbn13: str) -> str:
    info = json.loads(GOOGLE_BOOKS[f"isbn:{isbn13}"].read_text(encoding="utf-8"))["items"][0]["volumeInfo"]
    return str(info["title"])


def test_resolve_arxiv_and_hyphenated_isbn_print_the_records_then_offline_without_a_socket(
        server: FixtureServer, tmp_path: Path, schema_validator: Any) -> None:
    env = env_with_services(server, tmp_path)
    args = ("resolve", "arXiv:astro-ph/0601001", "978-0-09-956043-2")
    proc = run(env, *args)
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["title"] for i in items] == [atom_title("astro-ph/0601001"), books_title("9780099560432")]
    assert items[0]["number"] == "astro-ph/0601001" and items[0]["type"] == "article"
    assert items[1]["ISBN"] == "9780099560432" and items[1]["type"] == "book"
    assert not list(schema_validator.iter_errors(items))
    # the hyphenated ISBN was asked as its 13 digits, the arXiv id without its prefix
    assert [r.query.get("q") for r in server.requests if r.path == "/books/volumes"] == [["isbn:9780099560432"]]
    assert [r.query.get("id_list") for r in server.requests if r.path == "/arxiv/query"] == [["astro-ph/0601001"]]
    served = len(server.requests)
    # warm cache, offline, every socket refused: the same records, other spellings of the same ids
    again = run(env, "resolve", "--offline", "https://arxiv.org/abs/astro-ph/0601001", "0-09-956043-7",
                offline_guard=True)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == items
    assert len(server.requests) == served


def test_resolve_new_style_versioned_arxiv_id(server: FixtureServer, tmp_path: Path) -> None:
    proc = run(env_with_services(server, tmp_path), "resolve", "1111.2011v2")
    assert proc.returncode == 0, proc.stderr
    (item,) = json.loads(proc.stdout)
    assert item["title"] == atom_title("1111.2011v2") and item["id"] == "arxiv:1111.2011v2"


@pytest.mark.parametrize(("given", "expected"), [("978-0-09-956043-3", "should be 2, not 3"),
                                                 ("0-09-956043-8", "should be 7, not 8")])
def test_invalid_isbn_exits_2_naming_it(server: FixtureServer, tmp_path: Path, given: str, expected: str) -> None:
    proc = run(env_with_services(server, tmp_path), "resolve", given)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"{given}: InvalidIdentifier: not a valid ISBN: '{given}'" in proc.stderr and expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not server.requests  # nothing was asked for an invalid identifier


def test_invalid_lines_of_a_file_are_named_and_the_rest_resolved(server: FixtureServer, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# books and preprints\n9780918024565\n978-0-306-40615-8\narXiv:1713.00001\n1605.08386\n",
                   encoding="utf-8")
    proc = run(env_with_services(server, tmp_path), "resolve", "--from", str(ids))
    assert proc.returncode == 2, proc.stderr
    assert [i["title"] for i in json.loads(proc.stdout)] == [books_title("9780918024565"), atom_title("1605.08386")]
    assert f"{ids}:3: 978-0-306-40615-8: InvalidIdentifier: not a valid ISBN" in proc.stderr
    assert f"{ids}:4: arXiv:1713.00001: InvalidIdentifier: not an arXiv identifier" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_library_resolves_the_same_spellings(server: FixtureServer, config: Any) -> None:
    from citekit.errors import InvalidIdentifier
    from citekit.resolve.api import Resolver

    resolver = Resolver(config.with_(arxiv_interval=0.3))
    try:
        assert resolver.resolve("arXiv:1605.08386").title == atom_title("1605.08386")
        assert resolver.resolve("ISBN 978-0-918024-56-5").title == books_title("9780918024565")
        with pytest.raises(InvalidIdentifier, match=r"not a valid ISBN: '978-0-918024-56-4' \(ISBN-13 check digit should be 5"):
            resolver.resolve("978-0-918024-56-4")
    finally:
        resolver.close()
