"""The fault matrix of issue 13, against the local server, for Crossref, doi.org and NCBI alike.

Each of the twelve faults found by trying citekit as a new user would (plus the faults that already
worked) is played by the fixture server (tests/resolve/conftest.py); each test asserts the exit
code or the typed error, the message, how many requests were sent and what the cache holds.
Short timeouts and backoff come from the ``config`` fixture and ``CITEKIT_*`` variables.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from citekit.cli import cli
from citekit.errors import (
    BadResponse,
    NotFound,
    OfflineMiss,
    RateLimited,
    ServiceError,
    Unreachable,
    UnsupportedIdentifier,
    WrongRecord,
)
from citekit.ids import DOI, PMID
from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig

from .conftest import OTHER_DOI, WORKS, FixtureServer

#: one identifier per service, the path its faults are set on, and the request that fetches it
SERVICES: dict[str, dict[str, str]] = {
    "crossref": {"id": "10.1038/ng.3834", "path": "/works/10.1038/ng.3834"},
    "doiorg": {"id": "10.5281/zenodo.30799", "path": "/v1/works/10.5281/zenodo.30799/transform"},
    "ncbi": {"id": "PMID:28806736", "path": "/eutils/esummary.fcgi"},
}
GOOD = "10.1038/srep16696"  # another recorded Crossref DOI: must survive whatever happens to the first


def env_for(server: FixtureServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The CLI's environment: every service on the fixture server, fast retries, a temp cache."""
    return {"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base + "/doi",
            "CITEKIT_NCBI_URL": server.base + "/eutils", "CITEKIT_IDCONV_URL": server.base + "/idconv/",
            "CITEKIT_MAILTO": "faults@citekit.invalid", "CITEKIT_CACHE_DIR": str(tmp_path / "cache"),
            "CITEKIT_OFFLINE": "0", "CITEKIT_RETRIES": "2", "CITEKIT_BACKOFF": "0.01", "CITEKIT_DEADLINE": "3",
            "CITEKIT_NO_CACHE": "0", **extra}


def env_config(env: dict[str, str]) -> ResolverConfig:
    return ResolverConfig.from_env(env)


def run(env: dict[str, str], *args: str) -> Any:
    """``citekit ARGS`` in process; an exception other than SystemExit would be an internal error."""
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def hits(server: FixtureServer, path: str) -> int:
    return server.paths().count(path)


def cache_rows(config: ResolverConfig) -> dict[str, int]:
    assert config.cache_dir is not None
    db = config.cache_dir / "http-cache.sqlite"
    if not db.exists():
        return {}
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, status FROM responses").fetchall())


def cached_200(config: ResolverConfig, fragment: str) -> list[str]:
    return [k for k, status in cache_rows(config).items() if status == 200 and fragment in k]


def ident_of(service: str) -> Any:
    raw = SERVICES[service]["id"]
    return PMID.parse(raw) if raw.startswith("PMID") else DOI.parse(raw)


def is_asked(ref: Any, service: str) -> bool:
    """True when ``ref`` is the record of the service's identifier."""
    if service == "ncbi":
        return str(ref.pmid) == "28806736"
    return str(ref.doi).lower() == SERVICES[service]["id"].lower()


def url_fragment(service: str) -> str:
    return {"crossref": quote("10.1038/ng.3834", safe=""), "doiorg": "zenodo.30799", "ncbi": "esummary"}[service]


# ------------------------------------------------------------------ 1. a body of the wrong shape
@pytest.mark.parametrize("service", sorted(SERVICES))
@pytest.mark.parametrize("shape", ["missing", "null", "list", "type"])
def test_wrong_shape_is_a_typed_failure_of_that_item_only(server: FixtureServer, config: ResolverConfig,
                                                          service: str, shape: str) -> None:
    server.faults[SERVICES[service]["path"]] = [f"shape:{shape}"]
    if service == "crossref":
        server.faults["/works"] = [f"shape:{shape}"]  # the list too: then both DOIs are asked alone
    resolver = Resolver(config)
    results = resolver.resolve_many([SERVICES[service]["id"], GOOD])  # never raises
    bad, good = results
    assert good.ok and good.reference is not None and good.reference.doi == GOOD
    if bad.ok:  # a wrong-typed field may be ignored, but then the record is the one asked for
        assert shape == "type" and bad.reference is not None
        assert is_asked(bad.reference, service)
    else:
        assert isinstance(bad.error, BadResponse), bad.error
        assert bad.error.item is not None and bad.error.item.lower() in SERVICES[service]["id"].lower()
        assert cached_200(config, url_fragment(service)) == []  # never cached
    assert hits(server, SERVICES[service]["path"]) == 1  # a bad answer is not retried
    outcome = resolver.outcome()
    assert outcome.resolved + sum(outcome.failed.values()) == 2 and not outcome.unreachable


