"""Identifiers as value objects, parsed once at the boundary: DOI, PMID, PMCID, ISSN, ISBN, arXiv id."""

from __future__ import annotations

from citekit.ids.arxiv import ArxivId
from citekit.ids.doi import DOI
from citekit.ids.find import Found, Identifier, Resolvable, find_identifiers, identifier_in_fields, parse_identifier
from citekit.ids.pubmed import PMCID, PMID
from citekit.ids.standard import ISBN, ISSN

__all__ = ["DOI", "ISBN", "ISSN", "PMCID", "PMID", "ArxivId", "Found", "Identifier", "Resolvable", "find_identifiers",
           "identifier_in_fields", "parse_identifier"]
