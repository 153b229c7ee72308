"""citekit: bibliographic references, resolved, converted, rendered and checked.

The public API, imported lazily (PEP 562) so that ``import citekit`` costs almost nothing until
a name is used::

    import citekit
    result = citekit.read("refs.bib")          # ParseResult: .items, .failed, .warnings
    citekit.write(result.items, "refs.json")   # CSL-JSON, schema-valid, written atomically
    report = citekit.check("refs.bib")         # Report: findings per reference
    doc = citekit.Document.from_files(references="refs.json", claims="claims.json")

Every name in ``__all__`` is one object under one name, and every public function's return type
is importable from here (tests/test_api.py checks both). ``citekit.check`` and
``citekit.resolve`` are always the functions, whatever has been imported before (see
:mod:`citekit._lazy`); their packages are reached by import (``from citekit.check import ...``).
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
    "Change": "citekit.check.complete",
    "CiteItem": "citekit.csl",
    "CitekitError": "citekit.errors",
    "Claim": "citekit.document",
    "ClaimCoverage": "citekit.check.report",
    "Cluster": "citekit.csl",
    "Code": "citekit.check.codes",
    "Completion": "citekit.check.complete",
    "DOI": "citekit.identifiers",
    "Date": "citekit.model",
    "Diagnostic": "citekit.formats.base",
    "Document": "citekit.document",
    "DocumentError": "citekit.errors",
    "DumpResult": "citekit.formats.base",
    "Extensions": "citekit.model",
    "FailedEntry": "citekit.formats.base",
    "Finding": "citekit.check.report",
    "Format": "citekit.formats.base",
    "FormatInfo": "citekit.formats.base",
    "Found": "citekit.identifiers",
    "ISBN": "citekit.identifiers",
    "IdRecord": "citekit.resolve.ncbi",
    "ISSN": "citekit.identifiers",
    "InputError": "citekit.errors",
    "InvalidIdentifier": "citekit.errors",
    "Match": "citekit.resolve.match",
    "Mirror": "citekit.resolve.services.mirror",
    "MirrorStore": "citekit.mirror.store",
    "MatchResult": "citekit.resolve.match",
    "Name": "citekit.model",
    "NotFound": "citekit.errors",
    "OfflineMiss": "citekit.errors",
    "Outcome": "citekit.resolve.outcome",
    "OutputError": "citekit.errors",
    "PMCID": "citekit.identifiers",
    "PMID": "citekit.identifiers",
    "ParseError": "citekit.errors",
    "ParseResult": "citekit.formats.base",
    "Processor": "citekit.csl",
    "RateLimited": "citekit.errors",
    "Reference": "citekit.model",
    "Relation": "citekit.model",
    "RelationType": "citekit.model",
    "ReferenceResult": "citekit.check.report",
    "Rendered": "citekit.csl",
    "Report": "citekit.check.report",
    "ResolveError": "citekit.errors",
    "Resolver": "citekit.resolve.api",
    "ResolverConfig": "citekit.resolve.config",
    "Result": "citekit.resolve.api",
    "Service": "citekit.resolve.services.base",
    "ServiceError": "citekit.errors",
    "Severity": "citekit.check.codes",
    "Style": "citekit.csl",
    "StyleError": "citekit.errors",
    "Subject": "citekit.document",
    "Support": "citekit.document",
    "TrialLink": "citekit.document",
    "UnknownFormat": "citekit.errors",
    "Unreachable": "citekit.errors",
    "UnsupportedIdentifier": "citekit.errors",
    "WrongRecord": "citekit.errors",
    "check": "citekit.check.engine",
    "complete": "citekit.check.complete",
    "dumps": "citekit.formats",
    "find_identifiers": "citekit.identifiers",
    "format_bibliography": "citekit.csl",
    "format_names": "citekit.formats",
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

#: old spellings kept for existing callers, outside ``__all__``: name -> (module, object's name)
_DEPRECATED: dict[str, tuple[str, str]] = {
    "CheckReport": ("citekit.check.report", "Report"),
    "FindingCode": ("citekit.check.codes", "Code"),
}

#: a literal list, so that type checkers (mypy, pyright) see what citekit exports; tests/test_api.py
#: checks it is sorted and names exactly the exports
__all__ = [
    "BadResponse", "Bibliography", "CSLType", "Change", "CiteItem", "CitekitError", "Claim", "ClaimCoverage",
    "Cluster", "Code", "Completion", "DOI", "Date", "Diagnostic", "Document", "DocumentError", "DumpResult",
    "Extensions", "FailedEntry", "Finding", "Format", "FormatInfo", "Found", "ISBN", "ISSN", "IdRecord", "InputError",
    "InvalidIdentifier", "Match", "MatchResult", "Mirror", "MirrorStore", "Name", "NotFound", "OfflineMiss", "Outcome",
    "OutputError",
    "PMCID", "PMID", "ParseError", "ParseResult", "Processor", "RateLimited", "Reference", "ReferenceResult",
    "Relation", "RelationType", "Rendered", "Report", "ResolveError", "Resolver", "ResolverConfig", "Result", "Service", "ServiceError",
    "Severity", "Style", "StyleError", "Subject", "Support", "TrialLink", "UnknownFormat", "Unreachable",
    "UnsupportedIdentifier", "WrongRecord", "__version__", "check", "complete", "dumps", "find_identifiers",
    "format_bibliography", "format_names", "get_format", "list_documents", "load_document", "loads", "match",
    "read", "resolve", "resolve_many", "write",
]

if TYPE_CHECKING:
    from citekit.check.codes import Code, Severity
    from citekit.check.complete import Change, Completion, complete
    from citekit.check.engine import check
    from citekit.check.report import ClaimCoverage, Finding, ReferenceResult, Report
    from citekit.csl import CiteItem, Cluster, Processor, Rendered, Style, format_bibliography
    from citekit.document import Claim, Document, Subject, Support, TrialLink, list_documents, load_document
    from citekit.errors import (
        BadResponse,
        CitekitError,
        DocumentError,
        InputError,
        InvalidIdentifier,
        NotFound,
        OfflineMiss,
        OutputError,
        ParseError,
        RateLimited,
        ResolveError,
        ServiceError,
        StyleError,
        UnknownFormat,
        Unreachable,
        UnsupportedIdentifier,
        WrongRecord,
    )
    from citekit.formats import dumps, format_names, get_format, loads, read, write
    from citekit.formats.base import Diagnostic, DumpResult, FailedEntry, Format, FormatInfo, ParseResult
    from citekit.identifiers import DOI, ISBN, ISSN, PMCID, PMID, Found, find_identifiers
    from citekit.mirror.store import MirrorStore
    from citekit.model import Bibliography, CSLType, Date, Extensions, Name, Reference, Relation, RelationType
    from citekit.resolve.api import Resolver, Result, resolve, resolve_many
    from citekit.resolve.config import ResolverConfig
    from citekit.resolve.match import Match, MatchResult, match
    from citekit.resolve.ncbi import IdRecord
    from citekit.resolve.outcome import Outcome
    from citekit.resolve.services.base import Service
    from citekit.resolve.services.mirror import Mirror


lazy_exports(__name__, _EXPORTS, deprecated=_DEPRECATED)