@pytest.mark.parametrize("shape", ["missing", "null", "list", "type"])
def test_wrong_shape_of_a_list_answer_falls_back_to_singles(server: FixtureServer, config: ResolverConfig,
                                                            shape: str) -> None:
    server.faults["/works"] = [f"shape:{shape}"]
    results = Resolver(config).resolve_many(["10.1038/ng.3834", GOOD])
    assert all(r.ok for r in results)
    assert hits(server, "/works") == 1 and hits(server, "/works/10.1038/ng.3834") == 1


def test_wrong_shape_through_the_cli_is_exit_1_not_70(server: FixtureServer, tmp_path: Path) -> None:
    server.faults["/works"] = ["shape:list"]
    server.faults["/works/10.1038/ng.3834"] = ["shape:list"]
    result = run(env_for(server, tmp_path), "resolve", "10.1038/ng.3834", GOOD)
    assert result.exit_code == 1, result.stderr
    assert [i["DOI"] for i in json.loads(result.stdout)] == [GOOD]
    assert "10.1038/ng.3834: BadResponse" in result.stderr and "internal error" not in result.stderr
    assert "identifiers resolved: 1 of 2; failed: 1 bad-response" in result.stderr


# ------------------------------------------------------------------ 2. another paper's record
@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_record_of_another_identifier_is_rejected_and_never_cached(server: FixtureServer, tmp_path: Path,
                                                                     service: str) -> None:
    server.faults[SERVICES[service]["path"]] = ["other", "other"]
    if service == "crossref":
        server.faults["/works"] = ["other", "other"]  # the list answers with the other record only: then the single
    env = env_for(server, tmp_path)
    first = run(env, "resolve", SERVICES[service]["id"])
    assert first.exit_code == 1, first.stderr
    assert "WrongRecord" in first.stderr and "another" in first.stderr and "not cached" in first.stderr
    assert first.stdout == ""
    assert hits(server, SERVICES[service]["path"]) == 1
    sent = len(server.requests)
    second = run(env, "resolve", SERVICES[service]["id"])  # asked again: nothing wrong was cached
    assert second.exit_code == 1 and hits(server, SERVICES[service]["path"]) == 2
    assert len(server.requests) > sent  # (a Crossref 404 on the way to doi.org is cached: that is right)
    hits_after_second = len(server.requests)
    third = run(env, "resolve", SERVICES[service]["id"])  # the fault is over: the right record, exit 0
    assert third.exit_code == 0, third.stderr
    assert len(server.requests) > hits_after_second and not cached_200(env_config(env), "11111111")


def test_a_same_host_redirect_to_another_doi_is_rejected(server: FixtureServer, config: ResolverConfig) -> None:
    server.faults["/works/10.1038/ng.3834"] = ["redirect-other"]
    resolver = Resolver(config)
    with pytest.raises(WrongRecord, match="another DOI") as info:
        resolver.resolve("10.1038/ng.3834")
    assert info.value.item == "10.1038/ng.3834"
    assert server.paths() == ["/works/10.1038/ng.3834", f"/works/{OTHER_DOI}"]
    assert cached_200(config, quote("10.1038/ng.3834", safe="")) == []


# ------------------------------------------------------------------ 3. validation failures are never cached
@pytest.mark.parametrize("service", sorted(SERVICES))
@pytest.mark.parametrize("fault", ["jsonstring", "nulls", "doinumber"])
def test_a_body_failing_validation_is_asked_again_next_time(server: FixtureServer, config: ResolverConfig,
                                                            service: str, fault: str) -> None:
    server.faults[SERVICES[service]["path"]] = [fault]
    ident = ident_of(service)
    with pytest.raises((BadResponse, NotFound)) as info:
        Resolver(config).resolve(ident)
    assert not isinstance(info.value, OfflineMiss)
    assert cached_200(config, url_fragment(service)) == []
    ref = Resolver(config).resolve(ident)  # a new run asks again, and gets the right record
    assert is_asked(ref, service)
    assert hits(server, SERVICES[service]["path"]) == 2


