"""Batch resolution against a local server that behaves like Crossref's polite and public pools.

    python benchmarks/bench_resolve.py            # full run: 500 DOIs cold ×3 per pool, 1,000 warm ×5
    python benchmarks/bench_resolve.py --quick    # the tiny version CI can run (100 cold, 200 warm)
    python benchmarks/bench_resolve.py --pool public

The server (127.0.0.1) adds 30 ms latency to every answer, advertises the pool's limits on every
response and enforces them, answering 429 beyond them (sliding one-second windows, at arrival).
Polite pool (a mailto is sent): ``x-rate-limit-limit: 10``, ``x-concurrency-limit: 3``, 3 list
requests/s. Public pool (no mailto): 5/s, 1 concurrent, 1 list request/s (Crossref, Dec 2025). It serves ``/works/{doi}`` and
``/works?filter=doi:...``; each record is a recorded Crossref message (10.1038/srep16696, from
tests/data/fixtures/real) with its DOI renamed, so bodies have a real record's size and shape.

Cold: 500 distinct DOIs, empty cache, ``Resolver.resolve_many``. The two bounds the service sets:
one by one, 500 / 10 per second = 50 s; batched, 10 list requests at 3 per second ≈ 3.3 s (public:
100 s and 10 s).
Warm: 1,000 DOIs (the 500, twice) from the SQLite cache, in a new resolver (as in a new process).
The peer figure is citekit itself resolving DOIs one by one (how most clients do it, e.g. habanero's
``cr.works(ids=[...])`` or manubot's per-DOI lookups) on a sample, extrapolated to the batch size.
Targets, in both pools: cold within 20 % of the batched bound with zero 429s; warm under 1 s.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citekit.resolve.api import Resolver
from citekit.resolve.config import ResolverConfig

DATA = ROOT / "tests" / "data"
RECORD = DATA / "fixtures" / "real" / "crossref-works" / "10.1038_srep16696.json"
LATENCY = 0.030
#: pool -> (single requests/s, list requests/s, concurrent requests)
POOLS = {"polite": (10, 3, 3), "public": (5, 1, 1)}


class PolitePool:
    """The server's state: the records, the enforcement windows, and what it saw."""

    def __init__(self, n: int, pool: str = "polite") -> None:
        self.pool = pool
        self.single_rate, self.list_rate, self.concurrency = POOLS[pool]
        msg = json.loads(RECORD.read_text(encoding="utf-8"))["message"]
        self.records = {f"10.5555/bench.{i}": dict(msg, DOI=f"10.5555/bench.{i}") for i in range(n)}
        self.lock = threading.Lock()
        self.windows: dict[str, collections.deque[float]] = {"single": collections.deque(), "list": collections.deque()}
        self.in_flight = 0
        self.counts: collections.Counter[str] = collections.Counter()

    def admit(self, kind: str) -> bool:
        """Enforce the limits as a sliding window at arrival; False means 429."""
        now = time.monotonic()
        limit = self.list_rate if kind == "list" else self.single_rate
        with self.lock:
            w = self.windows[kind]
            while w and now - w[0] >= 1.0:
                w.popleft()
            if len(w) >= limit or self.in_flight >= self.concurrency:
                self.counts["429"] += 1
                return False
            w.append(now)
            self.in_flight += 1
            self.counts[kind] += 1
            return True

    def done(self) -> None:
        with self.lock:
            self.in_flight -= 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: bytes) -> None:
        pool: PolitePool = self.server.pool
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("x-api-pool", pool.pool)
        self.send_header("x-rate-limit-limit", str(pool.single_rate))
        self.send_header("x-rate-limit-interval", "1s")
        self.send_header("x-concurrency-limit", str(pool.concurrency))
        if status == 429:
            self.send_header("retry-after", "1")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        pool: PolitePool = self.server.pool
        parts = urlsplit(self.path)
        kind = "list" if parts.path == "/works" else "single"
        if not pool.admit(kind):
            self._answer(429, b"Too Many Requests")
            return
        try:
            time.sleep(LATENCY)
            if kind == "list":
                flt = parse_qs(parts.query).get("filter", [""])[0]
                items = [pool.records[d[4:]] for d in flt.split(",") if d[4:] in pool.records]
                body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                        "message": {"total-results": len(items), "items": items, "items-per-page": len(items)}}
                status = 200
            else:
                doi = unquote(parts.path[len("/works/"):])
                rec = pool.records.get(doi)
                body = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": rec}
                status = 200 if rec else 404
            data = json.dumps(body).encode() if status == 200 else b"Resource not found."
        finally:
            pool.done()  # the service stops counting the request once it has produced the answer
        self._answer(status, data)


