"""The closed vocabularies of the checker: finding codes and severities (stable: reports and CI depend on them)."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters. ``error``: the reference is wrong; ``warning``: likely a problem or
    unverifiable; ``info``: style or a difference that is not an error (omitted issue, spelling)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info (``--fail-on`` compares ranks)."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Code(StrEnum):
    """A finding's stable code. New codes may be added; existing ones never change meaning."""

    # identification
    MISSING_IDENTIFIER = "missing-identifier"
    UNRESOLVABLE_DOI = "unresolvable-doi"
    DOI_MISMATCH = "doi-mismatch"
    UNVERIFIED = "unverified"
    LOOKUP_FAILED = "lookup-failed"
    # field comparison
    JOURNAL_MISMATCH = "journal-mismatch"
    YEAR_MISMATCH = "year-mismatch"
    VOLUME_MISMATCH = "volume-mismatch"
    ISSUE_MISSING = "issue-missing"
    ISSUE_MISMATCH = "issue-mismatch"
    PAGES_MISMATCH = "pages-mismatch"
    TITLE_MISMATCH = "title-mismatch"
    AUTHOR_MISMATCH = "author-mismatch"
    MISSING_FIELD = "missing-field"
    # the record's status
    RETRACTED = "retracted"
    CORRECTED = "corrected"
    SUPERSEDED = "superseded"
    # bibliography level
    DUPLICATE = "duplicate"
    # document level
    CLAIM_UNSUPPORTED = "claim-unsupported"
    REFERENCE_UNUSED = "reference-unused"
    TRIAL_MISMATCH = "trial-mismatch"
    # manuscript level (the text's citations against its bibliography)
    CITATION_WITHOUT_REFERENCE = "citation-without-reference"
    REFERENCE_NOT_CITED = "reference-not-cited"
    CITATION_ORDER = "citation-order"
    CITATION_MISMATCH = "citation-mismatch"


#: What each code means, for the report legend and the JSON schema's documentation.
DESCRIPTIONS: dict[Code, str] = {
    Code.MISSING_IDENTIFIER: "the citation gives no DOI or PMID (info when the record has one to add)",
    Code.UNRESOLVABLE_DOI: "the cited DOI is invalid or resolves nowhere (Crossref, doi.org); also a PMID PubMed lacks",
    Code.DOI_MISMATCH: "the cited DOI belongs to another paper (title, first author and year disagree; "
                       "when the record lacks title or authors, journal, volume and pages)",
    Code.UNVERIFIED: "nothing authoritative could be found for the reference or for this field",
    Code.LOOKUP_FAILED: "a service could not be asked about the reference (unreachable, rate-limited, failing) or "
                        "answered with something unusable: not the same as no record found",
    Code.JOURNAL_MISMATCH: "the journal is not the record's, under any of its names or abbreviations",
    Code.YEAR_MISMATCH: "the year differs from the record's (print and online years both tried)",
    Code.VOLUME_MISMATCH: "the volume differs from the record's",
    Code.ISSUE_MISSING: "the record has an issue number the citation omits",
    Code.ISSUE_MISMATCH: "the issue number differs from the record's",
    Code.PAGES_MISMATCH: "the pages or article number differ from the record's",
    Code.TITLE_MISMATCH: "the title differs from the record's beyond case, punctuation and spelling",
    Code.AUTHOR_MISMATCH: "the first author, or the number of authors shown, disagrees with the record",
    Code.MISSING_FIELD: "a field the reference type requires is missing",
    Code.RETRACTED: "the work has been retracted or withdrawn",
    Code.CORRECTED: "a correction (erratum) to the work has been published",
    Code.SUPERSEDED: "a preprint or abstract whose full peer-reviewed paper has been published",
    Code.DUPLICATE: "the same work is cited more than once",
    Code.CLAIM_UNSUPPORTED: "a claim of the document is supported by no reference",
    Code.REFERENCE_UNUSED: "a reference supports none of the document's claims",
    Code.TRIAL_MISMATCH: "the record's clinical-trial number is not the trial the document names",
    Code.CITATION_WITHOUT_REFERENCE: "the manuscript cites a key the bibliography has no entry for",
    Code.REFERENCE_NOT_CITED: "a bibliography entry the manuscript never cites",
    Code.CITATION_ORDER: "a numbered reference first cited out of the order of first citation (Vancouver, AMA)",
    Code.CITATION_MISMATCH: "an author-year citation whose first author or year disagrees with its reference",
}

#: Deprecated spelling (``citekit.FindingCode`` warns); the codes' one name is ``Code``.
FindingCode = Code

__all__ = ["DESCRIPTIONS", "Code", "Severity"]
