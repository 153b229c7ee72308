"""The checker's identify and fetch steps as plain lists of strategies (GUIDE §6), with lookup failures kept as data.

``check_one`` runs, for one reference:

1. **identify** (:data:`IDENTIFY`): each strategy yields :class:`Candidate` s, in order: the cited
   DOI, the cited PMID, the cited arXiv id or ISBN, the document's curated record, a confident match of
   the citation text;
2. **fetch** (:data:`FETCH`): each candidate's record, from the resolver (checked to be the cited
   paper when it came from the citation's own identifier) or from the candidate itself (a curated
   or matched record); the first record found ends the search;
3. **compare**: the rules (:data:`citekit.check.rules.DEFAULT_RULES`).

Every failed lookup becomes a :class:`Lookup` on the :class:`Case` instead of being swallowed, so
the findings can say "the DOI resolves nowhere" (asked, no record) apart from "Crossref could not
be asked" (``lookup-failed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding
from citekit.check.rules.other_paper import is_other_paper
from citekit.check.sources import parse_doi, parse_pmid, source_label
from citekit.errors import CitekitError, NotFound, OfflineMiss
from citekit.ids import DOI, ISBN, PMID, ArxivId, identifier_in_fields
from citekit.model import Reference

if TYPE_CHECKING:
    from citekit.check.engine import Checker


@dataclass
class Candidate:
    """A way to the reference's record: an identifier to fetch, a record in hand, or both (curated + its DOI)."""

    how: str
    origin: str  # "cited-doi", "cited-pmid", "curated", "match"
    ident: DOI | PMID | ArxivId | ISBN | None = None
    record: Reference | None = None
    #: how, when the record in hand is used instead of the identifier's
    fallback_how: str | None = None


@dataclass
class Lookup:
    """One lookup that did not give a record, kept as data: what was asked, and the typed error (None: no match)."""

    origin: str
    what: str
    error: CitekitError | None


@dataclass
class Case:
    """One reference on its way through identify → fetch → compare."""

    number: int
    key: str
    cited: Reference
    curated: tuple[Reference, str] | None
    text: str | None
    record: Reference | None = None
    how: str | None = None
    findings: list[Finding] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)

    def note(self, code: Code, message: str, *, severity: Severity | None = None, **kw: str | None) -> None:
        """Add an identification finding."""
        from citekit.check.rules.base import DEFAULT_SEVERITY

        self.findings.append(Finding(code, severity or DEFAULT_SEVERITY[code], message, ref=self.number, key=self.key,
                                     **kw))


Identify = Callable[["Checker", Case], Iterator[Candidate]]
Fetch = Callable[["Checker", Case, Candidate], "tuple[Reference, str] | None"]


# ------------------------------------------------------------------ identify
def cited_doi(checker: Checker, case: Case) -> Iterator[Candidate]:
    """The DOI the citation gives (an invalid one is a finding)."""
    doi = parse_doi(case.cited.doi)
    if case.cited.doi and doi is None:
        case.note(Code.UNRESOLVABLE_DOI, f"not a valid DOI: {case.cited.doi!r}", field="DOI", cited=str(case.cited.doi))
    if doi is not None:
        yield Candidate(f"DOI {doi.value} (cited)", "cited-doi", ident=doi)


def cited_pmid(checker: Checker, case: Case) -> Iterator[Candidate]:
    """The PMID the citation gives, when it gives no DOI."""
    pmid = parse_pmid(case.cited.pmid)
    if pmid is not None and parse_doi(case.cited.doi) is None:
        yield Candidate(f"PMID {pmid} (cited)", "cited-pmid", ident=pmid)


def cited_arxiv_isbn(checker: Checker, case: Case) -> Iterator[Candidate]:
    """The arXiv id or ISBN the citation gives (URL, note, number, ISBN fields), when it gives no DOI or PMID."""
    if parse_doi(case.cited.doi) is not None or parse_pmid(case.cited.pmid) is not None:
        return
    ident = identifier_in_fields(case.cited.to_csl())
    if ident is not None:
        kind = "arXiv" if isinstance(ident, ArxivId) else "ISBN"
        yield Candidate(f"{kind} {ident} (cited)", "cited-id", ident=ident)


def curated_record(checker: Checker, case: Case) -> Iterator[Candidate]:
    """The document's curated record (its DOI's published record first, when it has one)."""
    if case.curated is None:
        return
    cur, cur_how = case.curated
    cur_doi = parse_doi(cur.doi)
    how = f"{cur_how}, then DOI {cur_doi.value}" if cur_doi is not None else cur_how
    yield Candidate(how, "curated", ident=cur_doi, record=cur, fallback_how=cur_how)


