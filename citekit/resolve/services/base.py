"""The :class:`Service` protocol every resolver service implements, and the checks every answer passes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from citekit.errors import InvalidIdentifier, WrongRecord
from citekit.ids import DOI, PMCID, PMID
from citekit.model import Reference

if TYPE_CHECKING:
    from citekit.resolve.api import Resolver

Identifier = DOI | PMID | PMCID


class Service:
    """One service: which identifiers it handles, how it fetches one (and, when it can, many).

    ``fetch`` returns the record or raises a typed :class:`~citekit.errors.ResolveError`; every
    answer is validated against the identifier asked for before it is cached (:func:`same_doi`).
    """

    name: ClassVar[str]
    label: ClassVar[str]
    handles: ClassVar[tuple[type, ...]]

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.client = resolver.client
        self.config = resolver.config

    def claims(self, ident: Any) -> bool:
        """True when this service handles ``ident``."""
        return isinstance(ident, self.handles)

    def fetch(self, ident: Any) -> Reference:
        """The record of ``ident``; a typed ``ResolveError`` when there is none or the service failed."""
        raise NotImplementedError


def same_doi(ref: Reference, doi: DOI, service: str) -> Reference:
    """``ref`` if its DOI is ``doi`` (DOIs compare case-insensitively), else :class:`WrongRecord`."""
    got = ref.doi
    try:
        same = got is not None and DOI.parse(str(got), prose=False) == doi
    except InvalidIdentifier:  # an unparsable DOI in the answer is simply not the one asked for
        same = False
    if not same:
        raise WrongRecord(f"{service} answered with the record of another DOI ({got!r}, title "
                          f"{(ref.title or '')[:60]!r}): rejected, not cached", item=doi.value, field="DOI",
                          source=service)
    return ref


def received(ref: Reference, when: float | None) -> Reference:
    """``ref`` with its origin's ``fetched_at`` set to ``when`` (epoch seconds, the answer's receipt), in UTC."""
    if when is not None:
        from datetime import UTC, datetime

        ext = ref.extensions
        ext.origin.fetched_at = datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")
        ref.extensions = ext
    return ref


def same_pmid(ref: Reference, pmid: PMID, service: str) -> Reference:
    """``ref`` if its PMID is ``pmid``, else :class:`WrongRecord`."""
    if str(ref.pmid or "") != str(pmid):
        raise WrongRecord(f"{service} answered with the record of PMID {ref.pmid!r}: rejected, not cached",
                          item=str(pmid), field="PMID", source=service)
    return ref


__all__ = ["Identifier", "Service", "received", "same_doi", "same_pmid"]