def test_a_cached_answer_that_no_longer_validates_is_dropped(server: FixtureServer, config: ResolverConfig) -> None:
    from citekit.resolve.cache import ResponseCache, cache_key

    url = f"{server.base}/works/{quote('10.1038/ng.3834', safe='')}"
    assert config.cache_dir is not None
    cache = ResponseCache(config.cache_dir / "http-cache.sqlite")
    cache.put(cache_key("GET", url, "application/json"), status=200, content_type="application/json",
              body=WORKS[OTHER_DOI].read_text(encoding="utf-8"), url=url, ttl=3600)
    cache.close()
    ref = Resolver(config).resolve("10.1038/ng.3834")
    assert ref.doi is not None and ref.doi.lower() == "10.1038/ng.3834"
    assert hits(server, "/works/10.1038/ng.3834") == 1


# ------------------------------------------------------------------ 4. the cache degrades
def _check_resolves(server: FixtureServer, tmp_path: Path, **extra: str) -> Any:
    result = run(env_for(server, tmp_path, **extra), "resolve", "10.1038/ng.3834")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["DOI"] == "10.1038/ng.3834"
    return result


@pytest.mark.parametrize("damage", ["random", "truncated", "directory"])
def test_a_corrupt_cache_is_moved_aside_and_rebuilt(server: FixtureServer, tmp_path: Path, damage: str) -> None:
    cache_dir = tmp_path / "cache"
    _check_resolves(server, tmp_path)  # a real cache file first
    db = cache_dir / "http-cache.sqlite"
    for extra in cache_dir.glob("http-cache.sqlite-*"):
        extra.unlink()
    if damage == "random":
        db.write_bytes(bytes(range(256)) * 64)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3] + b"\x00" * 10)
    else:
        db.unlink()
        db.mkdir()
        (db / "x").write_text("x")
    result = _check_resolves(server, tmp_path)
    assert "moved aside" in result.stderr and "warning" in result.stderr
    assert [p.name for p in cache_dir.glob("http-cache.sqlite.corrupt-*") if "-wal" not in p.name and "-shm" not in p.name]
    assert db.is_file()
    third = _check_resolves(server, tmp_path)  # the rebuilt cache answers: no new request
    assert "moved aside" not in third.stderr
    assert len(server.requests) == 2


def test_a_locked_cache_is_bypassed_with_a_warning(server: FixtureServer, tmp_path: Path) -> None:
    _check_resolves(server, tmp_path)
    holder = sqlite3.connect(tmp_path / "cache" / "http-cache.sqlite", timeout=0.1)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        from citekit.resolve.cache import ResponseCache

        t0 = time.monotonic()
        cache = ResponseCache(tmp_path / "cache" / "http-cache.sqlite", timeout=0.2)
        assert cache.get("anything") is None and time.monotonic() - t0 < 2
        assert any("locked" in w for w in cache.warnings)
        result = _check_resolves(server, tmp_path)  # the CLI's run goes on over the network
        assert "locked by another process" in result.stderr
    finally:
        holder.rollback()
        holder.close()
    assert len(server.requests) == 2


def test_a_read_only_cache_still_answers_and_stops_writing(server: FixtureServer, config: ResolverConfig) -> None:
    from citekit.resolve.cache import ResponseCache

    Resolver(config).resolve("10.1038/ng.3834")
    assert config.cache_dir is not None
    cache = ResponseCache(config.cache_dir / "http-cache.sqlite")
    assert cache._db is not None
    cache._db.execute("PRAGMA query_only=ON")  # SQLite's own read-only refusal (we run as root: chmod cannot)
    cache.put("k", status=200, content_type="application/json", body="{}", url="u", ttl=60)
    assert not cache.writable and any("read-only" in w for w in cache.warnings)
    stored = cache.keys()
    assert any("ng.3834" in k for k in stored)  # reads still served


