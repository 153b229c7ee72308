"""Crossref: DOIs one at a time (``/works/{doi}``) or 50 at a time (``/works?filter=doi:A,doi:B``).

Every record is checked to be the DOI asked for before it is cached. A list answer's records are
also cached under their own ``/works/{doi}`` URL. Batches obey three rules: a list refused with
429 (or a service that could not be reached) stops the batch and each DOI reports it, never a
single request into the same 429; a list that failed with 5xx or an unusable 200 (too big, the
wrong shape) leaves its DOIs to single requests; a 200 list that left some DOIs out sends those alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from citekit.errors import BadResponse, CitekitError, RateLimited, ResolveError, Unreachable, WrongRecord
from citekit.ids import DOI
from citekit.model import Reference
from citekit.resolve import crossref
from citekit.resolve.http import JSON
from citekit.resolve.services.base import Service, received, same_doi

MAX_FILTER_DOIS = 50
#: a DOI's outcome in a batch: its record, its error, or None (left out: to be asked alone)
Outcome = Reference | CitekitError | None


class Crossref(Service):
    """Crossref's REST API."""

    name: ClassVar[str] = "crossref"
    label: ClassVar[str] = "Crossref"
    handles: ClassVar[tuple[type, ...]] = (DOI,)

    def work_url(self, doi: DOI) -> str:
        """The exact URL (and cache key) of a DOI's record."""
        return self.client.full_url(crossref.works_url(self.config.crossref_url, doi), None)

    def check(self, doi: DOI, body: Any) -> Reference:
        """The record in a ``/works/{doi}`` body, if it is a work and the one asked for."""
        return same_doi(crossref.work_response_to_reference(body), doi, self.label)

    def fetch(self, ident: Any) -> Reference:
        """The record of one DOI."""
        doi: DOI = ident
        resp = self.client.get(self.work_url(doi), accept=JSON, kind="single", item=doi.value,
                               validate=lambda r: self.check(doi, r.json()))
        ref: Reference = resp.value
        return received(ref, resp.received)

    # ------------------------------------------------------------------ batches
    def cached_many(self, dois: Sequence[DOI]) -> dict[DOI, Outcome]:
        """What the cache says for each DOI: a record, a cached 404 (``None`` is "ask"), or absent."""
        urls = {doi: self.work_url(doi) for doi in dois}
        cached = self.client.cached_many(list(urls.values()))
        out: dict[DOI, Outcome] = {}
        for doi, url in urls.items():
            if url not in cached:
                continue
            hit = cached[url]
            if hit is None:  # a cached 404 at Crossref: the next service may still know it
                out[doi] = None
                continue
            try:
                out[doi] = received(self.check(doi, hit.json()), hit.received)
            except (CitekitError, ValueError):
                self.client.forget(url)  # a stored answer that no longer validates is asked again
        return out

    def fetch_list(self, chunk: list[DOI]) -> dict[DOI, Outcome]:
        """One list request for ≤ 50 DOIs: each DOI's record, its error, or ``None`` (ask it alone)."""
        try:
            resp = self.client.get(crossref.doi_filter_url(self.config.crossref_url), crossref.doi_filter_params(chunk),
                                   kind="list", use_cache=False, item=f"{len(chunk)} DOIs",
                                   validate=lambda r: crossref.work_list_items(r.json()))
        except (RateLimited, Unreachable) as exc:
            return {doi: _for(exc, doi) for doi in chunk}  # never a single request into the same refusal
        except ResolveError:
            return dict.fromkeys(chunk)  # 5xx or an unusable 200: each DOI gets its own request
        found: dict[str, dict[str, Any]] = {}
        for item in resp.value:
            if isinstance(item.get("DOI"), str):
                found.setdefault(item["DOI"].strip().lower(), item)
        out: dict[DOI, Outcome] = {}
        store = []
        for doi in chunk:
            hit = found.get(doi.key)
            if hit is None:
                out[doi] = None  # the 200 left it out: asked alone
                continue
            try:
                out[doi] = received(same_doi(crossref.work_to_reference(hit), doi, self.label), resp.received)
            except (BadResponse, WrongRecord) as exc:
                exc.item = doi.value
                out[doi] = exc
                continue
            envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": hit}
            store.append((self.work_url(doi), envelope))
        self.client.store_many(store)
        return out


def _for(exc: ResolveError, doi: DOI) -> ResolveError:
    """The batch's error, naming one DOI."""
    return type(exc)(exc.message, item=doi.value, source=exc.source)


__all__ = ["MAX_FILTER_DOIS", "Crossref"]
