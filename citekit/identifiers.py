"""``citekit.identifiers``: the public face of :mod:`citekit.ids` (DOI, PMID, PMCID, ISSN, ISBN)."""

from __future__ import annotations

from citekit.ids import DOI, ISBN, ISSN, PMCID, PMID, Found, Identifier, find_identifiers, parse_identifier

__all__ = ["DOI", "ISBN", "ISSN", "PMCID", "PMID", "Found", "Identifier", "find_identifiers", "parse_identifier"]
