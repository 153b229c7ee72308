"""A run's outcome as data: how many identifiers resolved, how many failed and why, which services
could not be asked, and what degraded. The CLI prints :meth:`Outcome.summary` and chooses its exit
code from it; "no record found" (``not-found``) and "could not ask" (``unreachable``,
``rate-limited``, ``service-error``) are different kinds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from citekit.errors import (
    BadResponse,
    InvalidIdentifier,
    NotFound,
    OfflineMiss,
    RateLimited,
    ServiceError,
    Unreachable,
    UnsupportedIdentifier,
    WrongRecord,
    printable,
)

#: error class → failure kind, most specific first
_KINDS: tuple[tuple[type[Exception], str], ...] = (
    (OfflineMiss, "offline-miss"), (NotFound, "not-found"), (WrongRecord, "wrong-record"),
    (BadResponse, "bad-response"), (RateLimited, "rate-limited"), (Unreachable, "unreachable"),
    (ServiceError, "service-error"), (UnsupportedIdentifier, "unsupported"), (InvalidIdentifier, "invalid"),
)
#: the kinds that mean "the service could not be asked", not "it has no record"
COULD_NOT_ASK = frozenset({"rate-limited", "unreachable", "service-error"})


def failure_kind(error: BaseException) -> str:
    """The outcome kind of an error: ``not-found``, ``wrong-record``, ``unreachable`` ..."""
    for cls, kind in _KINDS:
        if isinstance(error, cls):
            return kind
    return "error"


@dataclass
class Outcome:
    """What a resolver did in one run."""

    resolved: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    #: service → why it could not be asked (the first error; later requests to it were not sent)
    unreachable: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    cache_hits: int = 0
    warnings: list[str] = field(default_factory=list)
    offline: bool = False
    #: free-text citation searches made (Crossref ``query.bibliographic``), and how many could not be made
    searches: int = 0
    searches_failed: int = 0

    @property
    def total(self) -> int:
        """Identifiers looked up."""
        return self.resolved + sum(self.failed.values())

    @property
    def could_not_ask(self) -> int:
        """Identifiers that failed because a service could not be asked."""
        return sum(n for k, n in self.failed.items() if k in COULD_NOT_ASK)

    @property
    def incomplete(self) -> bool:
        """True when a service could not be asked (it is named in :attr:`unreachable`): the run did not
        do its whole job. One item refused on its own (an HTTP 400 for an odd identifier) is that
        item's failure, not this."""
        return bool(self.unreachable)

    def summary(self) -> str:
        """One line: ``identifiers resolved: 8 of 10; failed: 1 not-found, 1 unreachable; 12 requests, 3 from the cache``."""
        parts = [f"identifiers resolved: {self.resolved} of {self.total}" + (" (offline)" if self.offline else "")]
        if self.failed:
            parts.append("failed: " + ", ".join(f"{n} {k}" for k, n in sorted(self.failed.items())))
        if self.searches:
            parts.append(f"citation searches: {self.searches - self.searches_failed} of {self.searches} answered")
        parts.append(f"{self.requests} request{'s' if self.requests != 1 else ''}, {self.cache_hits} from the cache")
        return "; ".join(parts)

    def lines(self) -> list[str]:
        """The summary, then one line per service that could not be asked, then each warning."""
        out = [self.summary()]
        out += [printable(msg, keep_newlines=False) for msg in self.unreachable.values()]
        out += [f"warning: {printable(w, keep_newlines=False)}" for w in self.warnings]
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {"resolved": self.resolved, "failed": dict(sorted(self.failed.items())),
                "unreachable": dict(self.unreachable), "requests": self.requests, "cache_hits": self.cache_hits,
                "warnings": list(self.warnings), "offline": self.offline, "searches": self.searches,
                "searches_failed": self.searches_failed}


class Tally:
    """Counts results as they settle (not thread-safe on its own: the resolver holds a lock)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, error: BaseException | None) -> None:
        """Count one identifier: resolved when ``error`` is None, else its failure kind."""
        self.counts["resolved" if error is None else failure_kind(error)] += 1

    def add_search(self, error: BaseException | None) -> None:
        """Count one citation search; a failure that is only an offline miss still counts as failed."""
        self.counts["searches"] += 1
        if error is not None:
            self.counts["searches_failed"] += 1


__all__ = ["COULD_NOT_ASK", "Outcome", "Tally", "failure_kind"]
