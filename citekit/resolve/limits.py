"""Client-side pacing from the services' own headers: a rate per (host, kind) and a concurrency cap per host.

Crossref states its limits on every response: ``x-rate-limit-limit: 10``, ``x-rate-limit-interval: 1s``
and ``x-concurrency-limit: 3`` (older responses spell them ``x-ratelimit-*``). They differ by pool
(public 5/s with 1 concurrent, polite 10/s with 3, plus 150/s) and they change over time, so the
limiter starts from a conservative guess and adopts whatever the last response said.

A rate is enforced as a sliding window (at most ``limit`` requests in any ``interval``), which is
how the services count. The service counts *arrivals*, which the client cannot see; it can see
when a response arrived, which is after the request did. So each request's place in the window is
stamped when its response headers arrive (``mark``), and a new request is sent only when the
``limit``-th previous one was answered at least ``interval`` (plus a small margin) ago: then the
gap between the two arrivals at the service is at least ``interval`` too, whatever the network or
a busy client thread delayed. The price is one round trip per window, paid for never seeing a 429.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}


def parse_interval(text: str) -> float | None:
    """``"1s"`` → 1.0, ``"60s"`` → 60.0, ``"500ms"`` → 0.5; ``None`` when unreadable."""
    m = _INTERVAL.match(text or "")
    if not m:
        return None
    value = float(m.group(1)) * _UNITS[m.group(2)]
    return value if value > 0 else None


@dataclass(frozen=True)
class Advertised:
    """The limits one response advertised (any may be missing)."""

    limit: int | None = None
    interval: float | None = None
    concurrency: int | None = None
    pool: str | None = None


def read_limits(headers: Mapping[str, str]) -> Advertised:
    """Read ``x-rate-limit-*`` (or the older ``x-ratelimit-*``) and ``x-concurrency-limit``."""
    h = {k.lower(): v for k, v in headers.items()}

    def num(*names: str) -> int | None:
        for n in names:
            v = h.get(n, "").strip()
            if v.isdigit() and int(v) > 0:
                return int(v)
        return None

    interval = None
    for n in ("x-rate-limit-interval", "x-ratelimit-interval"):
        if n in h:
            interval = parse_interval(h[n])
            if interval:
                break
    return Advertised(
        limit=num("x-rate-limit-limit", "x-ratelimit-limit"),
        interval=interval,
        concurrency=num("x-concurrency-limit"),
        pool=h.get("x-api-pool"),
    )


class _Stamp:
    """One request's place in a window: its answer time, or ``None`` while it is in flight."""

    __slots__ = ("t",)

    def __init__(self) -> None:
        self.t: float | None = None


@dataclass
class _Window:
    limit: int
    interval: float
    starts: deque[_Stamp] = field(default_factory=deque)
    cap: float | None = None  # an upper bound on the rate (requests / second) whatever headers say

    def effective(self) -> tuple[int, float]:
        limit, interval = self.limit, self.interval
        if self.cap is not None and limit / interval > self.cap:
            # express the cap as a window of the same shape: at most ``cap`` starts per second
            limit, interval = max(1, int(self.cap)), 1.0 if self.cap >= 1 else 1.0 / self.cap
        return limit, interval


@dataclass
class _Host:
    concurrency: int
    active: int = 0
    blocked_until: float = 0.0


class RateLimiter:
    """Paces requests per (host, kind) and caps concurrent requests per host; thread-safe."""

    def __init__(
        self,
        defaults: Mapping[str, tuple[int, float, int]] | None = None,
        caps: Mapping[tuple[str, str], float] | None = None,
        *,
        margin: float = 0.02,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        #: host -> (limit, interval, concurrency) before the host has told us anything
        self.defaults = dict(defaults or {})
        self.caps = dict(caps or {})
        self.margin = margin
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()
        self._windows: dict[tuple[str, str], _Window] = {}
        self._hosts: dict[str, _Host] = {}

    def _default(self, host: str) -> tuple[int, float, int]:
        return self.defaults.get(host, self.defaults.get("*", (5, 1.0, 2)))

    def _window(self, host: str, kind: str) -> _Window:
        w = self._windows.get((host, kind))
        if w is None:
            limit, interval, _ = self._default(host)
            w = self._windows[(host, kind)] = _Window(limit, interval, cap=self.caps.get((host, kind)))
        return w

    def _host(self, host: str) -> _Host:
        h = self._hosts.get(host)
        if h is None:
            h = self._hosts[host] = _Host(self._default(host)[2])
        return h

    @contextmanager
    def slot(self, host: str, kind: str = "single") -> Iterator[Callable[[], None]]:
        """Wait for a concurrency slot and a rate slot; yields ``mark``, to call when the response arrives.

        The concurrency slot is held while the block runs. If ``mark`` is never called, the block's
        end stands in for it.
        """
        stamp = _Stamp()
        with self._cond:
            while True:
                now = self._clock()
                h, w = self._host(host), self._window(host, kind)
                limit, interval = w.effective()
                span = interval * (1 + self.margin)
                while w.starts and w.starts[0].t is not None and now - w.starts[0].t >= span:
                    w.starts.popleft()
                wait: float | None = 0.0
                if h.blocked_until > now:
                    wait = h.blocked_until - now
                elif len(w.starts) >= limit:
                    oldest = w.starts[0].t
                    wait = None if oldest is None else span - (now - oldest)  # None: until an answer comes
                if h.active >= h.concurrency or wait is None:
                    self._cond.wait(timeout=wait)
                    continue
                if wait > 0:
                    self._cond.wait(timeout=wait)
                    continue
                w.starts.append(stamp)
                h.active += 1
                break

        def mark() -> None:
            with self._cond:
                if stamp.t is None:
                    stamp.t = self._clock()
                    self._cond.notify_all()

        try:
            yield mark
        finally:
            with self._cond:
                if stamp.t is None:
                    stamp.t = self._clock()
                self._host(host).active -= 1
                self._cond.notify_all()

    def update(self, host: str, kind: str, headers: Mapping[str, str]) -> Advertised:
        """Adopt the limits a response advertised for this host.

        The headers state the pool's rate whatever the kind of request that got them (Crossref sends
        the same values on single and list answers), so every kind's window takes them; a kind with
        a cap (Crossref's list requests) stays under it.
        """
        adv = read_limits(headers)
        with self._cond:
            self._window(host, kind)
            for (h, _k), w in self._windows.items():
                if h != host:
                    continue
                if adv.limit is not None:
                    w.limit = adv.limit
                if adv.interval is not None:
                    w.interval = adv.interval
            if adv.concurrency is not None:
                self._host(host).concurrency = adv.concurrency
            self._cond.notify_all()
        return adv

    def block(self, host: str, seconds: float) -> None:
        """Hold every request to ``host`` for ``seconds`` (after a 429 or 503 with Retry-After)."""
        with self._cond:
            h = self._host(host)
            h.blocked_until = max(h.blocked_until, self._clock() + seconds)

    def state(self, host: str, kind: str = "single") -> tuple[int, float, int]:
        """(limit, interval, concurrency) currently applied to ``host`` and ``kind``."""
        with self._cond:
            w = self._window(host, kind)
            limit, interval = w.effective()
            return limit, interval, self._host(host).concurrency
