"""doi.org content negotiation: the registration agency's CSL-JSON for DOIs Crossref does not hold."""

from __future__ import annotations

from typing import Any, ClassVar

from citekit.ids import DOI
from citekit.model import Reference
from citekit.resolve import doiorg
from citekit.resolve.services.base import Service, received, same_doi


class DoiOrg(Service):
    """doi.org, redirects followed only to the registration agencies' hosts."""

    name: ClassVar[str] = "doiorg"
    label: ClassVar[str] = "doi.org"
    handles: ClassVar[tuple[type, ...]] = (DOI,)

    def fetch(self, ident: Any) -> Reference:
        """The agency's record of one DOI, checked to be that DOI."""
        doi: DOI = ident
        resp = self.client.get(doiorg.doi_url(self.config.doi_url, doi), accept=doiorg.ACCEPT, kind="single",
                               item=doi.value, validate=lambda r: same_doi(doiorg.response_to_reference(
                                   r.json(), agency=doiorg.agency_of(r.url)), doi, self.label))
        ref: Reference = resp.value
        return received(ref, resp.received)


__all__ = ["DoiOrg"]
