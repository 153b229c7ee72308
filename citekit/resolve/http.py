"""All of citekit's HTTP etiquette in one place: the only module that opens sockets.

Every request made here has connect and read timeouts, a wall-clock bound on its body, a total
deadline covering all its attempts and waits, and the run's budget (``--timeout``); is paced by the
service's advertised rate and concurrency limits (:mod:`citekit.resolve.limits`); is retried with
exponential backoff and full jitter on 429, 5xx, resets and timeouts, honouring ``Retry-After``;
carries a ``User-Agent`` naming citekit and the user's mailto (Crossref's polite pool); refuses
bodies over a size cap and bodies whose content type is not the one asked for (an HTML error page
served with 200 is an error, not data); follows redirects only to the configured services and the
registration agencies' hosts. A response is cached only once the caller's ``validate`` accepted it
(the record is the one asked for, of the right shape): 200s for the TTL, 404s briefly, never 5xx,
429, a wrong record or a body that failed validation. In offline mode the cache is the only source;
``requests`` and ``urllib3`` are not even imported (importing urllib3 probes IPv6 with a socket).

A host that could not be asked (connections refused, the retries spent on 5xx or 429, a
``Retry-After`` longer than we wait, the run's budget spent) is *down* for the rest of the run:
later requests to it fail at once with the same typed error instead of repeating the wait. Every
message names the service, the identifier, what happened and what the user can do.

Errors (see :mod:`citekit.errors`): ``NotFound`` (404), ``RateLimited`` (429 after the retries),
``ServiceError`` (5xx, other refusals), ``Unreachable`` (connection failures, timeouts, deadline or
budget spent), ``BadResponse`` (wrong content type, invalid JSON, oversized body, redirect off the
allow-list; ``WrongRecord`` from ``validate``), ``OfflineMiss`` (offline, not cached).
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlsplit

from citekit.errors import (
    BadResponse,
    CitekitError,
    NotFound,
    OfflineMiss,
    RateLimited,
    ResolveError,
    ServiceError,
    Unreachable,
)
from citekit.resolve.cache import ResponseCache, cache_key
from citekit.resolve.config import ResolverConfig
from citekit.resolve.limits import RateLimiter

if TYPE_CHECKING:
    import requests

JSON = "application/json"
CSL_JSON = "application/vnd.citationstyles.csl+json"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _version() -> str:
    from citekit import __version__

    return __version__


def user_agent(config: ResolverConfig) -> str:
    """``citekit/0.1.0 (mailto:you@example.org) python-requests/2.x``: Crossref's "Name/Version (mailto:...)" form.

    The mailto puts the requests in Crossref's polite pool; without one they go to the public pool.
    """
    contact = f" (mailto:{config.mailto})" if config.mailto else ""
    extra = f" {config.user_agent_extra}" if config.user_agent_extra else ""
    return f"citekit/{_version()}{contact}{extra} python-requests/{_requests_version()}"


def _requests_version() -> str:
    from importlib.metadata import version

    return version("requests")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date, RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def content_type_ok(content_type: str, accept: str) -> bool:
    """True when a response's media type is one the request accepts (``+json`` counts as JSON)."""
    got = content_type.split(";", 1)[0].strip().lower()
    wanted = [a.split(";", 1)[0].strip().lower() for a in accept.split(",")]
    if any(w in (got, "*/*") for w in wanted):
        return True
    is_json = got == JSON or got.endswith("+json") or got == "text/json"
    return is_json and any(w == JSON or w.endswith("+json") for w in wanted)


@dataclass
class Response:
    """A validated response: its final URL, status, content type, text, and whether it came from the cache."""

    url: str
    status: int
    content_type: str
    text: str
    from_cache: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    #: when the answer was received (epoch seconds); for a cached answer, when it was first stored
    received: float | None = None
    _json: Any = None
    #: what the caller's ``validate`` returned for this response (the mapped record, say)
    value: Any = None

    def json(self) -> Any:
        """The body parsed as JSON (parsed once; the HTTP layer already checked that it parses)."""
        if self._json is None:
            self._json = json.loads(self.text)
        return self._json


