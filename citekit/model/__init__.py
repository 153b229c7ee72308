"""The data model: typed, CSL-JSON-shaped records. No I/O, no HTTP, no format syntax here.

Names load lazily (PEP 562): ``from citekit.model import DATE_VARIABLES`` does not build the
pydantic models, and ``Reference`` does not build ``Provenance`` or ``Bibliography``; a command
pays only for the models it uses (issue 14, start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citekit._lazy import lazy_exports

if TYPE_CHECKING:
    from citekit.model.bibliography import Bibliography as Bibliography
    from citekit.model.dates import Date as Date
    from citekit.model.extensions import Extensions as Extensions
    from citekit.model.extensions import Relation as Relation
    from citekit.model.extensions import RelationType as RelationType
    from citekit.model.names import Name as Name
    from citekit.model.provenance import Basis as Basis
    from citekit.model.provenance import FieldProvenance as FieldProvenance
    from citekit.model.provenance import Provenance as Provenance
    from citekit.model.provenance import SourceRecord as SourceRecord
    from citekit.model.provenance import best_known as best_known
    from citekit.model.provenance import field_provenance as field_provenance
    from citekit.model.provenance import provenance_of as provenance_of
    from citekit.model.reference import Reference as Reference
    from citekit.model.vocab import DATE_VARIABLES as DATE_VARIABLES
    from citekit.model.vocab import NAME_VARIABLES as NAME_VARIABLES
    from citekit.model.vocab import NUMBER_VARIABLES as NUMBER_VARIABLES
    from citekit.model.vocab import SCHEMA_KEYS as SCHEMA_KEYS
    from citekit.model.vocab import STRING_VARIABLES as STRING_VARIABLES
    from citekit.model.vocab import CSLType as CSLType

_EXPORTS = {
    "Basis": "citekit.model.provenance",
    "Bibliography": "citekit.model.bibliography",
    "CSLType": "citekit.model.vocab",
    "DATE_VARIABLES": "citekit.model.vocab",
    "Date": "citekit.model.dates",
    "Extensions": "citekit.model.extensions",
    "FieldProvenance": "citekit.model.provenance",
    "NAME_VARIABLES": "citekit.model.vocab",
    "NUMBER_VARIABLES": "citekit.model.vocab",
    "Name": "citekit.model.names",
    "Provenance": "citekit.model.provenance",
    "Reference": "citekit.model.reference",
    "Relation": "citekit.model.extensions",
    "RelationType": "citekit.model.extensions",
    "SCHEMA_KEYS": "citekit.model.vocab",
    "STRING_VARIABLES": "citekit.model.vocab",
    "SourceRecord": "citekit.model.provenance",
    "best_known": "citekit.model.provenance",
    "field_provenance": "citekit.model.provenance",
    "provenance_of": "citekit.model.provenance",
}

__all__ = [
    "DATE_VARIABLES",
    "NAME_VARIABLES",
    "NUMBER_VARIABLES",
    "SCHEMA_KEYS",
    "STRING_VARIABLES",
    "Basis",
    "Bibliography",
    "CSLType",
    "Date",
    "Extensions",
    "FieldProvenance",
    "Name",
    "Provenance",
    "Reference",
    "Relation",
    "RelationType",
    "SourceRecord",
    "best_known",
    "field_provenance",
    "provenance_of",
]

lazy_exports(__name__, _EXPORTS)
