"""``citekit check`` on the shipped document when the services fail (issue 13, "done when"):
with no network it fails fast, naming the service, exit 3; offline with a warm cache it succeeds."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from citekit.cli import cli
from tests.check.conftest import CITATIONS, FixtureServer

DOCUMENT = "anal-cancer-immunotherapy"


def _env(base: str, tmp_path: Path) -> dict[str, str]:
    return {"CITEKIT_CROSSREF_URL": base, "CITEKIT_DOI_URL": base + "/doi", "CITEKIT_NCBI_URL": base + "/eutils",
            "CITEKIT_IDCONV_URL": base + "/idconv/", "CITEKIT_CACHE_DIR": str(tmp_path / "cache"),
            "CITEKIT_OFFLINE": "0", "CITEKIT_NO_CACHE": "0", "CITEKIT_MAILTO": "check@citekit.invalid"}


def _closed() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def _run(env: dict[str, str], *args: str) -> Any:
    result = CliRunner().invoke(cli, ["check", str(CITATIONS), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_no_network_fails_fast_naming_the_service(tmp_path: Path) -> None:
    base = _closed()
    for extra in ([], ["--document", DOCUMENT]):
        t0 = time.monotonic()
        result = _run(_env(base, tmp_path), *extra)
        elapsed = time.monotonic() - t0
        assert elapsed < 10, elapsed  # was 2 min 31 s, then exit 0
        assert result.exit_code == 3, result.stderr
        assert f"Crossref ({base[7:]}) could not be reached: connection refused" in result.stderr
        assert "could not ask" in result.stderr and "HTTPConnectionPool" not in result.stderr
        if not extra:  # the citations have no identifiers: each one's search is counted, none answered
            assert "citation searches: 0 of 11 answered" in result.stderr


def test_no_network_report_says_could_not_ask_not_no_record(tmp_path: Path) -> None:
    result = _run(_env(_closed(), tmp_path), "--format", "json")
    report = json.loads(result.stdout)
    codes = {f["code"] for r in report["references"] for f in r["findings"]}
    assert "lookup-failed" in codes and "unverified" not in codes
    assert report["resolution"]["unreachable"] and report["schema_version"] == "2.0"


def test_offline_with_a_warm_cache_succeeds_without_a_request(server: FixtureServer, tmp_path: Path) -> None:
    env = _env(server.base, tmp_path)
    online = _run(env, "--document", DOCUMENT, "--format", "json")
    assert online.exit_code == 1, online.stderr  # findings (ref 1's journal), not a failure to ask
    sent = len(server.requests)
    assert sent > 0
    offline = _run(env, "--document", DOCUMENT, "--format", "json", "--offline")
    assert offline.exit_code == 1, offline.stderr
    assert len(server.requests) == sent
    assert json.loads(offline.stdout)["references"] == json.loads(online.stdout)["references"]
    # the network broken (every connection reset) but the cache warm: the same answers, no request
    server.faults["*"] = ["reset"] * 50
    broken = _run(env, "--document", DOCUMENT, "--format", "json")
    assert broken.exit_code == 1, broken.stderr
    assert "could not" not in broken.stderr and len(server.requests) == sent


def test_offline_with_a_cold_cache_and_nothing_to_compare_is_exit_3(tmp_path: Path) -> None:
    result = _run(_env(_closed(), tmp_path), "--offline")
    assert result.exit_code == 3
    assert "nothing could be verified" in result.stderr
