"""Provenance of curated records: which source verified which fields, and what is still unverified.

Stored with a record's extensions (:class:`citekit.model.extensions.Curation`, under ``custom`` in
CSL-JSON) so that it travels with the record and stays schema-valid; :func:`provenance_of` reads it.

A curated record keeps only verified values in its CSL variables; the values printed in the cited
text and the values inferred by the curator sit in ``Curation.unverified`` (with a reason each in
``Curation.unverified_reasons``). :func:`best_known` merges them into one record, the best value
known for each field (verified, else as printed, else inferred), and :func:`field_provenance`
says which of the three each field is, as a typed :class:`FieldProvenance`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from citekit.model.names import Name
from citekit.model.reference import Reference

if TYPE_CHECKING:
    from citekit.model.extensions import Extensions

Status = Literal["verified", "partly-verified", "unverified"]
#: Where a field's best-known value comes from, best first: seen in an authoritative record,
#: as printed in the citation, or inferred by the curator (from a DOI prefix, a pattern, ...).
Basis = Literal["verified", "as-printed", "inferred"]


class SourceRecord(BaseModel):
    """One record consulted: what it is, where it is, and which fields it confirmed."""

    model_config = ConfigDict(extra="allow")

    source: str
    url: str | None = None
    fields: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    """Which fields of a record were verified against which sources, and which were not.

    ``inferred`` names the unverified fields whose value the curator inferred (and how); every
    other unverified field holds the value as printed in the citation.
    """

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

    def basis(self, field: str) -> Basis:
        """The basis of the unverified value of ``field``: ``inferred`` or ``as-printed``."""
        return "inferred" if field in self.inferred else "as-printed"


class FieldProvenance(BaseModel):
    """Where the best-known value of one field comes from."""

    model_config = ConfigDict(frozen=True)

    field: str
    basis: Basis
    #: why the value is not verified, or how it was inferred (None for a verified value)
    reason: str | None = None
    #: True when part of the value was verified (ref 1: the first author of a printed list)
    partly_verified: bool = False
    #: who verified it: the service that answered ("Crossref"), or the curator's source record
    source: str | None = None
    #: for a value read from a citation's text: the parser's confidence in [0, 1]
    confidence: float | None = None


def provenance_of(ref: Reference) -> Provenance | None:
    """The curated provenance of the record, or ``None`` if the record has none."""
    return ref.extensions.curation.provenance


def field_provenance(ref: Reference) -> dict[str, FieldProvenance]:
    """The basis of each field of ``best_known(ref)``, by CSL name, and who verified it.

    A record fetched from a service is verified by that service (``source``: its label); a record
    read from a citation's text holds values as printed, each with the parser's ``confidence``; a
    curated record says field by field (its :class:`Provenance`, its unverified values). A record
    with none of these counts as verified throughout (nothing says otherwise is known).
    """
    ext = ref.extensions
    prov = ext.curation.provenance
    pending = dict(ext.curation.unverified or {})
    reasons = ext.curation.unverified_reasons or {}
    confidence = ext.parse.confidence
    data = ref.to_csl()
    out: dict[str, FieldProvenance] = {}
    for key in data:
        if key in ("id", "type", "custom", "citation-number") or key in pending:
            continue
        if confidence is not None and prov is None:
            out[key] = FieldProvenance(field=key, basis="as-printed", confidence=confidence.get(key))
        else:
            out[key] = FieldProvenance(field=key, basis="verified", source=_verifier(prov, key) or ext.origin.label)
    for key in pending:
        if key in data and (prov is None or prov.is_verified(key)):
            out[key] = FieldProvenance(field=key, basis="verified", source=_verifier(prov, key))
            continue
        basis: Basis = prov.basis(key) if prov is not None else "as-printed"
        if not _used(key, basis):
            continue
        reason = reasons.get(key)
        if reason is None and prov is not None:
            reason = prov.inferred.get(key)
        out[key] = FieldProvenance(field=key, basis=basis, reason=reason,
                                   partly_verified=key in data and prov is not None and key in prov.partial)
    return out


def _verifier(prov: Provenance | None, key: str) -> str | None:
    """The first of the curator's source records that confirmed ``key``."""
    if prov is None:
        return None
    return next((s.source for s in prov.sources if key in s.fields), None)


#: identifiers are used only when verified or printed: an inferred DOI that is wrong sends the
#: reader to another paper, and a check of the record would then compare against that paper
INFERRED_NOT_USED = frozenset({"DOI", "PMID", "PMCID", "URL", "ISBN", "ISSN"})


def _used(key: str, basis: Basis) -> bool:
    return not (basis == "inferred" and key in INFERRED_NOT_USED)


def _merge_names(verified: list[Name], printed: list[Name]) -> list[Name]:
    """The printed list with its verified head put in (ref 1: "Thierry André" for "André T")."""
    verified = [n for n in verified if not n.is_others]
    if len(verified) > len(printed) or any(v.family != p.family for v, p in zip(verified, printed, strict=False)):
        return printed
    return [*verified, *printed[len(verified):]]


def best_known(ref: Reference, *, verified_only: bool = False, extensions: Extensions | None = None) -> Reference:
    """The record with the best value known for each field as CSL variables.

    Verified values stay; a field that is missing or only partly verified takes the value as
    printed in the citation, else the inferred one (``Curation.unverified``), except inferred
    identifiers (:data:`INFERRED_NOT_USED`), which stay out until verified. An author list
    marked incomplete (``Extensions.authors_complete is False``) ends with the et-al marker
    (:meth:`Name.others`). ``Curation.best_known`` records the basis of each merged field, and
    :func:`field_provenance` gives it typed. ``verified_only=True`` returns ``ref`` itself:
    only what a source confirmed (the curated record as stored). ``extensions`` is ``ref.extensions``
    when the caller has it already.
    """
    if verified_only or not ref.custom:
        return ref
    ext = extensions if extensions is not None else ref.extensions
    pending = dict(ext.curation.unverified or {})
    truncated = ext.authors_complete is False
    if verified_only or (not pending and not truncated) or ext.curation.best_known is not None:
        return ref  # (a best-known record, say one read back from an export, is returned as it is)
    prov = ext.curation.provenance
    data = ref.to_csl()
    merged: dict[str, Basis] = {}
    for key, value in pending.items():
        if key in data and (prov is None or prov.is_verified(key)):
            continue
        basis: Basis = prov.basis(key) if prov is not None else "as-printed"
        if not _used(key, basis):
            continue
        data[key] = value
        merged[key] = basis
    if merged:
        ext.curation.best_known = merged
        data["custom"] = ext.to_custom()
    out = Reference.from_csl(data)
    if ref.author and "author" in merged and out.author:
        out.author = _merge_names(list(ref.author), list(out.author))
    if truncated and out.author and not out.authors_truncated:
        out.author = [*out.author, Name.others()]
    return out
