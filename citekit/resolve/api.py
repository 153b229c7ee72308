"""Resolution: identifiers → authoritative records, one at a time or in batches.

DOIs go to Crossref first (``/works/{doi}``); a DOI Crossref does not hold is tried at doi.org by
content negotiation (DataCite, mEDRA, JaLC ...). Batches fetch DOIs 50 at a time with list requests
(``/works?filter=doi:A,doi:B``), which is how a batch gets near the service's real bound; each
record of a list answer is also cached under its own ``/works/{doi}`` URL so a later single lookup
(or another batch) is a cache hit. A DOI missing from a list answer is then tried alone before it is
reported. PMIDs go to ESummary (200 a request); PMCIDs through the PMC ID converter to a PMID.

``resolve_many`` never lets one failure abort the batch: each input gets a :class:`Result` holding
its record or its typed error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from citekit.errors import CitekitError, InvalidIdentifier, NotFound, ResolveError
from citekit.ids import DOI, PMCID, PMID, parse_identifier
from citekit.model import Reference
from citekit.resolve import crossref, doiorg, ncbi
from citekit.resolve.config import ResolverConfig
from citekit.resolve.http import JSON, HttpClient

MAX_FILTER_DOIS = 50
Progress = Callable[[int, int], None]


@dataclass
class Result:
    """The outcome for one input: its parsed identifier and either a record or a typed error."""

    query: str
    identifier: DOI | PMID | PMCID | None = None
    reference: Reference | None = None
    error: CitekitError | None = None

    @property
    def ok(self) -> bool:
        """True when a record was found."""
        return self.reference is not None


class Resolver:
    """Resolves DOIs, PMIDs and PMCIDs through one :class:`HttpClient` (its cache, limits and etiquette)."""

    def __init__(self, config: ResolverConfig | None = None, *, client: HttpClient | None = None,
                 workers: int = 4) -> None:
        self.client = client or HttpClient(config)
        self.config = self.client.config
        self.workers = workers

    def close(self) -> None:
        """Close the HTTP session and the cache."""
        self.client.close()

    # ------------------------------------------------------------------ single
    def resolve(self, identifier: str | DOI | PMID | PMCID) -> Reference:
        """The record for one identifier; raises ``InvalidIdentifier`` or a ``ResolveError``."""
        ident = parse_identifier(identifier) if isinstance(identifier, str) else identifier
        if isinstance(ident, DOI):
            return self.resolve_doi(ident)
        if isinstance(ident, PMID):
            return self.resolve_pmid(ident)
        if isinstance(ident, PMCID):
            return self.resolve_pmcid(ident)
        raise InvalidIdentifier(f"not a DOI, PMID or PMCID: {identifier!r}", item=str(identifier))

    def crossref_work_url(self, doi: DOI) -> str:
        """The exact URL (and cache key) of a DOI's Crossref record."""
        return self.client.full_url(crossref.works_url(self.config.crossref_url, doi), None)

    def resolve_doi(self, doi: DOI) -> Reference:
        """Crossref's record, else the registration agency's via doi.org; ``NotFound`` when neither has it."""
        try:
            resp = self.client.get(self.crossref_work_url(doi), accept=JSON, kind="single", item=doi.value)
            return crossref.work_response_to_reference(resp.json())
        except NotFound:
            pass
        return self.resolve_doi_negotiated(doi)

    def resolve_doi_negotiated(self, doi: DOI) -> Reference:
        """doi.org content negotiation (CSL-JSON), redirects followed only to registration agencies."""
        try:
            resp = self.client.get(doiorg.doi_url(self.config.doi_url, doi), accept=doiorg.ACCEPT,
                                   kind="single", item=doi.value)
        except NotFound:
            raise NotFound("no record at Crossref or doi.org", item=doi.value, field="DOI", source="doi.org") from None
        return doiorg.response_to_reference(resp.json())

    def resolve_pmid(self, pmid: PMID) -> Reference:
        """PubMed's record (ESummary)."""
        found = self._esummary([pmid])[str(pmid)]
        if isinstance(found, NotFound):
            raise found
        return found

    def resolve_pmcid(self, pmcid: PMCID) -> Reference:
        """The PubMed record of a PMC article (ID converter → PMID → ESummary), else its DOI's record."""
        rec = self.convert_ids([str(pmcid)]).get(str(pmcid).lower())
        if rec is None or rec.error:
            raise NotFound(f"PMC ID converter: {rec.error if rec else 'no record'}", item=str(pmcid), source="idconv")
        if rec.pmid is not None:
            ref = self.resolve_pmid(rec.pmid)
        elif rec.doi is not None:
            ref = self.resolve_doi(rec.doi)
        else:
            raise NotFound("PMCID has neither PMID nor DOI", item=str(pmcid), source="idconv")
        ref.pmcid = str(pmcid)
        return ref

    # ------------------------------------------------------------------ NCBI helpers
    def _esummary(self, pmids: Sequence[PMID]) -> dict[str, Reference | NotFound]:
        params = {"db": "pubmed", "retmode": "json", "id": ",".join(str(p) for p in pmids),
                  **ncbi.ncbi_params(self.config.tool, self.config.mailto, self.config.ncbi_api_key)}
        resp = self.client.get(f"{self.config.ncbi_url.rstrip('/')}/esummary.fcgi", params,
                               item=",".join(str(p) for p in pmids))
        out = ncbi.esummary_to_references(resp.json())
        for p in pmids:
            out.setdefault(str(p), NotFound("not in the ESummary answer", item=str(p), source="pubmed"))
        return out

    def convert_ids(self, ids: Sequence[str]) -> dict[str, ncbi.IdRecord]:
        """PMC ID converter records keyed by the lower-cased requested id (≤ 200 ids a request)."""
        out: dict[str, ncbi.IdRecord] = {}
        for i in range(0, len(ids), ncbi.MAX_IDCONV_IDS):
            chunk = list(ids[i:i + ncbi.MAX_IDCONV_IDS])
            params = {"ids": ",".join(chunk), "format": "json",
                      **ncbi.ncbi_params(self.config.tool, self.config.mailto, self.config.ncbi_api_key)}
            resp = self.client.get(self.config.idconv_url, params, item=",".join(chunk))
            for rec in ncbi.idconv_records(resp.json()):
                keys = {rec.requested.lower()}
                keys |= {str(x).lower() for x in (rec.pmid, rec.pmcid, rec.doi) if x is not None}
                for k in keys:
                    out[k] = rec
        return out

    # ------------------------------------------------------------------ batches
    def resolve_many(self, identifiers: Iterable[str | DOI | PMID | PMCID], *,
                     progress: Progress | None = None) -> list[Result]:
        """One :class:`Result` per input, in input order; failures are per item, never for the batch."""
        results: list[Result] = []
        for raw in identifiers:
            query = str(raw)
            try:
                ident = parse_identifier(raw) if isinstance(raw, str) else raw
                results.append(Result(query, ident))
            except InvalidIdentifier as exc:
                results.append(Result(query, error=exc))
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
        self._resolve_dois(by_doi, tick)
        self._resolve_pubmed(others, tick)
        return results

    def _settle(self, group: list[Result], ref: Reference | None, err: CitekitError | None,
                tick: Callable[[int], None]) -> None:
        for r in group:
            r.reference = ref.model_copy(deep=True) if (ref is not None and len(group) > 1) else ref
            r.error = err
        tick(len(group))

    def _resolve_dois(self, by_doi: dict[DOI, list[Result]], tick: Callable[[int], None]) -> None:
        if not by_doi:
            return
        urls = {doi: self.crossref_work_url(doi) for doi in by_doi}
        cached = self.client.cached_many(list(urls.values()))
        missing: list[DOI] = []
        crossref_404: list[DOI] = []
        for doi, url in urls.items():
            if url not in cached:
                missing.append(doi)
                continue
            hit = cached[url]
            if hit is None:  # a cached 404 at Crossref: doi.org may still know it
                crossref_404.append(doi)
                continue
            try:
                self._settle(by_doi[doi], crossref.work_response_to_reference(hit.json()), None, tick)
            except CitekitError as exc:
                self._settle(by_doi[doi], None, exc, tick)
        if self.config.offline:
            for doi in missing + crossref_404:
                self._single(doi, by_doi[doi], tick)
            return
        # DOIs with a comma cannot go in a filter; they are fetched alone
        batchable = [d for d in missing if "," not in d.value]
        leftovers: list[DOI] = [d for d in missing if "," in d.value] + crossref_404
        chunks = [batchable[i:i + MAX_FILTER_DOIS] for i in range(0, len(batchable), MAX_FILTER_DOIS)]
        lock = threading.Lock()

        def run_chunk(chunk: list[DOI]) -> None:
            try:
                resp = self.client.get(crossref.doi_filter_url(self.config.crossref_url),
                                       crossref.doi_filter_params(chunk), kind="list", use_cache=False,
                                       item=f"{len(chunk)} DOIs")
                items = crossref.work_list_items(resp.json())
            except ResolveError:
                with lock:  # the list failed: each DOI gets its own chance (and its own error)
                    leftovers.extend(chunk)
                return
            found: dict[str, dict[str, Any]] = {}
            for item in items:
                if isinstance(item.get("DOI"), str):
                    found[item["DOI"].lower()] = item
            store = []
            for doi in chunk:
                hit = found.get(doi.key)
                if hit is None:
                    with lock:
                        leftovers.append(doi)
                    continue
                envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": hit}
                try:
                    ref = crossref.work_to_reference(hit)
                except CitekitError as exc:
                    self._settle(by_doi[doi], None, exc, tick)
                    continue
                store.append((urls[doi], envelope))
                self._settle(by_doi[doi], ref, None, tick)
            self.client.store_many(store)

        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            list(pool.map(run_chunk, chunks))
            list(pool.map(lambda d: self._single(d, by_doi[d], tick), leftovers))

    def _single(self, doi: DOI, group: list[Result], tick: Callable[[int], None]) -> None:
        try:
            self._settle(group, self.resolve_doi(doi), None, tick)
        except CitekitError as exc:
            self._settle(group, None, exc, tick)

    def _resolve_pubmed(self, items: list[Result], tick: Callable[[int], None]) -> None:
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
                found = self._esummary(sorted({p for _, p in chunk}))
            except ResolveError as exc:
                for r, _ in chunk:
                    self._settle([r], None, exc, tick)
                continue
            for r, p in chunk:
                got = found[str(p)]
                if isinstance(got, NotFound):
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


__all__ = ["Resolver", "Result", "default_resolver", "resolve", "resolve_many"]
