"""The resolver's services, registered like formats: each declares the identifiers it handles.

``BUILTIN`` lists them by dotted path so nothing loads until used; ``DOI_ORDER`` is the ordered
list of services a DOI is asked of (the next one only when the previous has no record).
An identifier no registered service handles is an :class:`~citekit.errors.UnsupportedIdentifier`.

=============  ==================  ==========================================================
name           handles             what it asks
=============  ==================  ==========================================================
``mirror``     DOI (when set)      the local mirror in ``CITEKIT_MIRROR`` (no network)
``crossref``   DOI                 Crossref REST API ``/works/{doi}``, lists of 50 DOIs
``doiorg``     DOI                 doi.org content negotiation (DataCite, mEDRA, JaLC ...)
``pubmed``     PMID                NCBI E-utilities ESummary (200 PMIDs a request)
``pmc``        PMCID               the PMC ID converter, then PubMed (or the DOI)
``arxiv``      arXiv id            arXiv's API (Atom), one request every 3 s
``isbn``       ISBN                Google Books volumes (``q=isbn:``)
=============  ==================  ==========================================================
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from citekit.errors import UnsupportedIdentifier

if TYPE_CHECKING:
    from citekit.resolve.services.base import Service

BUILTIN: dict[str, str] = {
    "mirror": "citekit.resolve.services.mirror:Mirror",
    "crossref": "citekit.resolve.services.crossref:Crossref",
    "doiorg": "citekit.resolve.services.doiorg:DoiOrg",
    "pubmed": "citekit.resolve.services.ncbi:PubMed",
    "pmc": "citekit.resolve.services.idconv:PmcConverter",
    "arxiv": "citekit.resolve.services.arxiv:Arxiv",
    "isbn": "citekit.resolve.services.isbn:GoogleBooks",
}
#: the services a DOI is asked of, in order
DOI_ORDER: tuple[str, ...] = ("mirror", "crossref", "doiorg")


def service_class(name: str) -> type[Service]:
    """The registered service class called ``name``."""
    try:
        module, _, attr = BUILTIN[name].partition(":")
    except KeyError:
        raise UnsupportedIdentifier(f"no service called {name!r} (known: {', '.join(sorted(BUILTIN))})") from None
    cls: type[Service] = getattr(importlib.import_module(module), attr)
    return cls


__all__ = ["BUILTIN", "DOI_ORDER", "service_class"]