def start(n: int, pool: str) -> tuple[ThreadingHTTPServer, PolitePool, str]:
    state = PolitePool(n, pool)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.pool = state  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd, state, f"http://127.0.0.1:{httpd.server_address[1]}"


def config(base: str, cache: Path, pool: str) -> ResolverConfig:
    env = {"CITEKIT_CROSSREF_URL": base, "CITEKIT_DOI_URL": base + "/doi", "CITEKIT_CACHE_DIR": str(cache)}
    if pool == "polite":
        env["CITEKIT_MAILTO"] = "bench@citekit.invalid"
    return ResolverConfig.from_env(env)


def run_pool(pool_name: str, n_cold: int, cold_reps: int, warm_reps: int, sample: int) -> bool:
    """One pool's cold, warm and one-by-one runs; prints its table; True when its targets are met."""
    httpd, pool, base = start(n_cold, pool_name)
    dois = list(pool.records)
    colds, warms, errors_seen, got_429, lists = [], [], 0, 0, 0
    tmp = Path(tempfile.mkdtemp(prefix="citekit-bench-"))
    last_cache = tmp
    for rep in range(cold_reps):
        cache = tmp / f"cold{rep}"
        time.sleep(1.2)  # let the previous repetition's requests leave the service's one-second windows
        pool.counts.clear()
        r = Resolver(config(base, cache, pool_name))
        t0 = time.perf_counter()
        results = r.resolve_many(dois)
        colds.append(time.perf_counter() - t0)
        r.close()
        errors_seen += sum(1 for x in results if not x.ok)
        last_cache = cache
        got_429 += pool.counts["429"]
        lists = pool.counts["list"]
    for _ in range(warm_reps):
        pool.counts.clear()
        r = Resolver(config(base, last_cache, pool_name))
        t0 = time.perf_counter()
        results = r.resolve_many(dois + dois)
        warms.append(time.perf_counter() - t0)
        r.close()
        errors_seen += sum(1 for x in results if not x.ok)
        assert pool.counts["single"] + pool.counts["list"] == 0, "warm run touched the network"
    # the peer: one by one, on a sample, extrapolated
    time.sleep(1.2)
    pool.counts.clear()
    r = Resolver(config(base, tmp / "singles", pool_name))
    t0 = time.perf_counter()
    for d in dois[:sample]:
        r.resolve(d)
    single_rate = sample / (time.perf_counter() - t0)
    r.close()
    got_429 += pool.counts["429"]
    httpd.shutdown()

    cold, warm = statistics.median(colds), statistics.median(warms)
    bound_single = n_cold / pool.single_rate
    n_lists = -(-n_cold // 50)
    bound_batch = n_lists / pool.list_rate
    print(f"{pool_name} pool ({pool.single_rate}/s, {pool.list_rate} lists/s, {pool.concurrency} concurrent)")
    print(f"{'job':<44} {'size':>6} {'citekit':>9} {'peer':>9} {'ratio':>7}")
    print(f"{f'cold, batched (median of {cold_reps})':<44} {n_cold:>6} {cold:>8.2f}s {n_cold / single_rate:>8.2f}s "
          f"{(n_cold / single_rate) / cold:>6.1f}x")
    print(f"{f'  bound one by one ({n_cold} / {pool.single_rate} per s)':<44} {'':>6} {bound_single:>8.2f}s")
    print(f"{f'  bound batched ({n_lists} lists at {pool.list_rate}/s)':<44} {'':>6} {bound_batch:>8.2f}s "
          f"{'':>9} {cold / bound_batch:>6.2f}x")
    print(f"{'  list requests (last rep) / 429s (all runs)':<44} {'':>6} {lists:>9} {got_429:>9}")
    print(f"{f'warm, from the SQLite cache (median of {warm_reps})':<44} {2 * n_cold:>6} {warm:>8.3f}s")
    print(f"{f'one by one, measured on {sample} (req/s)':<44} {sample:>6} {single_rate:>8.2f}/s")
    print(f"failed items: {errors_seen}; cold runs: {', '.join(f'{c:.2f}s' for c in colds)}")
    ok = cold <= bound_batch * 1.2 and got_429 == 0 and warm < 1.0 and errors_seen == 0
    print("targets (cold <= 1.2 x batched bound, 0 x 429, warm < 1 s):", "met" if ok else "NOT met")
    print()
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    ap.add_argument("--pool", choices=["polite", "public", "both"], default="both")
    args = ap.parse_args()
    n_cold, cold_reps, warm_reps, sample = (100, 1, 1, 10) if args.quick else (500, 3, 5, 40)
    pools = ["polite", "public"] if args.pool == "both" else [args.pool]
    results = [run_pool(p, n_cold, cold_reps, warm_reps, sample) for p in pools]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