@dataclass
class Stats:
    """Counters for one client: requests sent (answered or not), cache hits, 429s received, retries made."""

    requests: int = 0
    cache_hits: int = 0
    rate_limited: int = 0
    retries: int = 0
    #: requests failed at once because their host was already down this run
    short_circuited: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


#: a URL already percent-encoded by citekit (printable ASCII, no spaces): sent byte for byte
_SENDABLE = re.compile(r"^https?://[!-~]+$")
_ERRNO = re.compile(r"\[Errno\s*-?\d+\]\s*([^'\"()\]]+)")


def connection_reason(err: BaseException) -> str:
    """A short human reason for a connection failure ("connection refused", "name not resolved"),
    never urllib3's raw ``HTTPConnectionPool(...)`` text."""
    text = str(err)
    if "NameResolution" in text or "Failed to resolve" in text or "Name or service not known" in text:
        return "the host name could not be resolved"
    m = _ERRNO.search(text)
    if m:
        return m.group(1).strip().rstrip(".").lower()
    if "timed out" in text.lower() or "timeout" in type(err).__name__.lower():
        return "timed out"
    if "reset" in text.lower():
        return "connection reset"
    if "aborted" in text.lower() or "RemoteDisconnected" in text:
        return "the connection was closed by the server"
    return "connection failed"


def _is_connect_failure(err: BaseException) -> bool:
    """True when no connection could be made at all (refused, unresolvable, connect timeout)."""
    import requests
    import urllib3.exceptions

    if isinstance(err, requests.ConnectTimeout):
        return True
    reason = getattr(err.args[0], "reason", None) if err.args else None
    return isinstance(reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.NameResolutionError))


def _default_limits(config: ResolverConfig) -> tuple[dict[str, tuple[int, float, int]], dict[tuple[str, str], float]]:
    """Starting limits per host until the host states its own, and Crossref's list-request cap."""
    crossref = urlsplit(config.crossref_url).netloc.lower()
    ncbi_rate = 10 if config.ncbi_api_key else 3
    # Crossref (Dec 2025): public 5/s, 1 concurrent, 1 list/s; polite 10/s, 3 concurrent, 3 list/s.
    single, conc, lists = (10, 3, 3.0) if config.polite else (5, 1, 1.0)
    defaults = {crossref: (single, 1.0, conc), "api.crossref.org": (single, 1.0, conc), "*": (5, 1.0, 2)}
    for url in (config.ncbi_url, config.idconv_url):  # NCBI: 3/s, 10/s with an API key (E-utilities docs)
        defaults.setdefault(urlsplit(url).netloc.lower(), (ncbi_rate, 1.0, 3))
    list_cap = config.crossref_list_rate if config.crossref_list_rate is not None else lists
    caps = {(crossref, "list"): list_cap, ("api.crossref.org", "list"): list_cap}
    return defaults, caps


