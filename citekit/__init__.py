"""citekit: bibliographic references, resolved, converted, rendered and checked.

The public API, imported lazily (PEP 562) so that ``import citekit`` costs almost nothing until
a name is used::

    import citekit
    result = citekit.read("refs.bib")          # ParseResult: .items, .failed, .warnings
    citekit.write(result.items, "refs.json")   # CSL-JSON, schema-valid, written atomically
    doc = citekit.load_document("anal-cancer-immunotherapy")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citekit._lazy import lazy_exports

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "BadResponse": "citekit.errors",
    "Bibliography": "citekit.model",
    "CSLType": "citekit.model",
    "CheckReport": "citekit.check.report",
    "CiteItem": "citekit.csl",
    "CitekitError": "citekit.errors",
    "Claim": "citekit.document",
    "Cluster": "citekit.csl",
    "DOI": "citekit.identifiers",
    "Date": "citekit.model",
    "Document": "citekit.document",
    "DumpResult": "citekit.formats",
    "Finding": "citekit.check.report",
    "FindingCode": "citekit.check.codes",
    "ISBN": "citekit.identifiers",
    "ISSN": "citekit.identifiers",
    "InputError": "citekit.errors",
    "InvalidIdentifier": "citekit.errors",
    "Name": "citekit.model",
    "NotFound": "citekit.errors",
    "OfflineMiss": "citekit.errors",
    "PMCID": "citekit.identifiers",
    "PMID": "citekit.identifiers",
    "ParseError": "citekit.errors",
    "ParseResult": "citekit.formats",
    "Processor": "citekit.csl",
    "RateLimited": "citekit.errors",
    "Reference": "citekit.model",
    "ResolveError": "citekit.errors",
    "Resolver": "citekit.resolve.api",
    "ResolverConfig": "citekit.resolve.config",
    "ServiceError": "citekit.errors",
    "Severity": "citekit.check.codes",
    "Style": "citekit.csl",
    "check": "citekit.check.engine",
    "complete": "citekit.check.complete",
    "dumps": "citekit.formats",
    "find_identifiers": "citekit.identifiers",
    "format_bibliography": "citekit.csl",
    "get_format": "citekit.formats",
    "list_documents": "citekit.document",
    "load_document": "citekit.document",
    "loads": "citekit.formats",
    "match": "citekit.resolve.match",
    "read": "citekit.formats",
    "resolve": "citekit.resolve.api",
    "resolve_many": "citekit.resolve.api",
    "write": "citekit.formats",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from citekit.check.codes import FindingCode, Severity
    from citekit.check.complete import complete
    from citekit.check.engine import check
    from citekit.check.report import CheckReport, Finding
    from citekit.csl import CiteItem, Cluster, Processor, Style, format_bibliography
    from citekit.document import Claim, Document, list_documents, load_document
    from citekit.errors import (
        BadResponse,
        CitekitError,
        InputError,
        InvalidIdentifier,
        NotFound,
        OfflineMiss,
        ParseError,
        RateLimited,
        ResolveError,
        ServiceError,
    )
    from citekit.formats import DumpResult, ParseResult, dumps, get_format, loads, read, write
    from citekit.identifiers import DOI, ISBN, ISSN, PMCID, PMID, find_identifiers
    from citekit.model import Bibliography, CSLType, Date, Name, Reference
    from citekit.resolve.api import Resolver, resolve, resolve_many
    from citekit.resolve.config import ResolverConfig
    from citekit.resolve.match import match


lazy_exports(__name__, _EXPORTS)