def citation_match(checker: Checker, case: Case) -> Iterator[Candidate]:
    """A confident match of the citation text (offline: from the cached searches); a failed search is kept."""
    if checker.online is None:
        return
    got = checker.online.match(case.cited, case.text)
    if got.record is None:
        case.lookups.append(Lookup("match", "citation search", got.error))
        return
    yield Candidate(f"citation match (confidence {got.confidence or 0:.2f})", "match", record=got.record)


# ------------------------------------------------------------------ fetch
def from_resolver(checker: Checker, case: Case, cand: Candidate) -> tuple[Reference, str] | None:
    """The identifier's published record; a DOI of another paper is a ``doi-mismatch``, not a record."""
    if cand.ident is None or checker.online is None:
        return None
    got = checker.online.get(cand.ident)
    if got.record is None:
        case.lookups.append(Lookup(cand.origin, str(cand.ident), got.error))
        return None
    if cand.origin == "cited-doi":
        wrong = is_other_paper(case.cited, got.record)
        if wrong:
            assert isinstance(cand.ident, DOI)
            case.note(Code.DOI_MISMATCH, f"the DOI is another paper ({', '.join(wrong)} disagree): "
                      f"{(got.record.title or '')[:90]}", field="DOI", cited=cand.ident.value,
                      record=got.record.title, source=source_label(got.record, offline=checker.offline))
            return None
    elif cand.origin in ("cited-pmid", "cited-id") and is_other_paper(case.cited, got.record):
        return None
    return got.record, cand.how


def from_candidate(checker: Checker, case: Case, cand: Candidate) -> tuple[Reference, str] | None:
    """The record the candidate carries (curated, or the matched record)."""
    if cand.record is None:
        return None
    return cand.record, cand.fallback_how or cand.how


IDENTIFY: list[Identify] = [cited_doi, cited_pmid, cited_arxiv_isbn, curated_record, citation_match]
FETCH: list[Fetch] = [from_resolver, from_candidate]


# ------------------------------------------------------------------ lookups → findings
def lookup_findings(case: Case, offline: bool) -> None:
    """The findings the failed lookups call for: no record (``unresolvable-doi``) apart from could not ask."""
    for lk in case.lookups:
        err = lk.error
        if lk.origin in ("cited-doi", "cited-pmid") and isinstance(err, NotFound) and not isinstance(err, OfflineMiss):
            if lk.origin == "cited-doi":
                case.note(Code.UNRESOLVABLE_DOI, f"the DOI does not resolve: {err}", field="DOI", cited=lk.what,
                          source="Crossref, doi.org")
            else:
                case.note(Code.UNRESOLVABLE_DOI, f"the PMID is not in PubMed: {err}", field="PMID", cited=lk.what,
                          source="PubMed")
        elif err is not None and lk.origin != "match" and case.record is not None \
                and not isinstance(err, (NotFound, OfflineMiss)):
            fld = {"cited-doi": "DOI", "cited-pmid": "PMID"}.get(lk.origin)
            case.note(Code.LOOKUP_FAILED, f"{lk.what} could not be looked up: {err.message}", field=fld,
                      cited=lk.what if fld else None, source=err.source)
    if case.record is None:
        failed = [lk.error for lk in case.lookups if lk.error is not None and not isinstance(lk.error, (NotFound, OfflineMiss))]
        if failed:
            first = failed[0]
            what = next((lk.what for lk in case.lookups if lk.error is first), "")
            fld = "DOI" if what.startswith("10.") else None
            case.note(Code.LOOKUP_FAILED, f"could not be verified (not the same as no record): {first.message}",
                      field=fld, cited=what if fld else None, source=first.source)
        else:
            case.note(Code.UNVERIFIED, "no authoritative record found" + (" (offline)" if offline else ""),
                      severity=Severity.WARNING)


def identify_and_fetch(checker: Checker, case: Case) -> None:
    """Run the identify strategies in order, fetching each candidate, until a record is found."""
    for identify in checker.identify:
        for cand in identify(checker, case):
            for fetch in checker.fetch:
                got = fetch(checker, case, cand)
                if got is not None:
                    case.record, case.how = got
                    return


__all__ = ["FETCH", "IDENTIFY", "Candidate", "Case", "Lookup", "citation_match", "cited_arxiv_isbn", "cited_doi",
           "cited_pmid", "curated_record", "from_candidate", "from_resolver", "identify_and_fetch", "lookup_findings"]