class HttpClient:
    """One ``requests.Session`` with citekit's etiquette. Thread-safe; share one per process or batch."""

    def __init__(
        self,
        config: ResolverConfig | None = None,
        *,
        cache: ResponseCache | None | bool = True,
        session: requests.Session | None = None,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config or ResolverConfig.from_env()
        if cache is True:
            cache = (ResponseCache(self.config.cache_dir / "http-cache.sqlite", timeout=self.config.cache_timeout)
                     if self.config.cache_dir else None)
        self.cache: ResponseCache | None = cache or None
        self._session = session
        self._session_lock = threading.Lock()
        defaults, caps = _default_limits(self.config)
        self.limiter = limiter or RateLimiter(defaults, caps)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.stats = Stats()
        self._stats_lock = threading.Lock()
        self.allowed_hosts = frozenset(self.config.redirect_hosts | self.config.service_hosts)
        #: hosts that could not be asked this run, with the error every later request to them gets
        self.down: dict[str, ResolveError] = {}
        #: services that answered (200 or 404) at least once this run
        self.answered: set[str] = set()
        #: failed attempts in a row per service (any request, any thread): a success resets it
        self._failing: dict[str, int] = {}
        self._started: float | None = None

    # ------------------------------------------------------------------ plumbing
    @property
    def session(self) -> requests.Session:
        """The session, created on first use (never at import or construction time, never offline)."""
        import requests
        import requests.adapters

        with self._session_lock:
            if self._session is None:
                s = requests.Session()
                adapter = requests.adapters.HTTPAdapter(pool_connections=8, pool_maxsize=16, max_retries=0)
                s.mount("http://", adapter)
                s.mount("https://", adapter)
                s.headers["User-Agent"] = user_agent(self.config)
                s.headers["Accept-Encoding"] = "gzip, deflate"
                self._session = s
            return self._session

    def close(self) -> None:
        """Close the session and the cache."""
        if self._session is not None:
            self._session.close()
        if self.cache is not None:
            self.cache.close()

    @property
    def warnings(self) -> list[str]:
        """What degraded during the run (the cache bypassed, moved aside, stopped writing)."""
        return list(self.cache.warnings) if self.cache is not None else []

    def _count(self, **inc: int) -> None:
        with self._stats_lock:
            for k, v in inc.items():
                setattr(self.stats, k, getattr(self.stats, k) + v)

    @staticmethod
    def full_url(url: str, params: Mapping[str, Any] | None) -> str:
        """The URL with its query string, exactly as it will be sent (and cached).

        ``urlencode`` gives what ``requests`` sends for these URLs (their paths are already
        percent-encoded), without importing ``requests`` (offline runs never do).
        """
        if not params:
            return url
        return url + ("&" if "?" in url else "?") + urlencode(list(params.items()), doseq=True)

    def _backoff(self, attempt: int) -> float:
        # exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter")
        cap = min(self.config.backoff_max, self.config.backoff_base * (2 ** attempt))
        return self._rng.uniform(cap / 2, cap)

    def _run_end(self) -> float:
        """When the run's budget (``--timeout``) runs out (monotonic time), counted from the first request."""
        if self.config.budget is None:
            return float("inf")
        with self._stats_lock:
            if self._started is None:
                self._started = time.monotonic()
            return self._started + self.config.budget

    # ------------------------------------------------------------------ cache
    def cached(self, url: str, accept: str = JSON) -> Response | None:
        """The cached answer for ``url`` (a 200), or ``None``; raises ``NotFound`` for a cached 404."""
        if self.cache is None:
            return None
        hit = self.cache.get(cache_key("GET", url, accept))
        if hit is None:
            return None
        self._count(cache_hits=1)
        if hit.status == 404:
            raise NotFound(f"not found (cached): {url}", source=self.config.service_of(url))
        return Response(hit.url, hit.status, hit.content_type, hit.body, from_cache=True, received=hit.stored)

    def cached_many(self, urls: list[str], accept: str = JSON) -> dict[str, Response | None]:
        """Cached answers for many URLs; ``None`` marks a cached 404. Misses are absent."""
        if self.cache is None:
            return {}
        keys = {cache_key("GET", u, accept): u for u in urls}
        out: dict[str, Response | None] = {}
        for key, hit in self.cache.get_many(list(keys)).items():
            out[keys[key]] = None if hit.status == 404 else Response(hit.url, 200, hit.content_type, hit.body, True,
                                                                     received=hit.stored)
        self._count(cache_hits=len(out))
        return out

    def forget(self, url: str, accept: str = JSON) -> None:
        """Drop a cached answer that no longer passes validation (it is then asked again)."""
        if self.cache is not None:
            self.cache.delete(cache_key("GET", url, accept))

    def store(self, url: str, payload: Any, *, accept: str = JSON, content_type: str = JSON) -> None:
        """Cache a JSON payload as the answer to ``url`` (a record taken out of a validated list response)."""
        if self.cache is not None:
            self.cache.put(cache_key("GET", url, accept), status=200, content_type=content_type,
                           body=json.dumps(payload, ensure_ascii=False), url=url, ttl=self.config.ttl)

    def store_many(self, items: list[tuple[str, Any]], *, accept: str = JSON) -> None:
        """Cache several ``(url, payload)`` answers in one transaction."""
        if self.cache is not None and items:
            rows = [(cache_key("GET", u, accept), JSON, json.dumps(p, ensure_ascii=False), u) for u, p in items]
            self.cache.put_many(rows, ttl=self.config.ttl)

    # ------------------------------------------------------------------ the one entry point
    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        accept: str = JSON,
        kind: str = "single",
        item: str | None = None,
        use_cache: bool = True,
        expect_json: bool = True,
        validate: Callable[[Response], Any] | None = None,
    ) -> Response:
        """GET ``url`` with every rule above; return a validated :class:`Response` or raise a ``ResolveError``.

        ``kind`` (``single`` or ``list``) selects the rate the service applies; ``item`` names the
        identifier in error messages. ``validate(response)`` checks the answer (the record is the
        one asked for, of the right shape) and returns what is kept in ``response.value``; a
        ``CitekitError`` from it is raised and the answer is not cached. A cached answer that no
        longer validates is dropped and asked again.
        """
        full = self.full_url(url, params)
        service = self.config.service_of(full)
        if use_cache:
            hit = self.cached(full, accept)
            if hit is not None:
                if validate is None:
                    return hit
                try:
                    hit.value = validate(hit)
                    return hit
                except (CitekitError, ValueError):  # stored by an older version, or damaged: ask again
                    self.forget(full, accept)
        if self.config.offline:
            raise OfflineMiss(f"offline and not in the cache: {full} (run once without --offline to fill the cache)",
                              item=item, source=service)
        with self._stats_lock:
            down = self.down.get(service) or (self.down.get(f"{service} list") if kind == "list" else None)
        if down is not None:
            self._count(short_circuited=1)
            raise type(down)(down.message, item=item, source=down.source)
        resp = self._attempts(full, service, accept=accept, kind=kind, item=item)
        resp.received = time.time()
        if resp.status == 404:
            if use_cache and self.cache is not None:
                self.cache.put(cache_key("GET", full, accept), status=404, content_type=resp.content_type,
                               body="", url=resp.url, ttl=self.config.ttl_not_found)
            raise NotFound(f"not found: {full}", item=item, source=service)
        if expect_json:
            try:
                resp._json = json.loads(resp.text)
            except ValueError as err:
                raise BadResponse(f"invalid JSON from {full}: {err}", item=item, source=service) from err
        if validate is not None:
            try:
                resp.value = validate(resp)
            except CitekitError as exc:
                if exc.item is None:
                    exc.item = item
                if isinstance(exc, BadResponse):
                    exc.source = service
                    exc.message += "; the answer is not used: retry later, or report it to the service if it persists"
                raise
        if use_cache and self.cache is not None:
            self.cache.put(cache_key("GET", full, accept), status=200, content_type=resp.content_type,
                           body=resp.text, url=resp.url, ttl=self.config.ttl)
        return resp

    def _attempts(self, full: str, service: str, *, accept: str, kind: str, item: str | None) -> Response:
        """The attempts of one request within its deadline; a final failure marks the service down."""
        deadline = min(time.monotonic() + self.config.deadline, self._run_end())
        last: _Retryable | None = None
        attempts = connects = 0
        for attempt in range(self.config.retries + 1):
            if time.monotonic() >= deadline:
                break
            if attempt:
                self._count(retries=1)
            attempts += 1
            key = f"{service} list" if kind == "list" else service
            try:
                resp = self._fetch(full, accept=accept, kind=kind, item=item, deadline=deadline)
                with self._stats_lock:
                    self._failing[key] = 0
                    self.answered.add(service)
                return resp
            except _Retryable as exc:
                last = exc
                connects += exc.connect
                with self._stats_lock:
                    self._failing[key] = failing = self._failing.get(key, 0) + 1
                    held = self.down.get(service)
                # stop when the service has failed as many attempts in a row as one request may make,
                # whichever requests made them (parallel requests must not each spend their retries)
                if attempt == self.config.retries or connects > self.config.connect_retries or held is not None \
                        or failing > self.config.retries:
                    break
                if exc.retry_after is not None and exc.retry_after > self.config.max_retry_after:
                    break
                wait = exc.retry_after if exc.retry_after is not None else self._backoff(attempt)
                if time.monotonic() + wait >= deadline:
                    break
                if exc.retry_after is not None:
                    self.limiter.block(exc.host, wait)
                else:
                    self._sleep(wait)
        with self._stats_lock:
            in_a_row = max(attempts, self._failing.get(f"{service} list" if kind == "list" else service, 0))
        err = self._final(last, service, item, in_a_row, deadline)
        # a list endpoint failing with 5xx may leave single requests working (Crossref's lists are the
        # heavy ones): only lists are held then; a refusal (429) or no connection holds the whole service
        key = f"{service} list" if kind == "list" and type(err) is ServiceError else service
        with self._stats_lock:
            self.down.setdefault(key, err)
        raise err

    def _final(self, last: _Retryable | None, service: str, item: str | None, attempts: int,
               deadline: float) -> ResolveError:
        """The error a request ends with, saying what happened and what the user can do."""
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''} failed in a row"
        spent = time.monotonic() >= deadline - 0.01
        if last is None or (spent and not isinstance(last.error, RateLimited)):
            budget = self._run_end() <= deadline
            what = (f"the run's time budget of {self.config.budget:g} s (--timeout) ran out" if budget
                    else f"no answer within the {self.config.deadline:g} s deadline")
            cause = f" (last: {last.error.message})" if last is not None else ""
            return Unreachable(f"{service} could not be asked: {what}{cause}; retry later, raise --timeout, "
                               "or use --offline with a cache", item=item, source=service)
        err = last.error
        if isinstance(err, RateLimited):
            wait = f", asked to wait {last.retry_after:g} s" if last.retry_after else ""
            pool = "" if self.config.polite else ", or set --mailto / CITEKIT_MAILTO for the polite pool"
            return RateLimited(f"{service} refused the requests (HTTP 429 rate limit{wait}, {tries}); not asked "
                               f"again this run: retry later{pool}", item=item, source=service)
        if isinstance(err, Unreachable):
            return Unreachable(f"{service} could not be reached: {err.message} ({tries}); check the network, "
                               "or use --offline with a cache", item=item, source=service)
        return type(err)(f"{service} failed: {err.message} ({tries}); not asked again this run: retry later",
                         item=item, source=service)

    def _fetch(self, url: str, *, accept: str, kind: str, item: str | None, deadline: float) -> Response:
        """One logical request: the hops of its redirects, each paced; raises ``_Retryable`` or a final error."""
        current = url
        for _hop in range(self.config.max_redirects + 1):
            parts = urlsplit(current)
            host = parts.netloc.lower()
            source = self.config.service_of(current)
            if host not in self.allowed_hosts:
                raise BadResponse(f"refusing redirect to a host not allowed: {current}", item=item, source=source)
            if parts.scheme not in ("http", "https"):
                raise BadResponse(f"refusing non-HTTP URL: {current}", item=item, source=source)
            with self.limiter.slot(host, kind) as mark:
                self._count(requests=1)  # sent, whether or not an answer comes
                try:
                    raw = self._send(current, accept=accept, item=item, deadline=deadline)
                finally:
                    mark()  # the response (or the failure) has arrived: the request reached the service before
                try:
                    self.limiter.update(host, kind, raw.headers)
                    status = raw.status_code
                    with self._stats_lock:
                        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
                    if status in REDIRECT_STATUSES:
                        location = raw.headers.get("location")
                        if not location:
                            raise BadResponse(f"redirect without a location from {current}", item=item, source=source)
                        current = urljoin(current, location)
                        kind = "single"
                        continue
                    if status in RETRY_STATUSES:
                        if status == 429:
                            self._count(rate_limited=1)
                        retry_after = parse_retry_after(raw.headers.get("retry-after")) if status in (429, 503) else None
                        cls = RateLimited if status == 429 else ServiceError
                        raise _Retryable(cls(f"HTTP {status}", item=item, source=source), retry_after, host)
                    if status == 404:
                        return Response(current, 404, raw.headers.get("content-type", ""), "")
                    if status != 200:
                        snippet = self._read(raw, url=current, item=item, limit=2000, deadline=deadline).strip()[:300]
                        raise ServiceError(f"HTTP {status} from {current}: {snippet}", item=item, source=source)
                    ctype = raw.headers.get("content-type", "")
                    if not content_type_ok(ctype, accept):
                        kind_of = "an HTML page" if "html" in ctype.lower() else f"content type {ctype or 'none'!r}"
                        raise BadResponse(f"{kind_of} instead of {accept} from {current}", item=item, source=source)
                    text = self._read(raw, url=current, item=item, limit=self.config.max_bytes, deadline=deadline)
                    return Response(current, 200, ctype, text, headers={k.lower(): v for k, v in raw.headers.items()})
                finally:
                    raw.close()
        raise BadResponse(f"more than {self.config.max_redirects} redirects from {url}", item=item,
                          source=self.config.service_of(url))

    def _send(self, url: str, *, accept: str, item: str | None, deadline: float) -> requests.Response:
        import requests

        host = urlsplit(url).netloc
        source = self.config.service_of(url)
        left = max(0.05, deadline - time.monotonic())
        timeout = (min(self.config.timeout[0], left), min(self.config.timeout[1], left))
        try:
            session = self.session
            prepared = session.prepare_request(requests.Request("GET", url, headers={"Accept": accept}))
            if _SENDABLE.match(url):
                # send the URL exactly as built: requests would decode %2E back to "." (an unreserved
                # character), and a server normalising "/doi/10.1000/../../etc" leaves the resolver's path
                prepared.url = url
            return session.send(prepared, timeout=timeout, allow_redirects=False, stream=True)
        except requests.Timeout as err:
            connect = isinstance(err, requests.ConnectTimeout)
            raise _Retryable(Unreachable(f"timed out ({'connecting' if connect else 'waiting for the answer'})",
                                         item=item, source=source), None, host, connect=connect) from err
        except requests.ConnectionError as err:
            raise _Retryable(Unreachable(connection_reason(err), item=item, source=source), None, host,
                             connect=_is_connect_failure(err)) from err
        except requests.RequestException as err:
            raise ServiceError(f"request failed: {connection_reason(err)}", item=item, source=source) from err

    def _read(self, raw: requests.Response, *, url: str, item: str | None, limit: int, deadline: float) -> str:
        """Read the body within the size cap and the wall-clock bound; decode it as text."""
        import requests

        host = urlsplit(url).netloc
        source = self.config.service_of(url)
        declared = raw.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BadResponse(f"response of {declared} bytes exceeds the {limit}-byte cap: {url}", item=item, source=source)
        until = min(time.monotonic() + self.config.total_timeout, deadline)
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                # read1 returns what one socket read gives, so a slow drip is noticed between bytes
                chunk = raw.raw.read1(65536, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise BadResponse(f"response exceeds the {limit}-byte cap: {url}", item=item, source=source)
                chunks.append(chunk)
                if time.monotonic() > until:
                    raise _Retryable(Unreachable(f"the answer was still arriving after {self.config.total_timeout:g} s",
                                                 item=item, source=source), None, host)
        except (requests.RequestException, OSError, _urllib3_errors()) as err:
            raise _Retryable(Unreachable(f"the connection broke while reading: {connection_reason(err)}", item=item,
                                         source=source), None, host) from err
        body = b"".join(chunks)
        encoding = raw.encoding if raw.encoding and "json" not in (raw.headers.get("content-type") or "") else "utf-8"
        try:
            return body.decode(encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return body.decode("utf-8", errors="replace")


def _urllib3_errors() -> type[Exception]:
    import urllib3.exceptions

    return urllib3.exceptions.HTTPError


class _Retryable(Exception):
    """Internal: a failure worth retrying, carrying the error to raise if the retries run out."""

    def __init__(self, error: ResolveError, retry_after: float | None, host: str, *, connect: bool = False) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after
        self.host = host
        #: no connection could be made at all (refused, unresolvable): retried only ``connect_retries`` times
        self.connect = connect
