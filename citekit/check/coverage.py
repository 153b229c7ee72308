"""Document-level checks: which references support each claim (with their trials), claims with none,
references that support none, and clinical-trial numbers that disagree with the trial the document names.

The document's references are numbered in its own order; the input may list them in another order
or leave some out, so ``cited_number`` maps a document reference number to the input's number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from citekit.check.codes import Code, Severity
from citekit.check.report import ClaimCoverage, Finding
from citekit.document import Document
from citekit.model import Reference

DOCUMENT_SOURCE = "document claims"


def coverage(doc: Document, cited_number: Mapping[int, int]) -> list[ClaimCoverage]:
    """One row per claim: the input's numbers of its supporting references and their trials."""
    rows = []
    for claim in doc.claims:
        refs = [cited_number[s.ref] for s in claim.supports if s.ref in cited_number]
        trials = []
        for s in claim.supports:
            if s.ref in cited_number:
                link = doc.trial(s.ref)
                label = link.label() if link else ""
                if label and label not in trials:
                    trials.append(label)
        rows.append(ClaimCoverage(claim.id, claim.kind, claim.text, claim.subject, refs, trials))
    return rows


def claim_findings(doc: Document, cited_number: Mapping[int, int], keys: Mapping[int, str]) -> Iterator[Finding]:
    """``claim-unsupported`` for claims with no cited support; ``reference-unused`` for cited references supporting none."""
    for claim in doc.claims:
        present = [s.ref for s in claim.supports if s.ref in cited_number]
        if not claim.supports:
            why = f": {claim.note}" if claim.note else ""
            yield Finding(Code.CLAIM_UNSUPPORTED, Severity.WARNING, f"no reference supports this claim{why}",
                          claim=claim.id, field="claim", cited=claim.quote or claim.text, source=DOCUMENT_SOURCE)
        elif not present:
            missing = ", ".join(str(s.ref) for s in claim.supports)
            yield Finding(Code.CLAIM_UNSUPPORTED, Severity.WARNING,
                          f"its supporting references ({missing} in the document) are not in the input",
                          claim=claim.id, field="claim", cited=claim.quote or claim.text, source=DOCUMENT_SOURCE)
    used = {s.ref for c in doc.claims for s in c.supports}
    for doc_number, number in sorted(cited_number.items(), key=lambda kv: kv[1]):
        if doc_number not in used:
            yield Finding(Code.REFERENCE_UNUSED, Severity.INFO, "supports none of the document's claims",
                          ref=number, key=keys.get(number), source=DOCUMENT_SOURCE)


def _ncts(record: Reference) -> list[str]:
    return record.extensions.deposit.trial_numbers()


def trial_findings(doc: Document, doc_number: int, number: int, key: str, record: Reference,
                   source: str) -> Iterator[Finding]:
    """``trial-mismatch`` when the record's registered trials do not include the document's NCT number."""
    link = doc.trial(doc_number)
    registered = _ncts(record)
    if link is None or link.nct is None or not registered:
        return
    if link.nct.upper() in registered:
        return
    severity = Severity.ERROR if link.nct_confirmed else Severity.WARNING
    yield Finding(Code.TRIAL_MISMATCH, severity,
                  f"the document links {link.label()}; the record registers {', '.join(registered)}",
                  ref=number, key=key, field="clinical-trial-number", cited=link.nct, record=", ".join(registered),
                  source=source)


__all__ = ["DOCUMENT_SOURCE", "claim_findings", "coverage", "trial_findings"]
