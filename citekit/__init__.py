"""citekit: bibliographic references, resolved, converted, rendered and checked.

The public API, imported lazily (PEP 562) so that ``import citekit`` costs almost nothing until
a name is used::

    import citekit
    result = citekit.read("refs.bib")          # ParseResult: .items, .failed, .warnings
    citekit.write(result.items, "refs.json")   # CSL-JSON, schema-valid, written atomically
    doc = citekit.load_document("anal-cancer-immunotherapy")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Bibliography": "citekit.model",
    "CSLType": "citekit.model",
    "CitekitError": "citekit.errors",
    "Claim": "citekit.document",
    "Date": "citekit.model",
    "Document": "citekit.document",
    "DumpResult": "citekit.formats",
    "InputError": "citekit.errors",
    "Name": "citekit.model",
    "ParseError": "citekit.errors",
    "ParseResult": "citekit.formats",
    "Reference": "citekit.model",
    "dumps": "citekit.formats",
    "get_format": "citekit.formats",
    "list_documents": "citekit.document",
    "load_document": "citekit.document",
    "loads": "citekit.formats",
    "read": "citekit.formats",
    "write": "citekit.formats",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from citekit.document import Claim, Document, list_documents, load_document
    from citekit.errors import CitekitError, InputError, ParseError
    from citekit.formats import DumpResult, ParseResult, dumps, get_format, loads, read, write
    from citekit.model import Bibliography, CSLType, Date, Name, Reference


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'citekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
