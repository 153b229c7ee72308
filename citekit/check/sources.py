"""Where the authoritative records come from: the document's curated records and the resolver.

:class:`CuratedRecords` finds the curated record a citation refers to (by DOI, by PMID, else by
first author + year + title similarity, using the curated values *and* the unverified ones: this
is identification, not verification). Comparison then uses only the verified CSL variables.

:class:`Online` wraps a :class:`~citekit.resolve.api.Resolver` (imported only when one is needed,
so the pure comparison code never loads ``requests``): it prefetches every DOI and PMID in batches,
answers from the cache when offline, and matches citations without identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from citekit.check.normalise import family_key, similarity, title_key
from citekit.errors import CitekitError, InvalidIdentifier
from citekit.ids import DOI, ISBN, PMID, ArxivId
from citekit.model import Name, Reference

if TYPE_CHECKING:
    from citekit.resolve.api import Resolver

CURATED = "curated record"
#: title similarity (normalised) needed to identify a curated record by author + year + title
TITLE_MATCH = 0.8


def parse_doi(value: Any) -> DOI | None:
    """A DOI value object, or None when ``value`` is empty or not a DOI."""
    if not value:
        return None
    try:
        return DOI.parse(str(value))
    except InvalidIdentifier:
        return None


def parse_pmid(value: Any) -> PMID | None:
    """A PMID value object, or None."""
    if not value:
        return None
    try:
        return PMID.parse(str(value))
    except InvalidIdentifier:
        return None


def with_unverified(ref: Reference) -> Reference:
    """The record with its unverified values merged in: for identifying it, never for verifying against."""
    pending = ref.extensions.curation.unverified or {}
    data = ref.to_csl()
    for key, value in pending.items():
        data.setdefault(key, value)
    return Reference.from_csl(data)


def source_label(ref: Reference, *, offline: bool = False, today: date | None = None) -> str:
    """How the report names a record's origin: "Crossref 2026-11-24", "PubMed 28223062", "doi.org (DataCite)".

    Crossref's record is dated by when its answer was received (``origin.fetched_at``; a cached answer
    keeps the day it was first received), else today; offline, "(cache)" says so.
    """
    origin = ref.extensions.origin
    if origin.service == "crossref":
        fetched = origin.fetched
        if offline:
            return f"Crossref {fetched.date().isoformat()} (cache)" if fetched else "Crossref (cache)"
        return f"Crossref {(fetched.date() if fetched else today or date.today()).isoformat()}"
    if origin.service == "pubmed":
        return f"PubMed {ref.pmid}" if ref.pmid else "PubMed"
    return origin.label or CURATED


class CuratedRecords:
    """A document's curated records, searchable by DOI, PMID, or first author + year + title."""

    def __init__(self, refs: Iterable[Reference]) -> None:
        self.refs = list(refs)
        self._merged = [with_unverified(r) for r in self.refs]

    def find(self, cited: Reference) -> tuple[Reference, str] | None:
        """The curated record a citation refers to, and how it was identified; None when none fits."""
        doi = parse_doi(cited.doi)
        for ref, merged in zip(self.refs, self._merged, strict=True):
            if doi is not None and parse_doi(merged.doi) == doi:
                return ref, f"DOI {doi.value} in the curated records"
        pmid = parse_pmid(cited.pmid)
        for ref in self.refs:
            if pmid is not None and parse_pmid(ref.pmid) == pmid:
                return ref, f"PMID {pmid} in the curated records"
        best: tuple[float, Reference] | None = None
        for ref, merged in zip(self.refs, self._merged, strict=True):
            score = agreement(cited, merged)
            if score is not None and (best is None or score > best[0]):
                best = (score, ref)
        if best is not None:
            return best[1], f"first author, year and title (similarity {best[0]:.2f}) in the curated records"
        return None


def _family(name: Name | None) -> str:
    if name is None:
        return ""
    return family_key(name.literal if name.is_literal else name.family_full)


def title_score(a: Reference, b: Reference) -> float:
    """Title similarity after normalisation, also against the short title and with a subtitle left out."""
    ta = title_key(a.title)
    if not ta:
        return 0.0
    best = 0.0
    for t in (b.title, b.title_short):
        tb = title_key(t)
        if not tb:
            continue
        if (tb.startswith(ta) or ta.startswith(tb)) and min(len(ta), len(tb)) >= 20:
            return 1.0
        best = max(best, similarity(ta, tb))
    return best


def agreement(cited: Reference, record: Reference) -> float | None:
    """Title similarity when first author and year agree and the title is close enough; else None."""
    if _family(cited.first_author) != _family(record.first_author) or not _family(cited.first_author):
        return None
    if cited.year is not None and record.year is not None and abs(cited.year - record.year) > 1:
        return None
    score = title_score(cited, record)
    return score if score >= TITLE_MATCH else None


@dataclass
class Fetched:
    """A record fetched by identifier, or the error that stopped it."""

    record: Reference | None
    error: CitekitError | None
    confidence: float | None = None


class Online:
    """Records from the resolver: batch prefetch by DOI and PMID, then lookups and citation matching."""

    def __init__(self, resolver: Resolver, *, offline: bool = False) -> None:
        self.resolver = resolver
        self.offline = offline
        self._by_id: dict[str, Fetched] = {}

    def prefetch(self, dois: Sequence[DOI], pmids: Sequence[PMID], progress: Callable[[int, int], None] | None = None) -> None:
        """Fetch every identifier in as few requests as the services allow (one failure never stops the others)."""
        wanted: list[DOI | PMID] = list(dict.fromkeys([*dois, *pmids]))
        if not wanted:
            return
        for result in self.resolver.resolve_many(wanted, progress=progress):
            self._by_id[_key(result.identifier)] = Fetched(result.reference, result.error)

    def get(self, ident: DOI | PMID | ArxivId | ISBN) -> Fetched:
        """The record of one identifier (from the prefetch, else fetched now)."""
        key = _key(ident)
        if key not in self._by_id:
            try:
                self._by_id[key] = Fetched(self.resolver.resolve(ident), None)
            except CitekitError as exc:
                self._by_id[key] = Fetched(None, exc)
        return self._by_id[key]

    def match(self, cited: Reference, text: str | None) -> Fetched:
        """A confident match for a citation without identifiers (Crossref search, verified).

        ``Fetched(None, None)``: asked, no confident match; ``Fetched(None, error)``: the search could not
        be made (the error is kept, "could not ask" is not "no match"); offline, only a cached search answers.
        """
        from citekit.formats.text import format_compact
        from citekit.resolve.match import Matcher

        query = text or format_compact(cited)
        if not query.strip():
            return Fetched(None, None)
        try:
            result = Matcher(self.resolver, use_pubmed=False).match(query)
        except CitekitError as exc:
            return Fetched(None, exc)
        if result.best is None:
            return Fetched(None, result.error)
        return Fetched(result.best.reference, None, result.best.confidence)

    def outcome(self) -> dict[str, Any]:
        """The resolver's outcome as JSON (``Report.resolution``)."""
        return self.resolver.outcome().to_dict()


def _key(ident: Any) -> str:
    if isinstance(ident, DOI):
        return f"doi:{ident.key}"
    return f"{type(ident).__name__.lower()}:{ident}"


__all__ = ["CURATED", "TITLE_MATCH", "CuratedRecords", "Fetched", "Online", "agreement",
           "parse_doi", "parse_pmid", "source_label", "title_score", "with_unverified"]
