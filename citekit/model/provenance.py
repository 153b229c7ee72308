"""Provenance of curated records: which source verified which fields, and what is still unverified.

Stored in a record's ``custom["provenance"]`` so that it travels with the CSL-JSON and stays
schema-valid; :func:`provenance_of` reads it back as a typed object.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from citekit.model.reference import Reference

Status = Literal["verified", "partly-verified", "unverified"]


class SourceRecord(BaseModel):
    """One record consulted: what it is, where it is, and which fields it confirmed."""

    model_config = ConfigDict(extra="allow")

    source: str
    url: str | None = None
    fields: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    """Which fields of a record were verified against which sources, and which were not."""

    model_config = ConfigDict(extra="allow")

    status: Status
    verified_fields: list[str] = Field(default_factory=list)
    unverified_fields: list[str] = Field(default_factory=list)
    partial: dict[str, str] = Field(default_factory=dict)
    inferred: dict[str, str] = Field(default_factory=dict)
    sources: list[SourceRecord] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)

    def is_verified(self, field: str) -> bool:
        """True when all of ``field`` (a CSL variable name) was seen in an authoritative record.

        A field in ``partial`` (say ``author`` when only the first author was seen) is not.
        """
        return field in self.verified_fields and field not in self.partial


def provenance_of(ref: Reference) -> Provenance | None:
    """The provenance kept under ``custom["provenance"]``, or ``None`` if the record has none."""
    raw = ref.get_custom("provenance")
    return Provenance.model_validate(raw) if raw is not None else None
