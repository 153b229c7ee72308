"""The data model: typed, CSL-JSON-shaped records. No I/O, no HTTP, no format syntax here."""

from __future__ import annotations

from citekit.model.bibliography import Bibliography
from citekit.model.dates import Date
from citekit.model.names import Name
from citekit.model.provenance import Provenance, SourceRecord, provenance_of
from citekit.model.reference import Reference
from citekit.model.vocab import (
    DATE_VARIABLES,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    SCHEMA_KEYS,
    STRING_VARIABLES,
    CSLType,
)

__all__ = [
    "DATE_VARIABLES",
    "NAME_VARIABLES",
    "NUMBER_VARIABLES",
    "SCHEMA_KEYS",
    "STRING_VARIABLES",
    "Bibliography",
    "CSLType",
    "Date",
    "Name",
    "Provenance",
    "Reference",
    "SourceRecord",
    "provenance_of",
]