def test_an_uncreatable_cache_directory_is_bypassed(server: FixtureServer, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    result = _check_resolves(server, tmp_path, CITEKIT_CACHE_DIR=str(tmp_path / "file" / "cache"))
    assert "cannot create the cache directory" in result.stderr and "continuing without the cache" in result.stderr


def test_a_full_disk_stops_caching_with_a_warning(server: FixtureServer, config: ResolverConfig) -> None:
    from citekit.resolve.cache import ResponseCache

    assert config.cache_dir is not None
    cache = ResponseCache(config.cache_dir / "http-cache.sqlite")
    assert cache._db is not None
    pages = cache._db.execute("PRAGMA page_count").fetchone()[0]
    cache._db.execute(f"PRAGMA max_page_count={pages + 1}")  # SQLite reports SQLITE_FULL past this
    for i in range(50):
        cache.put(f"k{i}", status=200, content_type="application/json", body="x" * 5000, url="u", ttl=60)
    assert not cache.writable and any("disk is full" in w for w in cache.warnings)
    assert cache.get("k0") is None or cache.get("k0") is not None  # reads do not raise


# ------------------------------------------------------------------ 5. complete says what it could not do
def test_complete_with_every_doi_failing_says_so_and_exits_3(server: FixtureServer, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    dois = sorted(WORKS)[:10]
    bib.write_text("".join(f"@article{{k{i},\n  title = {{Paper {i}}},\n  doi = {{{d}}}\n}}\n\n"
                           for i, d in enumerate(dois)), encoding="utf-8")
    server.faults["*"] = ["500"] * 200
    result = run(env_for(server, tmp_path), "complete", str(bib))
    assert result.exit_code == 3, result.stderr
    assert "0 field(s) added" in result.stderr and "10 reference(s) without a record" in result.stderr
    assert "not completed: ref 1 (k0)" in result.stderr and "could not ask" in result.stderr
    # the list tried 3 times, then single requests until 3 failed in a row (plus those already in
    # flight on the resolver's 4 threads): was 155
    assert len(server.requests) <= 3 + 3 + 4, server.paths()


# ------------------------------------------------------------------ 6. dot segments stay inside the resolver's path
def test_dot_segments_in_a_doi_never_leave_the_resolver_path(server: FixtureServer, tmp_path: Path) -> None:
    result = run(env_for(server, tmp_path), "resolve", "10.1000/../../../../etc/passwd")
    assert result.exit_code == 1 and "NotFound" in result.stderr
    assert all(p.startswith(("/works", "/doi/10.1000/")) for p in server.paths()), server.paths()
    assert "/doi/10.1000/../../../../etc/passwd" in server.paths()  # the server decoded %2E itself
    assert "/etc/passwd" not in server.paths()


# ------------------------------------------------------------------ 7 and 9. batches and 429
def test_a_long_retry_after_stops_the_batch_without_single_requests(server: FixtureServer, config: ResolverConfig) -> None:
    server.extra_works = {f"10.5555/faults.{i}": {**json.loads(WORKS[GOOD].read_text())["message"],
                                                  "DOI": f"10.5555/faults.{i}"} for i in range(100)}
    server.faults["/works"] = ["429:86400"]
    resolver = Resolver(config)
    results = resolver.resolve_many(list(server.extra_works))
    assert server.paths() == ["/works", "/works"]  # was 102: the two lists, then 100 singles into the same 429
    assert all(isinstance(r.error, RateLimited) for r in results)
    assert "86400" in str(results[0].error) and "retry later" in str(results[0].error)
    outcome = resolver.outcome()
    assert outcome.failed == {"rate-limited": 100} and outcome.incomplete and outcome.unreachable


def test_a_batch_out_of_retries_is_not_replaced_by_singles(server: FixtureServer, config: ResolverConfig) -> None:
    public = config.with_(mailto=None, retries=1)  # the public pool: 1 list request a second
    server.extra_works = {f"10.5555/faults.{i}": {**json.loads(WORKS[GOOD].read_text())["message"],
                                                  "DOI": f"10.5555/faults.{i}"} for i in range(10)}
    server.faults["/works"] = ["429"] * 20
    results = Resolver(public).resolve_many(list(server.extra_works))
    assert server.paths() == ["/works"] * (public.retries + 1)  # was 124 requests, 16 x 429
    assert all(isinstance(r.error, RateLimited) for r in results)
    assert "--mailto" in str(results[0].error)  # the public pool: the message says how to get more


#: a second identifier per service, asked after the first was refused
SECOND = {"crossref": GOOD, "doiorg": "10.5438/jwvf-8a66", "ncbi": "PMID:28806737"}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_long_retry_after_holds_the_service_for_the_run(server: FixtureServer, config: ResolverConfig,
                                                          service: str) -> None:
    path = SERVICES[service]["path"]
    server.faults[path] = ["429:86400"]
    if service == "doiorg":
        server.faults["/v1/works/10.5438/jwvf-8a66/transform"] = ["429:86400"]
    resolver = Resolver(config)
    with pytest.raises(RateLimited, match="86400") as info:
        resolver.resolve(ident_of(service))
    assert "retry later" in str(info.value) and info.value.item
    sent = len(server.requests)
    with pytest.raises(RateLimited):
        resolver.resolve(SECOND[service])  # the same service: not asked again this run
    asked_again = [p for p in server.paths()[sent:] if p.startswith(("/v1/", "/doi/"))] if service == "doiorg" \
        else server.paths()[sent:]
    assert asked_again == [], asked_again
    assert hits(server, path) == 1
    assert resolver.outcome().unreachable and cached_200(config, url_fragment(service)) == []


def test_singles_only_for_dois_a_200_list_left_out(server: FixtureServer, config: ResolverConfig) -> None:
    results = Resolver(config).resolve_many(["10.1038/ng.3834", GOOD, "10.5281/zenodo.30799"])
    assert all(r.ok for r in results)
    assert sorted(p for p in server.paths() if p != "/works") == [
        "/doi/10.5281/zenodo.30799", "/v1/works/10.5281/zenodo.30799/transform", "/works/10.5281/zenodo.30799"]


# ------------------------------------------------------------------ 8. a total deadline per request
@pytest.mark.parametrize("service", sorted(SERVICES))
@pytest.mark.parametrize("fault", ["stall", "dripslow"])
def test_a_request_ends_by_its_deadline(server: FixtureServer, config: ResolverConfig, service: str, fault: str) -> None:
    cfg = config.with_(timeout=(1.0, 0.4), total_timeout=1.0, deadline=1.5, retries=10)
    server.faults[SERVICES[service]["path"]] = [fault] * 20
    t0 = time.monotonic()
    with pytest.raises(Unreachable, match="could not be asked|could not be reached"):
        Resolver(cfg).resolve(ident_of(service))
    assert time.monotonic() - t0 < 4  # was 318 s for a repeated read timeout, > 500 s for a drip
    assert hits(server, SERVICES[service]["path"]) <= 4


def test_the_run_budget_stops_every_service(server: FixtureServer, config: ResolverConfig) -> None:
    # the budget (0.5 s) ends the run before three 0.3 s read timeouts in a row can mark the service down
    cfg = config.with_(timeout=(1.0, 0.3), total_timeout=1.0, deadline=10, budget=0.5, retries=10)
    server.faults["*"] = ["stall"] * 100
    t0 = time.monotonic()
    resolver = Resolver(cfg)
    results = resolver.resolve_many(["10.1038/ng.3834", "PMID:28806736"])
    assert time.monotonic() - t0 < 4
    assert all(isinstance(r.error, Unreachable) for r in results)
    assert "time budget" in str(results[0].error) and "--timeout" in str(results[0].error)


# ------------------------------------------------------------------ 10. control characters
def test_control_characters_are_escaped_in_every_message(server: FixtureServer, tmp_path: Path) -> None:
    result = run(env_for(server, tmp_path), "resolve", "10.1000/a\x1b[31mred\x07")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "10.1000/a\\x1b[31mred\\x07" in result.stderr


# ------------------------------------------------------------------ 11. no network at all
def _closed_port() -> int:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_no_network_names_the_service_and_exits_3(tmp_path: Path, service: str) -> None:
    base = f"http://127.0.0.1:{_closed_port()}"
    env = {"CITEKIT_CROSSREF_URL": base, "CITEKIT_DOI_URL": base + "/doi", "CITEKIT_NCBI_URL": base + "/eutils",
           "CITEKIT_IDCONV_URL": base + "/idconv/", "CITEKIT_CACHE_DIR": str(tmp_path / "cache"), "CITEKIT_OFFLINE": "0"}
    t0 = time.monotonic()
    result = run(env, "resolve", SERVICES[service]["id"])
    assert time.monotonic() - t0 < 10
    assert result.exit_code == 3, result.stderr
    name = {"crossref": "Crossref", "doiorg": "Crossref", "ncbi": "NCBI E-utilities"}[service]
    assert f"{name} (127.0.0.1:" in result.stderr and "connection refused" in result.stderr
    assert "HTTPConnectionPool" not in result.stderr and "Max retries" not in result.stderr  # no raw urllib3


def test_match_with_no_network_is_exit_3_not_no_match(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{_closed_port()}"
    env = {"CITEKIT_CROSSREF_URL": base, "CITEKIT_NCBI_URL": base + "/eutils", "CITEKIT_CACHE_DIR": str(tmp_path / "c"),
           "CITEKIT_OFFLINE": "0"}
    result = run(env, "match", "Morris VK, et al. Nivolumab for anal cancer. Lancet Oncol 2017;18:446-453.")
    assert result.exit_code == 3 and "could not ask" in result.stderr and "connection refused" in result.stderr


def test_a_failed_search_is_could_not_ask_not_no_record(server: FixtureServer, config: ResolverConfig) -> None:
    from citekit.check import check
    from citekit.check.codes import Code
    from citekit.model import Reference

    cited = Reference.from_csl({"id": "x", "type": "article-journal", "title": "A paper with no identifier",
                                "author": [{"family": "Nobody", "given": "A."}], "issued": {"date-parts": [[2020]]}})
    server.faults["/works"] = ["503"] * 20
    report = check([cited], config=config)
    codes = [f.code for f in report.references[0].findings]
    assert Code.LOOKUP_FAILED in codes and Code.UNVERIFIED not in codes
    assert report.incomplete and report.resolution is not None and report.resolution["unreachable"]
    server.faults.clear()
    server.search_items = []  # asked, and no candidate: that is "no record found"
    report = check([cited], config=config.with_(cache_dir=None))
    codes = [f.code for f in report.references[0].findings]
    assert Code.UNVERIFIED in codes and Code.LOOKUP_FAILED not in codes


# ------------------------------------------------------------------ 12. offline opens no socket
def test_offline_imports_no_network_library_and_opens_no_socket(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys\nseen=[]\nsys.addaudithook(lambda e, a: seen.append(e) if e.startswith('socket.') else None)\n"
            "from citekit.cli import main\ntry:\n    main(['resolve', '10.1038/ng.3834', '--offline'])\n"
            "except SystemExit as e:\n    code = e.code\n"
            "print(code, seen, 'urllib3' in sys.modules, 'requests' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": "/usr/bin:/bin", "CITEKIT_CACHE_DIR": str(tmp_path / "c"), "HOME": str(tmp_path)},
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout.strip() == "1 [] False False", proc.stderr


# ------------------------------------------------------------------ what already worked, for every service
# the gzip fault replays a Crossref body, so it is tried on Crossref only
@pytest.mark.parametrize(("service", "fault"), [(s, f) for s in sorted(SERVICES) for f in ["429", "500", "503:0", "reset"]]
                         + [("crossref", "gzip")])
def test_transient_faults_then_success(server: FixtureServer, config: ResolverConfig, service: str, fault: str) -> None:
    server.faults[SERVICES[service]["path"]] = [fault]
    ref = Resolver(config).resolve(ident_of(service))
    assert is_asked(ref, service)
    assert hits(server, SERVICES[service]["path"]) == (1 if fault == "gzip" else 2)
    assert cached_200(config, url_fragment(service))


@pytest.mark.parametrize("service", sorted(SERVICES))
@pytest.mark.parametrize(("fault", "error"), [("html", BadResponse), ("big", BadResponse), ("foreign", BadResponse),
                                              ("500", ServiceError)])
def test_persistent_faults_are_typed_and_never_cached(server: FixtureServer, config: ResolverConfig, service: str,
                                                      fault: str, error: type[Exception]) -> None:
    server.faults[SERVICES[service]["path"]] = [fault] * 10
    with pytest.raises(error):
        Resolver(config).resolve(ident_of(service))
    assert cached_200(config, url_fragment(service)) == []
    assert hits(server, SERVICES[service]["path"]) == (config.retries + 1 if fault == "500" else 1)


def test_an_identifier_no_service_handles_is_a_typed_error(config: ResolverConfig) -> None:
    resolver = Resolver(config, services=["crossref", "doiorg"])
    with pytest.raises(UnsupportedIdentifier, match="PMID"):
        resolver.resolve("PMID:28806736")
    results = resolver.resolve_many(["PMID:28806736"])
    assert isinstance(results[0].error, UnsupportedIdentifier)
