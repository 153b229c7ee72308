"""PubMed: PMIDs through NCBI E-utilities ESummary, up to 200 a request, each answer checked to be the PMID asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from citekit.errors import NotFound, WrongRecord
from citekit.ids import PMID
from citekit.model import Reference
from citekit.resolve import ncbi
from citekit.resolve.services.base import Service, received, same_pmid

MAX_IDS = ncbi.MAX_ESUMMARY_IDS


class PubMed(Service):
    """NCBI E-utilities ESummary."""

    name: ClassVar[str] = "pubmed"
    label: ClassVar[str] = "PubMed"
    handles: ClassVar[tuple[type, ...]] = (PMID,)

    def fetch(self, ident: Any) -> Reference:
        """The record of one PMID."""
        found = self.fetch_many([ident])[str(ident)]
        if isinstance(found, Reference):
            return found
        raise found

    def fetch_many(self, pmids: Sequence[PMID]) -> dict[str, Reference | NotFound | WrongRecord]:
        """Records by PMID (≤ 200): a Reference, or the typed reason there is none."""
        asked = [str(p) for p in pmids]
        params = {"db": "pubmed", "retmode": "json", "id": ",".join(asked),
                  **ncbi.ncbi_params(self.config.tool, self.config.mailto, self.config.ncbi_api_key)}

        def validate(resp: Any) -> dict[str, Reference | NotFound]:
            out = ncbi.esummary_to_references(resp.json())
            if asked and not set(out) & set(asked):
                raise WrongRecord(f"ESummary answered with the record of another PMID ({', '.join(sorted(out)[:5])}): "
                                  "rejected, not cached", source=self.label)
            return out

        resp = self.client.get(f"{self.config.ncbi_url.rstrip('/')}/esummary.fcgi", params, item=",".join(asked),
                               validate=validate)
        got: dict[str, Reference | NotFound] = resp.value
        result: dict[str, Reference | NotFound | WrongRecord] = {}
        for p in pmids:
            value = got.get(str(p))
            if value is None:
                result[str(p)] = NotFound("not in the ESummary answer", item=str(p), source=self.label)
            elif isinstance(value, Reference):
                try:
                    result[str(p)] = received(same_pmid(value, p, self.label), resp.received)
                except WrongRecord as exc:
                    result[str(p)] = exc
            else:
                result[str(p)] = value
        return result


__all__ = ["MAX_IDS", "PubMed"]
