"""PMC: PMCIDs through the PMC ID converter to a PMID (then PubMed) or, without one, to a DOI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from citekit.errors import NotFound
from citekit.ids import PMCID
from citekit.model import Reference
from citekit.resolve import ncbi
from citekit.resolve.services.base import Service


class PmcConverter(Service):
    """The PMC ID converter (≤ 200 ids a request)."""

    name: ClassVar[str] = "pmc"
    label: ClassVar[str] = "PMC ID converter"
    handles: ClassVar[tuple[type, ...]] = (PMCID,)

    def convert(self, ids: Sequence[str]) -> dict[str, ncbi.IdRecord]:
        """Converter records keyed by the lower-cased requested id and every id they name."""
        out: dict[str, ncbi.IdRecord] = {}
        for i in range(0, len(ids), ncbi.MAX_IDCONV_IDS):
            chunk = list(ids[i:i + ncbi.MAX_IDCONV_IDS])
            params = {"ids": ",".join(chunk), "format": "json",
                      **ncbi.ncbi_params(self.config.tool, self.config.mailto, self.config.ncbi_api_key)}
            resp = self.client.get(self.config.idconv_url, params, item=",".join(chunk),
                                   validate=lambda r: ncbi.idconv_records(r.json()))
            for rec in resp.value:
                keys = {rec.requested.lower()}
                keys |= {str(x).lower() for x in (rec.pmid, rec.pmcid, rec.doi) if x is not None}
                for k in keys:
                    out[k] = rec
        return out

    def fetch(self, ident: Any) -> Reference:
        """The PubMed record of a PMC article, else its DOI's record."""
        pmcid: PMCID = ident
        rec = self.convert([str(pmcid)]).get(str(pmcid).lower())
        if rec is None or rec.error:
            raise NotFound(f"PMC ID converter: {rec.error if rec else 'no record'}", item=str(pmcid), source=self.label)
        if rec.pmid is not None:
            ref = self.resolver.resolve_pmid(rec.pmid)
        elif rec.doi is not None:
            ref = self.resolver.resolve_doi(rec.doi)
        else:
            raise NotFound("PMCID has neither PMID nor DOI", item=str(pmcid), source=self.label)
        ref.pmcid = str(pmcid)
        return ref


__all__ = ["PmcConverter"]
