"""The local mirror (``CITEKIT_MIRROR=DIR``): DOIs and citation-match candidates from a
:mod:`citekit.mirror` store, in front of the network services; offline it is the only source.

A stored work is Crossref's ``/works/{doi}`` message, so it is mapped by the same function as a
Crossref answer (:func:`citekit.resolve.crossref.work_to_reference`) and checked to be the DOI
asked for (:func:`~citekit.resolve.services.base.same_doi`), like every service's answer. A DOI
the mirror does not hold is :class:`~citekit.errors.NotFound`, and the next service is asked.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from citekit.errors import BadResponse, CitekitError, NotFound, WrongRecord
from citekit.ids import DOI
from citekit.model import Reference
from citekit.resolve import crossref
from citekit.resolve.services.base import Service, same_doi

if TYPE_CHECKING:
    from citekit.mirror.store import MirrorStore
    from citekit.resolve.api import Resolver


class Mirror(Service):
    """A local Crossref mirror built with ``citekit mirror build``."""

    name: ClassVar[str] = "mirror"
    label: ClassVar[str] = "local mirror"
    handles: ClassVar[tuple[type, ...]] = (DOI,)

    def __init__(self, resolver: Resolver) -> None:
        super().__init__(resolver)
        self._store: MirrorStore | None = None
        self._open = threading.Lock()

    def claims(self, ident: Any) -> bool:
        """DOIs, when a mirror is configured."""
        return self.config.mirror_dir is not None and isinstance(ident, DOI)

    @property
    def store(self) -> MirrorStore:
        """The store, opened on first use (``InputError`` when the directory is not a mirror)."""
        with self._open:
            if self._store is None:
                from citekit.mirror.store import MirrorStore

                assert self.config.mirror_dir is not None
                self._store = MirrorStore(self.config.mirror_dir)
            return self._store

    def _map(self, doi: DOI, work: dict[str, Any]) -> Reference:
        try:
            ref = crossref.work_to_reference(work)
        except BadResponse as exc:
            raise BadResponse(f"the mirror's record is unusable: {exc.message}", item=doi.value,
                              source=self.label) from exc
        return same_doi(ref, doi, self.label)

    def fetch(self, ident: Any) -> Reference:
        """The mirror's record of one DOI; ``NotFound`` when it does not hold it."""
        doi: DOI = ident
        work = self.store.get(doi.key)
        if work is None:
            raise NotFound("not in the local mirror", item=doi.value, field="DOI", source=self.label)
        return self._map(doi, work)

    def fetch_many(self, dois: Sequence[DOI]) -> dict[DOI, Reference | CitekitError]:
        """The records (or the typed reason one is unusable) of the DOIs the mirror holds; the others are left out."""
        works = self.store.get_many([d.key for d in dois])
        out: dict[DOI, Reference | CitekitError] = {}
        for doi in dois:
            work = works.get(doi.key)
            if work is None:
                continue
            try:
                out[doi] = self._map(doi, work)
            except (BadResponse, WrongRecord) as exc:
                out[doi] = exc
        return out

    def candidates(self, cited: Reference, limit: int = 5) -> list[Reference]:
        """Works that may be the cited one (FTS5 on title words, first author, year, volume, first page), best first.

        Unverified: the matcher scores each against the citation.
        """
        from citekit.mirror.index import Cited

        author = cited.first_author
        query = Cited(title=cited.title, author=(author.family or author.literal) if author else None,
                      year=cited.year, journal=cited.container_title,
                      volume=str(cited.volume) if cited.volume else None,
                      page=str(cited.page) if cited.page else None)
        out: list[Reference] = []
        for work in self.store.search(query, limit):
            try:
                out.append(crossref.work_to_reference(work))
            except BadResponse:
                continue  # an unusable stored work is no candidate
        return out


__all__ = ["Mirror"]
