"""Resolver configuration, from arguments or the environment (``CITEKIT_*``).

=========================  ===============================================  ==========================
variable                   default                                          meaning
=========================  ===============================================  ==========================
``CITEKIT_CROSSREF_URL``   ``https://api.crossref.org``                     Crossref REST API
``CITEKIT_DOI_URL``        ``https://doi.org``                              DOI resolver (content negotiation)
``CITEKIT_NCBI_URL``       ``https://eutils.ncbi.nlm.nih.gov/entrez/eutils`` E-utilities
``CITEKIT_IDCONV_URL``     ``https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/``  PMC ID converter
``CITEKIT_ARXIV_URL``      ``https://export.arxiv.org/api/query``           arXiv API (Atom), ``[@arxiv:...]``
``CITEKIT_ISBN_URL``       ``https://www.googleapis.com/books/v1/volumes``  Google Books volumes, ``[@isbn:...]``
``CITEKIT_MAILTO``         none                                             your e-mail: Crossref's polite pool, NCBI ``email``
``CITEKIT_NCBI_API_KEY``   none                                             NCBI key (10 requests/s instead of 3)
``CITEKIT_CACHE_DIR``      ``$XDG_CACHE_HOME/citekit`` (``~/.cache/citekit``) where the SQLite cache lives
``CITEKIT_OFFLINE``        ``0``                                            ``1``: answer from the cache only
``CITEKIT_MIRROR``         none                                             a local Crossref mirror (``citekit mirror build``), asked first
``CITEKIT_NO_CACHE``       ``0``                                            ``1``: no persistent cache
``CITEKIT_TIMEOUT``        ``300``                                          the run's time budget in seconds (``--timeout``)
``CITEKIT_DEADLINE``       ``45``                                           one request's deadline, retries and waits included
``CITEKIT_RETRIES``        ``4``                                            retries on 429, 5xx, resets and timeouts
``CITEKIT_BACKOFF``        ``0.5``                                          first backoff in seconds (doubles, full jitter)
=========================  ===============================================  ==========================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: Registration agencies' hosts that doi.org content negotiation may redirect to (plus doi.org itself).
#: A redirect anywhere else is refused: the body would not be the agency's record.
AGENCY_HOSTS: frozenset[str] = frozenset({
    "doi.org", "dx.doi.org", "www.doi.org",
    "api.crossref.org", "data.crossref.org",
    "data.crosscite.org", "api.datacite.org", "data.datacite.org",
    "data.medra.org", "api.medra.org",
    "data.jalc.or.jp", "api.japanlinkcenter.org",
    "data.kisti.re.kr", "data.airiti.com", "data.cnki.net", "data.chinadoi.cn",
    "api.ncbi.nlm.nih.gov",
})


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _default_cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "citekit"


@dataclass(frozen=True)
class ResolverConfig:
    """Where the services are, who we are, and how patient to be. Build with :meth:`from_env`."""

    crossref_url: str = "https://api.crossref.org"
    doi_url: str = "https://doi.org"
    ncbi_url: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    idconv_url: str = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
    arxiv_url: str = "https://export.arxiv.org/api/query"
    isbn_url: str = "https://www.googleapis.com/books/v1/volumes"
    #: arXiv's terms of use: no more than one request every three seconds, one connection at a time
    arxiv_interval: float = 3.0
    mailto: str | None = None
    ncbi_api_key: str | None = None
    cache_dir: Path | None = None  #: None: no persistent cache
    offline: bool = False
    #: a local Crossref mirror directory (``citekit mirror build``): asked before the network
    mirror_dir: Path | None = None
    #: (connect, read) timeouts in seconds, for every attempt
    timeout: tuple[float, float] = (3.05, 20.0)  # a blackholed network: 2 connects, ~6.5 s, then the service is down
    #: wall-clock bound on one response's body, however slowly it drips
    total_timeout: float = 30.0
    #: total deadline of one request: every attempt, backoff and Retry-After wait included
    deadline: float = 45.0
    #: the run's time budget in seconds (``--timeout``), from its first request; None: unbounded
    budget: float | None = 300.0
    #: how often a connection that could not be made at all (refused, unresolvable) is tried again
    connect_retries: int = 1
    #: how long to wait for another process's lock on the cache before bypassing it
    cache_timeout: float = 2.0
    max_bytes: int = 20 * 1024 * 1024
    retries: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    #: a Retry-After longer than this is not waited for: RateLimited is raised instead
    max_retry_after: float = 120.0
    ttl: float = 30 * 24 * 3600.0
    ttl_not_found: float = 3600.0
    max_redirects: int = 5
    #: hosts a redirect may lead to, besides the configured services' own hosts
    redirect_hosts: frozenset[str] = AGENCY_HOSTS
    #: Crossref's list requests (query / filter) have their own, lower rate, which its headers do
    #: not state separately (Dec 2025 policy: public 1/s, polite 3/s); the header rate still caps it.
    crossref_list_rate: float | None = None
    user_agent_extra: str = ""
    tool: str = "citekit"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> ResolverConfig:
        """Configuration from ``CITEKIT_*`` variables, then ``overrides`` (``None`` values ignored)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, var in [("crossref_url", "CITEKIT_CROSSREF_URL"), ("doi_url", "CITEKIT_DOI_URL"),
                          ("ncbi_url", "CITEKIT_NCBI_URL"), ("idconv_url", "CITEKIT_IDCONV_URL"),
                          ("arxiv_url", "CITEKIT_ARXIV_URL"), ("isbn_url", "CITEKIT_ISBN_URL"),
                          ("mailto", "CITEKIT_MAILTO"), ("ncbi_api_key", "CITEKIT_NCBI_API_KEY")]:
            if env.get(var):
                values[name] = env[var].strip()
        if _flag(env.get("CITEKIT_NO_CACHE")):
            values["cache_dir"] = None
        else:
            values["cache_dir"] = Path(env["CITEKIT_CACHE_DIR"]) if env.get("CITEKIT_CACHE_DIR") else _default_cache_dir(env)
        values["offline"] = _flag(env.get("CITEKIT_OFFLINE"))
        if env.get("CITEKIT_MIRROR", "").strip():
            values["mirror_dir"] = Path(env["CITEKIT_MIRROR"].strip())
        for name, var, kind in (("budget", "CITEKIT_TIMEOUT", float), ("deadline", "CITEKIT_DEADLINE", float),
                                ("retries", "CITEKIT_RETRIES", int), ("backoff_base", "CITEKIT_BACKOFF", float)):
            if env.get(var):
                try:
                    values[name] = kind(env[var])
                except ValueError:
                    pass  # an unreadable value keeps the default (the CLI's --timeout is checked by click)
        if values.get("budget") == 0:
            values["budget"] = None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> ResolverConfig:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def service_hosts(self) -> frozenset[str]:
        """The hosts (``host:port`` when a port is given) of the configured services."""
        out = set()
        for url in (self.crossref_url, self.doi_url, self.ncbi_url, self.idconv_url, self.arxiv_url, self.isbn_url):
            out.add(urlsplit(url).netloc.lower())
        return frozenset(out)

    def service_of(self, url: str) -> str:
        """The service a URL belongs to, for messages and for marking a service down:
        ``"Crossref (api.crossref.org)"``, ``"doi.org (doi.org)"``, or the bare host of a registration agency.

        Matched by the longest configured base URL, so services sharing one host (a local mirror)
        stay apart.
        """
        best, name = "", ""
        for base, label in ((self.crossref_url, "Crossref"), (self.doi_url, "doi.org"),
                            (self.ncbi_url, "NCBI E-utilities"), (self.idconv_url, "PMC ID converter"), (self.arxiv_url, "arXiv"),
                            (self.isbn_url, "Google Books")):
            prefix = base.rstrip("/")
            if (url == prefix or url.startswith((prefix + "/", prefix + "?"))) and len(prefix) > len(best):
                best, name = prefix, label
        host = urlsplit(url).netloc.lower() or url
        return f"{name} ({host})" if name else host

    @property
    def polite(self) -> bool:
        """True when a mailto is set (Crossref's polite pool)."""
        return bool(self.mailto)
