"""Resolution: identifiers → authoritative records, one at a time or in batches.

DOIs go to Crossref first (``/works/{doi}``); a DOI Crossref does not hold is tried at doi.org by
content negotiation (DataCite, mEDRA, JaLC ...). Batches fetch DOIs 50 at a time with list requests
(``/works?filter=doi:A,doi:B``), which is how a batch gets near the service's real bound; each
record of a list answer is also cached under its own ``/works/{doi}`` URL so a later single lookup
(or another batch) is a cache hit. A DOI missing from a list answer is then tried alone before it is
reported. PMIDs go to ESummary (200 a request); PMCIDs through the PMC ID converter to a PMID.

The services are registered in :mod:`citekit.resolve.services`; DOIs are asked of ``DOI_ORDER``
(Crossref, then doi.org), each answer checked to be the identifier asked for. ``resolve_many``
never lets one failure abort the batch: each input gets a :class:`Result` holding its record or its
typed error, and :meth:`Resolver.outcome` counts them (resolved, failed by kind, services that
could not be asked).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from citekit.errors import CitekitError, InvalidIdentifier, NotFound, ResolveError, UnsupportedIdentifier
from citekit.ids import DOI, ISBN, PMCID, PMID, parse_identifier
from citekit.ids.arxiv import ArxivId
from citekit.model import Reference
from citekit.resolve import ncbi
from citekit.resolve.config import ResolverConfig
from citekit.resolve.http import HttpClient
from citekit.resolve.outcome import Outcome, Tally
from citekit.resolve.services import BUILTIN, DOI_ORDER, service_class
from citekit.resolve.services.base import Service
from citekit.resolve.services.crossref import MAX_FILTER_DOIS, Crossref
from citekit.resolve.services.idconv import PmcConverter
from citekit.resolve.services.mirror import Mirror
from citekit.resolve.services.ncbi import PubMed

Progress = Callable[[int, int], None]


@dataclass
class Result:
    """The outcome for one input: its parsed identifier and either a record or a typed error."""

    query: str
    identifier: DOI | PMID | PMCID | ArxivId | ISBN | None = None
    reference: Reference | None = None
    error: CitekitError | None = None

    @property
    def ok(self) -> bool:
        """True when a record was found."""
        return self.reference is not None


def copy_reference(ref: Reference) -> Reference:
    """An independent copy of a record: through JSON in pydantic's core, four times faster than
    ``model_copy(deep=True)`` (0.11 ms against 0.42 ms a Crossref record) and equal to it."""
    return Reference.model_validate_json(ref.model_dump_json(by_alias=True, exclude_none=True))


class Resolver:
    """Resolves identifiers through the registered services and one :class:`HttpClient` (its cache,
    limits and etiquette). :meth:`outcome` reports what the run did."""

    def __init__(self, config: ResolverConfig | None = None, *, client: HttpClient | None = None,
                 workers: int = 4, services: Sequence[str] | None = None) -> None:
        self.client = client or HttpClient(config)
        self.config = self.client.config
        self.workers = workers
        self._names = list(services if services is not None else BUILTIN)
        self._services: dict[str, Service] = {}
        self._tally = Tally()
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the HTTP session and the cache."""
        self.client.close()

    # ------------------------------------------------------------------ services
    def service(self, name: str) -> Service:
        """The registered service ``name``, created on first use."""
        with self._lock:
            if name not in self._services:
                self._services[name] = service_class(name)(self)
            return self._services[name]

    def chain(self, ident: Any) -> list[Service]:
        """The services that handle ``ident``, in the order they are asked; ``UnsupportedIdentifier`` if none."""
        names = [n for n in DOI_ORDER if n in self._names] if isinstance(ident, DOI) else self._names
        found = [s for s in (self.service(n) for n in names) if s.claims(ident)]
        if not found:
            raise UnsupportedIdentifier(f"no service handles {type(ident).__name__} identifiers "
                                        f"(services: {', '.join(self._names) or 'none'})", item=str(ident))
        return found

    def outcome(self) -> Outcome:
        """What this resolver did so far: resolved, failed by kind, services that could not be asked, warnings."""
        with self._lock:
            counts = dict(self._tally.counts)
        resolved = counts.pop("resolved", 0)
        searches, searches_failed = counts.pop("searches", 0), counts.pop("searches_failed", 0)
        # a list endpoint that failed counts when the service never answered otherwise
        down = {k.removesuffix(" list"): e.message for k, e in self.client.down.items()
                if not k.endswith(" list") or k.removesuffix(" list") not in self.client.answered}
        stats = self.client.stats
        return Outcome(resolved, counts, down, stats.requests, stats.cache_hits, self.client.warnings,
                       self.config.offline, searches, searches_failed)

    def _count(self, error: BaseException | None) -> None:
        with self._lock:
            self._tally.add(error)

    def count_search(self, error: BaseException | None) -> None:
        """Count one free-text search (the matcher's), answered or not, in :meth:`outcome`."""
        with self._lock:
            self._tally.add_search(error)

    # ------------------------------------------------------------------ single
    def resolve(self, identifier: str | DOI | PMID | PMCID | ArxivId | ISBN) -> Reference:
        """The record for one identifier; raises ``InvalidIdentifier`` or a ``ResolveError``."""
        try:
            ident = parse_identifier(identifier) if isinstance(identifier, str) else identifier
            if not isinstance(ident, (DOI, PMID, PMCID, ArxivId, ISBN)):
                raise InvalidIdentifier(f"not a DOI, PMID, PMCID, arXiv id or ISBN: {identifier!r}", item=str(identifier))
            ref = self._resolve(ident)
        except CitekitError as exc:
            self._count(exc)
            raise
        self._count(None)
        return ref

    def _resolve(self, ident: DOI | PMID | PMCID | ArxivId | ISBN) -> Reference:
        last: NotFound | None = None
        chain = self.chain(ident)
        for service in chain:
            try:
                return service.fetch(ident)
            except NotFound as exc:  # the next service may hold it; any other failure is the answer
                last = exc
        if len(chain) > 1:
            names = " or ".join(s.label for s in chain)
            raise NotFound(f"no record at {names}: check the DOI (a typo, or not registered yet)", item=str(ident),
                           field="DOI" if isinstance(ident, DOI) else None, source=names) from last
        assert last is not None
        raise last

    def crossref_work_url(self, doi: DOI) -> str:
        """The exact URL (and cache key) of a DOI's Crossref record."""
        return self._crossref().work_url(doi)

    def resolve_doi(self, doi: DOI) -> Reference:
        """Crossref's record, else the registration agency's via doi.org; ``NotFound`` when neither has it."""
        return self._resolve(doi)

    def resolve_doi_negotiated(self, doi: DOI) -> Reference:
        """doi.org content negotiation (CSL-JSON), redirects followed only to registration agencies."""
        return self.service("doiorg").fetch(doi)

    def resolve_pmid(self, pmid: PMID) -> Reference:
        """PubMed's record (ESummary)."""
        return self._pubmed().fetch(pmid)

    def resolve_pmcid(self, pmcid: PMCID) -> Reference:
        """The PubMed record of a PMC article (ID converter → PMID → ESummary), else its DOI's record."""
        return self._pmc().fetch(pmcid)

    def convert_ids(self, ids: Sequence[str]) -> dict[str, ncbi.IdRecord]:
        """PMC ID converter records keyed by the lower-cased requested id (≤ 200 ids a request)."""
        return self._pmc().convert(ids)

    def mirror(self) -> Mirror | None:
        """The local mirror service when ``CITEKIT_MIRROR`` (``config.mirror_dir``) is set, else None."""
        if "mirror" not in self._names or self.config.mirror_dir is None:
            return None
        svc = self.service("mirror")
        assert isinstance(svc, Mirror)
        return svc

    def _crossref(self) -> Crossref:
        svc = self.service("crossref")
        assert isinstance(svc, Crossref)
        return svc

    def _pubmed(self) -> PubMed:
        svc = self.service("pubmed")
        assert isinstance(svc, PubMed)
        return svc

    def _pmc(self) -> PmcConverter:
        svc = self.service("pmc")
        assert isinstance(svc, PmcConverter)
        return svc

    # ------------------------------------------------------------------ batches
    def resolve_many(self, identifiers: Iterable[str | DOI | PMID | PMCID], *,
                     progress: Progress | None = None) -> list[Result]:
        """One :class:`Result` per input, in input order; failures are per item, never for the batch.

        Whatever a service answers (a wrong shape, another record, a refusal), this never raises:
        each input gets its record or its typed error.
        """
        results: list[Result] = []
        for raw in identifiers:
            query = str(raw)
            try:
                ident = parse_identifier(raw) if isinstance(raw, str) else raw
                results.append(Result(query, ident))
            except InvalidIdentifier as exc:
                results.append(Result(query, error=exc))
                self._count(exc)
        total = len(results)
        done = [sum(1 for r in results if r.error is not None)]
        lock = threading.Lock()

        def tick(n: int = 1) -> None:
            with lock:
                done[0] += n
                if progress is not None:
                    progress(done[0], total)

        if progress is not None and done[0]:
            progress(done[0], total)
        by_doi: dict[DOI, list[Result]] = {}
        others: list[Result] = []
        for r in results:
            if isinstance(r.identifier, DOI):
                by_doi.setdefault(r.identifier, []).append(r)
            elif r.identifier is not None:
                others.append(r)
        try:
            self._resolve_dois(by_doi, tick)
            self._resolve_pubmed(others, tick)
        except CitekitError as exc:  # a last guard: the batch never raises, each unsettled item reports it
            for r in results:
                if r.reference is None and r.error is None:
                    self._settle([r], None, exc, tick)
        return results

    def _settle(self, group: list[Result], ref: Reference | None, err: CitekitError | None,
                tick: Callable[[int], None]) -> None:
        for i, r in enumerate(group):  # the same identifier twice: each result gets its own copy to edit
            r.reference = copy_reference(ref) if (ref is not None and i > 0) else ref
            r.error = err
            self._count(err)
        tick(len(group))

    def _resolve_dois(self, by_doi: dict[DOI, list[Result]], tick: Callable[[int], None]) -> None:
        mirror = self.mirror()
        if mirror is not None and by_doi:  # the local mirror first: what it holds never goes to the network
            for doi, got in mirror.fetch_many(list(by_doi)).items():
                self._settle_outcome(doi, by_doi.pop(doi), got, tick)
        if not by_doi:
            return
        if "crossref" not in self._names:
            for doi, group in by_doi.items():
                self._single(doi, group, tick)
            return
        cr = self._crossref()
        cached = cr.cached_many(list(by_doi))
        missing: list[DOI] = []
        leftovers: list[DOI] = []
        for doi, group in by_doi.items():
            if doi not in cached:
                missing.append(doi)
            elif cached[doi] is None:  # a cached 404 at Crossref: doi.org may still know it
                leftovers.append(doi)
            else:
                self._settle_outcome(doi, group, cached[doi], tick)
        if self.config.offline:
            for doi in missing + leftovers:
                self._single(doi, by_doi[doi], tick)
            return
        # DOIs with a comma cannot go in a filter; they are fetched alone
        batchable = [d for d in missing if "," not in d.value]
        leftovers += [d for d in missing if "," in d.value]
        chunks = [batchable[i:i + MAX_FILTER_DOIS] for i in range(0, len(batchable), MAX_FILTER_DOIS)]
        lock = threading.Lock()

        def run_chunk(chunk: list[DOI]) -> None:
            for doi, got in cr.fetch_list(chunk).items():
                if got is None:
                    with lock:
                        leftovers.append(doi)
                else:
                    self._settle_outcome(doi, by_doi[doi], got, tick)

        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            list(pool.map(run_chunk, chunks))
            list(pool.map(lambda d: self._single(d, by_doi[d], tick), leftovers))

    def _settle_outcome(self, doi: DOI, group: list[Result], got: Reference | CitekitError | None,
                        tick: Callable[[int], None]) -> None:
        if isinstance(got, Reference):
            self._settle(group, got, None, tick)
        elif isinstance(got, CitekitError):
            self._settle(group, None, got, tick)

    def _single(self, doi: DOI, group: list[Result], tick: Callable[[int], None]) -> None:
        try:
            self._settle(group, self._resolve(doi), None, tick)
        except CitekitError as exc:
            self._settle(group, None, exc, tick)

    def _resolve_pubmed(self, items: list[Result], tick: Callable[[int], None]) -> None:
        served = []
        for r in items:
            try:
                self.chain(r.identifier)
                served.append(r)
            except UnsupportedIdentifier as exc:
                self._settle([r], None, exc, tick)
        items = served
        for r in [r for r in items if not isinstance(r.identifier, (PMID, PMCID))]:  # arXiv ids, ISBNs: one by one
            try:
                self._settle([r], self._resolve(r.identifier), None, tick)  # type: ignore[arg-type]
            except CitekitError as exc:
                self._settle([r], None, exc, tick)
        pmid_of: dict[int, PMID] = {}  # id(result) -> PMID to fetch
        for r in items:
            if isinstance(r.identifier, PMID):
                pmid_of[id(r)] = r.identifier
        pmcids = [r for r in items if isinstance(r.identifier, PMCID)]
        if pmcids:
            try:
                recs = self.convert_ids([str(r.identifier) for r in pmcids])
            except ResolveError as exc:
                recs = {}
                for r in pmcids:
                    self._settle([r], None, exc, tick)
                pmcids = []
            for r in pmcids:
                rec = recs.get(str(r.identifier).lower())
                if rec is not None and rec.pmid is not None:
                    pmid_of[id(r)] = rec.pmid
                    continue
                try:  # no PMID: the single path tries the DOI, or reports the converter's error
                    self._settle([r], self.resolve_pmcid(r.identifier), None, tick)  # type: ignore[arg-type]
                except CitekitError as exc:
                    self._settle([r], None, exc, tick)
        wanted = [(r, pmid_of[id(r)]) for r in items if id(r) in pmid_of]
        for i in range(0, len(wanted), ncbi.MAX_ESUMMARY_IDS):
            chunk = wanted[i:i + ncbi.MAX_ESUMMARY_IDS]
            try:
                found = self._pubmed().fetch_many(sorted({p for _, p in chunk}))
            except ResolveError as exc:
                for r, _ in chunk:
                    self._settle([r], None, exc, tick)
                continue
            for r, p in chunk:
                got = found[str(p)]
                if not isinstance(got, Reference):
                    self._settle([r], None, got, tick)
                else:
                    ref = got.model_copy(deep=True)
                    if isinstance(r.identifier, PMCID):
                        ref.pmcid = str(r.identifier)
                    self._settle([r], ref, None, tick)


_default: Resolver | None = None
_default_lock = threading.Lock()


def default_resolver() -> Resolver:
    """The process-wide resolver, configured from the environment on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Resolver(ResolverConfig.from_env())
        return _default


def resolve(identifier: str | DOI | PMID | PMCID, *, config: ResolverConfig | None = None) -> Reference:
    """The authoritative record of a DOI, PMID or PMCID: ``citekit.resolve("10.1016/S1470-2045(17)30104-3")``."""
    if config is None:
        return default_resolver().resolve(identifier)
    r = Resolver(config)
    try:
        return r.resolve(identifier)
    finally:
        r.close()


def resolve_many(identifiers: Iterable[str | DOI | PMID | PMCID], *, config: ResolverConfig | None = None,
                 progress: Progress | None = None) -> list[Result]:
    """Resolve many identifiers (batched, paced, cached); one :class:`Result` per input, in order."""
    if config is None:
        return default_resolver().resolve_many(identifiers, progress=progress)
    r = Resolver(config)
    try:
        return r.resolve_many(identifiers, progress=progress)
    finally:
        r.close()


__all__ = ["MAX_FILTER_DOIS", "Resolver", "Result", "copy_reference", "default_resolver", "resolve", "resolve_many"]
