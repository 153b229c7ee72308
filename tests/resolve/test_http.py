"""The HTTP layer against a real local server: the fault matrix, pacing, cache, offline, redirects."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from citekit.errors import BadResponse, NotFound, RateLimited, ServiceError
from citekit.resolve.cache import ResponseCache
from citekit.resolve.config import ResolverConfig
from citekit.resolve.http import HttpClient, OfflineMiss, content_type_ok, parse_retry_after, user_agent
from citekit.resolve.limits import RateLimiter, parse_interval, read_limits

from .conftest import REAL, FixtureServer, bodies, meta

DOI_PATH = "/works/10.1038/ng.3834"


def works_url(server: FixtureServer, doi: str = "10.1038/ng.3834") -> str:
    from urllib.parse import quote

    return f"{server.base}/works/{quote(doi, safe='')}"


def cached_statuses(client: HttpClient) -> dict[str, int]:
    assert client.cache is not None
    return client.cache.statuses()


# ------------------------------------------------------------------ happy path
def test_get_serves_recorded_body_and_caches_it(server: FixtureServer, client: HttpClient) -> None:
    resp = client.get(works_url(server))
    recorded = json.loads((REAL / "crossref-works" / "10.1038_ng.3834.json").read_text())
    assert resp.json() == recorded and not resp.from_cache
    again = client.get(works_url(server))
    assert again.from_cache and again.json() == recorded
    assert server.paths() == [DOI_PATH]  # the second answer came from the cache
    ua = server.requests[0].headers["user-agent"]
    assert ua.startswith("citekit/") and "mailto:tests@citekit.invalid" in ua
    assert server.requests[0].headers["accept"] == "application/json"


def test_cache_persists_across_clients_and_is_json_not_pickle(server: FixtureServer, config: ResolverConfig) -> None:
    c1 = HttpClient(config)
    c1.get(works_url(server))
    c1.close()
    raw = (config.cache_dir / "http-cache.sqlite").read_bytes()  # type: ignore[operator]
    assert b"\x80\x04\x95" not in raw and b"\x80\x05\x95" not in raw  # no pickle protocol 4/5 frames
    assert b'"DOI"' in raw or b"10.1038/ng.3834" in raw
    c2 = HttpClient(config)
    assert c2.get(works_url(server)).from_cache
    c2.close()
    assert len(server.requests) == 1


def test_cache_ttl_expires(tmp_path: Path) -> None:
    now = [1000.0]
    cache = ResponseCache(tmp_path / "c.sqlite", clock=lambda: now[0])
    cache.put("k", status=200, content_type="application/json", body="{}", url="u", ttl=10)
    assert cache.get("k") is not None
    now[0] += 11
    assert cache.get("k") is None
    with pytest.raises(ValueError):
        cache.put("k", status=500, content_type="x", body="", url="u", ttl=10)


# ------------------------------------------------------------------ the fault matrix
RETRIED = ["429", "429:1", "500", "502", "503", "503:1", "reset", "stall", "drip"]


@pytest.mark.parametrize("fault", RETRIED)
def test_transient_fault_then_success(server: FixtureServer, client: HttpClient, fault: str) -> None:
    server.faults[DOI_PATH] = [fault]
    t0 = time.monotonic()
    resp = client.get(works_url(server))
    assert resp.json()["message"]["DOI"] == "10.1038/ng.3834"
    assert server.paths().count(DOI_PATH) == 2
    assert client.stats.retries == 1
    if fault.endswith(":1"):  # Retry-After: 1 was honoured
        assert time.monotonic() - t0 >= 0.95
    assert cached_statuses(client) == {f"GET {works_url(server)} accept=application/json": 200}


@pytest.mark.parametrize(("fault", "error"), [("429", RateLimited), ("500", ServiceError), ("502", ServiceError),
                                              ("503", ServiceError), ("reset", ServiceError), ("stall", ServiceError)])
def test_persistent_fault_gives_typed_error_and_caches_nothing(
    server: FixtureServer, client: HttpClient, fault: str, error: type[Exception]
) -> None:
    server.faults[DOI_PATH] = [fault] * 10
    with pytest.raises(error) as info:
        client.get(works_url(server), item="10.1038/ng.3834")
    assert info.value.item == "10.1038/ng.3834"  # type: ignore[attr-defined]
    assert server.paths().count(DOI_PATH) == client.config.retries + 1
    assert cached_statuses(client) == {}


@pytest.mark.parametrize(("fault", "message"), [("badjson", "invalid JSON"), ("html", "HTML page"),
                                                ("big", "cap"), ("bigchunked", "cap"), ("foreign", "not allowed")])
def test_bad_answers_are_bad_responses_never_cached(server: FixtureServer, client: HttpClient, fault: str, message: str) -> None:
    server.faults[DOI_PATH] = [fault]
    with pytest.raises(BadResponse, match=message):
        client.get(works_url(server))
    assert cached_statuses(client) == {}
    assert server.paths() == [DOI_PATH]  # not retried: the same answer would come again
    assert client.get(works_url(server)).json()["message"]["DOI"] == "10.1038/ng.3834"


def test_redirect_to_foreign_host_is_not_followed(server: FixtureServer, client: HttpClient) -> None:
    server.faults[DOI_PATH] = ["foreign"]
    with pytest.raises(BadResponse, match="evil.example.com"):
        client.get(works_url(server))
    assert all("evil" not in r.path for r in server.requests)


def test_redirect_loop_is_bounded(server: FixtureServer, client: HttpClient) -> None:
    server.faults[DOI_PATH] = ["loop"] * 20
    with pytest.raises(BadResponse, match="redirects"):
        client.get(works_url(server))
    assert len(server.requests) == client.config.max_redirects + 1


def test_long_retry_after_is_not_waited_for(server: FixtureServer, config: ResolverConfig) -> None:
    client = HttpClient(config.with_(max_retry_after=5))
    server.faults[DOI_PATH] = ["429:3600"]
    t0 = time.monotonic()
    with pytest.raises(RateLimited):
        client.get(works_url(server))
    assert time.monotonic() - t0 < 2
    assert client.stats.rate_limited == 1


def test_404_is_cached_briefly_and_raises_not_found(server: FixtureServer, client: HttpClient) -> None:
    url = works_url(server, "10.1371/notarealdoi")
    with pytest.raises(NotFound):
        client.get(url)
    with pytest.raises(NotFound, match="cached"):
        client.get(url)
    assert len(server.requests) == 1
    assert client.cache is not None
    hit = client.cache.get(f"GET {url} accept=application/json")
    assert hit is not None and hit.status == 404
    assert hit.expires - hit.stored == pytest.approx(client.config.ttl_not_found)
    assert client.config.ttl_not_found < client.config.ttl / 100


def test_other_4xx_is_a_service_error_with_the_body(server: FixtureServer, client: HttpClient) -> None:
    server.faults[DOI_PATH] = ["400"]
    with pytest.raises(ServiceError, match="HTTP 400.*validation-failure"):
        client.get(works_url(server))
    assert server.paths() == [DOI_PATH] and cached_statuses(client) == {}


def test_dangerous_doi_stays_inside_works_path(server: FixtureServer, client: HttpClient) -> None:
    from citekit.ids import DOI

    for raw in ["10.1000/../../admin", "10.1000/x?filter=doi:10.1/y", "10.1000/a#b"]:
        with pytest.raises(NotFound):
            client.get(f"{server.base}/works/{DOI(raw).path_segment()}")
    for served in server.requests:
        assert served.path.startswith("/works/10.1000/") and served.query == {}


# ------------------------------------------------------------------ offline
def test_offline_answers_from_cache_and_never_opens_a_socket(server: FixtureServer, config: ResolverConfig) -> None:
    online = HttpClient(config)
    online.get(works_url(server))
    online.close()
    before = server.connections
    offline = HttpClient(config.with_(offline=True))
    assert offline.get(works_url(server)).from_cache
    with pytest.raises(OfflineMiss, match="not in the cache"):
        offline.get(works_url(server, "10.1038/srep16696"))
    assert server.connections == before and len(server.requests) == 1
    assert offline._session is None  # no session was even created


def test_offline_from_env() -> None:
    cfg = ResolverConfig.from_env({"CITEKIT_OFFLINE": "1", "CITEKIT_CROSSREF_URL": "http://127.0.0.1:9",
                                   "CITEKIT_NO_CACHE": "1"})
    assert cfg.offline and cfg.cache_dir is None and cfg.crossref_url == "http://127.0.0.1:9"
    with pytest.raises(OfflineMiss):
        HttpClient(cfg).get("http://127.0.0.1:9/works/10.1/x")


def test_env_defaults() -> None:
    cfg = ResolverConfig.from_env({"HOME": "/home/u"})
    assert cfg.crossref_url == "https://api.crossref.org"
    assert cfg.doi_url == "https://doi.org"
    assert cfg.ncbi_url == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    assert cfg.idconv_url == "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
    assert not cfg.offline and cfg.mailto is None
    assert "mailto" not in user_agent(cfg)


# ------------------------------------------------------------------ rate limits from headers
@pytest.mark.parametrize("path", [p for p in bodies("crossref-works") + bodies("crossref-search") + bodies("doi-csl")
                                  if "x-rate-limit-limit" in meta(p).get("response_headers", {})],
                         ids=lambda p: p.name)
def test_recorded_limit_headers_are_read(path: Path) -> None:
    hdrs = meta(path)["response_headers"]
    adv = read_limits(hdrs)
    assert adv.limit == int(hdrs["x-rate-limit-limit"])
    assert adv.interval == parse_interval(hdrs["x-rate-limit-interval"]) == 1.0
    assert adv.concurrency == (int(hdrs["x-concurrency-limit"]) if "x-concurrency-limit" in hdrs else None)
    limiter = RateLimiter({"h": (1, 1.0, 1)})
    limiter.update("h", "single", hdrs)
    assert limiter.state("h")[0] == adv.limit


def test_limiter_adopts_replayed_headers_from_server(server: FixtureServer, config: ResolverConfig) -> None:
    server.advertise = None  # replay what Crossref said: ecology.json is polite pool, 10/s, 3 concurrent
    client = HttpClient(config)
    client.get(server.base + "/works", {"query": "ecology"}, kind="list")
    host = server.base.split("//")[1]
    limit, interval, conc = client.limiter.state(host, "list")
    assert (limit, interval, conc) == (3, 1.0, 3)  # 10/s advertised, capped at the list rate of the polite pool
    assert client.limiter.state(host, "single") == (10, 1.0, 3)


def test_pacing_respects_window_and_concurrency() -> None:
    limiter = RateLimiter({"h": (3, 0.3, 2)}, margin=0.0)
    starts: list[float] = []
    active = [0]
    peak = [0]
    lock = threading.Lock()

    def job() -> None:
        with limiter.slot("h"):
            with lock:
                starts.append(time.monotonic())
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.02)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=job) for _ in range(9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert peak[0] <= 2
    for i in range(3, len(starts)):  # never more than 3 starts inside any 0.3 s window
        assert starts[i] - starts[i - 3] >= 0.3 - 0.005
    assert starts[-1] - starts[0] >= 0.6 - 0.01


def test_concurrent_requests_obey_advertised_concurrency(server: FixtureServer, config: ResolverConfig) -> None:
    server.advertise = {"x-rate-limit-limit": "1000", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"}
    server.faults["*"] = []
    client = HttpClient(config)
    client.get(works_url(server))  # learn the limit
    host = server.base.split("//")[1]
    assert client.limiter.state(host)[2] == 1
    dois = ["10.1038/srep16696", "10.1155/2012/291294", "10.1101/097196", "10.3892/ijo_00000353"]
    errors: list[BaseException] = []

    def fetch(d: str) -> None:
        try:
            client.get(works_url(server, d))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fetch, args=(d,)) for d in dois]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(server.requests) == 5


# ------------------------------------------------------------------ small pure pieces
def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


@pytest.mark.parametrize(("ctype", "accept", "ok"), [
    ("application/json", "application/json", True),
    ("application/json;charset=utf-8", "application/json", True),
    ("application/vnd.citationstyles.csl+json", "application/vnd.citationstyles.csl+json", True),
    ("application/json; charset=ISO-8859-1", "application/json", True),
    ("text/html;charset=utf-8", "application/json", False),
    ("text/html", "application/vnd.citationstyles.csl+json", False),
    ("", "application/json", False),
])
def test_content_type_check(ctype: str, accept: str, ok: bool) -> None:
    assert content_type_ok(ctype, accept) is ok


def test_recorded_content_types_pass_and_recorded_error_pages_fail() -> None:
    for p in bodies("crossref-works") + bodies("doi-csl"):
        m = meta(p)
        if m.get("status") == 200 and "content-type" in m.get("response_headers", {}):
            accept = m.get("request_accept") or "application/json"
            if accept == "*/*":
                accept = "application/json"
            assert content_type_ok(m["response_headers"]["content-type"], accept), p.name
    page = meta(REAL / "doi-csl" / "10.1038_461171a.302.html")
    assert not content_type_ok(page["response_headers"]["content-type"], "application/vnd.citationstyles.csl+json")


def test_no_session_at_construction(config: ResolverConfig) -> None:
    client = HttpClient(config)
    assert client._session is None
    client.close()


def _unused(_: Any) -> None:  # keep imports honest for linters
    pass


def test_pacing_end_to_end_from_advertised_limit(server: FixtureServer, config: ResolverConfig) -> None:
    # the server advertises 4 requests per second; the client learns it from the first answer and keeps
    # every one-second window of arrivals at 4 or fewer
    server.advertise = {"x-rate-limit-limit": "4", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"}
    client = HttpClient(config.with_(cache_dir=None), cache=False)
    arrivals: list[float] = []
    orig = server.fault

    def stamp(path: str) -> str | None:
        if path.startswith("/works/"):
            arrivals.append(time.monotonic())
        return orig(path)

    server.fault = stamp  # type: ignore[method-assign]
    dois = ["10.1038/ng.3834", "10.1038/srep16696", "10.1155/2012/291294", "10.1101/097196", "10.3892/ijo_00000353",
            "10.1002/jor.1100150407", "10.1371/journal.pone.0020476", "10.1109/icdcsw.2003.1203662"]
    threads = [threading.Thread(target=client.get, args=(works_url(server, d),)) for d in dois]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    arrivals.sort()
    assert len(arrivals) == 8
    for i in range(4, len(arrivals)):
        assert arrivals[i] - arrivals[i - 4] >= 1.0


def test_gzip_bodies_are_decoded(server: FixtureServer, client: HttpClient) -> None:
    server.faults[DOI_PATH] = ["gzip"]
    recorded = json.loads((REAL / "crossref-works" / "10.1038_ng.3834.json").read_text())
    assert client.get(works_url(server)).json() == recorded
    assert "gzip" in server.requests[0].headers["accept-encoding"]


def test_size_cap_applies_to_the_decompressed_body(server: FixtureServer, client: HttpClient) -> None:
    server.faults[DOI_PATH] = ["gzipbomb"]
    with pytest.raises(BadResponse, match="cap"):
        client.get(works_url(server))
    assert cached_statuses(client) == {}


@pytest.mark.parametrize(("mailto", "single", "conc", "lists"), [(None, 5, 1, 1), ("me@example.org", 10, 3, 3)])
def test_starting_limits_follow_the_pool(mailto: str | None, single: int, conc: int, lists: int) -> None:
    # Crossref's December 2025 policy, used only until the first response states the limits
    cfg = ResolverConfig.from_env({"CITEKIT_NO_CACHE": "1"}, mailto=mailto)
    client = HttpClient(cfg, cache=False)
    assert client.limiter.state("api.crossref.org", "single") == (single, 1.0, conc)
    assert client.limiter.state("api.crossref.org", "list") == (lists, 1.0, conc)
    ncbi = client.limiter.state("eutils.ncbi.nlm.nih.gov")
    assert ncbi[0] == 3
    keyed = HttpClient(cfg.with_(ncbi_api_key="k"), cache=False)
    assert keyed.limiter.state("eutils.ncbi.nlm.nih.gov")[0] == 10
    assert ("mailto:" in user_agent(cfg)) is bool(mailto)
