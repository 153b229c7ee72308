"""The corrected DOI, suggested when the checker has identified the record behind a wrong DOI.

A cited DOI that does not resolve (a typo: ``10.1038/ng.3843`` for ``10.1038/ng.3834``) or that
belongs to another paper leaves the reference unidentified by its DOI; the checker may still find
its record (the document's curated records, or a verified citation match). The DOI finding then
says which DOI the reference should carry: "did you mean DOI 10.1038/ng.3834?", with that DOI as
the finding's ``record`` value, so a reader (or ``citekit complete``) can act on it
(:func:`suggest_doi`).

Offline (or when the service failed) a cited DOI cannot be looked up at all; when the record found
by other means carries another DOI, the cited one is not this paper's, and
:func:`doi_not_the_records` says so with the same suggestion instead of passing it silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from citekit.check.codes import Code
from citekit.check.report import Finding
from citekit.check.rules.base import Context
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


def doi_not_the_records(ctx: Context, how: str | None, early: Sequence[Finding]) -> list[Finding]:
    """``doi-mismatch`` when the cited DOI was never verified and the identified record has another DOI.

    Empty when the DOIs agree, when either is missing, or when an earlier DOI finding (which
    :func:`suggest_doi` completes) already speaks about it.
    """
    cited, right = parse_doi(ctx.cited.doi), parse_doi(ctx.record.doi)
    if cited is None or right is None or cited == right:
        return []
    if any(f.code in DOI_CODES and f.field == "DOI" for f in early):
        return []
    found_by = f"identified by {how}" if how else "identified otherwise"
    return [ctx.finding(Code.DOI_MISMATCH, f"the cited DOI could not be looked up and is not the DOI of the record "
                        f"({found_by}); did you mean DOI {right.value}?", field="DOI", cited=cited.value,
                        record=right.value)]


__all__ = ["DOI_CODES", "doi_not_the_records", "suggest_doi"]
