"""Provenance: verified, partly verified and unverified fields of a curated record."""

from __future__ import annotations

from citekit.model import Provenance, Reference, provenance_of


def test_partial_fields_are_not_verified() -> None:
    p = Provenance(status="partly-verified", verified_fields=["title", "author"], partial={"author": "first author only"})
    assert p.is_verified("title")
    assert not p.is_verified("author")
    assert not p.is_verified("page")


def test_read_from_custom() -> None:
    ref = Reference.from_csl(
        {"id": "x", "type": "book", "custom": {"provenance": {"status": "unverified", "unverified_fields": ["title"]}}}
    )
    prov = provenance_of(ref)
    assert prov is not None and prov.status == "unverified" and prov.unverified_fields == ["title"]
    assert provenance_of(Reference(id="y", type="book")) is None


def test_shipped_record_one_has_only_its_first_author_verified() -> None:
    import citekit

    doc = citekit.load_document("anal-cancer-immunotherapy")
    prov = provenance_of(doc.references.by_id("andre2023antitumor"))
    assert prov is not None
    assert not prov.is_verified("author") and prov.is_verified("DOI")
