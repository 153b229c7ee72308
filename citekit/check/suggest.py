"""The corrected DOI, suggested when the checker has identified the record behind a wrong DOI.

A cited DOI that does not resolve (a typo: ``10.1038/ng.3843`` for ``10.1038/ng.3834``) or that
belongs to another paper leaves the reference unidentified by its DOI; the checker may still find
its record (the document's curated records, or a verified citation match). The DOI finding then
says which DOI the reference should carry: "did you mean DOI 10.1038/ng.3834?", with that DOI as
the finding's ``record`` value, so a reader (or ``citekit complete``) can act on it.
"""

from __future__ import annotations

from dataclasses import replace

from citekit.check.codes import Code
from citekit.check.report import Finding
from citekit.check.sources import parse_doi
from citekit.model import Reference

#: findings about a cited DOI that a corrected DOI answers
DOI_CODES = {Code.UNRESOLVABLE_DOI, Code.DOI_MISMATCH}


def suggest_doi(finding: Finding, record: Reference | None, how: str | None = None) -> Finding:
    """``finding`` with "did you mean DOI ...?" added when ``record`` (identified ``how``) has another DOI.

    Findings of other codes or fields, and records without a DOI or with the cited one, are returned unchanged.
    """
    if finding.code not in DOI_CODES or finding.field != "DOI" or record is None:
        return finding
    right = parse_doi(record.doi)
    if right is None or right == parse_doi(finding.cited):
        return finding
    found_by = f", found by {how}" if how else ""
    return replace(finding, message=f"{finding.message}; did you mean DOI {right.value}?{found_by}", record=right.value)


__all__ = ["DOI_CODES", "suggest_doi"]
