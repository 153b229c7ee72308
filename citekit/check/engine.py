"""``check()``: identify each cited reference, fetch its authoritative record, compare, and report.

For each reference, in order:

The steps are lists of strategies (:mod:`citekit.check.strategies`), and a lookup that failed is
kept as data: "no record found" (``unverified``, ``unresolvable-doi``) and "could not ask"
(``lookup-failed``) are different findings. :attr:`Report.resolution` says what the resolver did.

1. **identify** it: its DOI (verified to be the cited paper, else ``doi-mismatch``), else its PMID,
   else the document's curated record (DOI, PMID, or first author + year + title), else a
   confident match of the citation text (offline: from cached searches); ``identified_by`` says which;
2. **fetch** the record: Crossref / doi.org / PubMed through the resolver (offline: its cache),
   falling back to the curated record; every finding names its source;
3. **compare** with the rules (``rules.DEFAULT_RULES``) and the required fields.

Then the bibliography-level ``duplicate`` check and, with a document, claim coverage. One reference
that fails to resolve never stops the others: its failure becomes a finding.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from citekit.check.codes import Code, Severity
from citekit.check.coverage import claim_findings, coverage, trial_findings
from citekit.check.report import Finding, ReferenceResult, Report
from citekit.check.required import missing_field_findings
from citekit.check.rules import DEFAULT_RULES, Context, Rule, Style
from citekit.check.rules.duplicate import duplicates
from citekit.check.sources import CURATED, CuratedRecords, Online, parse_doi, parse_pmid, source_label
from citekit.check.strategies import FETCH, IDENTIFY, Case, Fetch, Identify, identify_and_fetch, lookup_findings
from citekit.check.suggest import doi_not_the_records, suggest_doi
from citekit.model import Reference

if TYPE_CHECKING:
    from citekit.document import Document
    from citekit.formats import ParseResult
    from citekit.resolve.api import Resolver
    from citekit.resolve.config import ResolverConfig

Progress = Callable[[int, int], None]
#: share of journal articles citing an issue at or below which omitted issues count as the style
ISSUE_STYLE_SHARE = 0.1
_ARTICLE_TYPES = {"article-journal", "article", "paper-conference", None}


def _read(source: Any) -> tuple[list[Reference], str]:
    from citekit.formats import ParseResult, read

    if isinstance(source, ParseResult):
        return list(source.items), source.source or "<input>"
    if isinstance(source, (str, os.PathLike)):
        result = read(source)
        return list(result.items), os.fspath(source)
    return list(source), "<references>"


def _load_document(document: Any) -> Document | None:
    if document is None:
        return None
    from citekit.document import Document, load_document

    return document if isinstance(document, Document) else load_document(document)


def bibliography_style(refs: Sequence[Reference]) -> Style:
    """The bibliography's habits: are issue numbers consistently omitted?"""
    articles = [r for r in refs if r.type == "article-journal"]
    with_issue = [r for r in articles if r.issue not in (None, "")]
    return Style(issue_omitted=len(articles) >= 2 and len(with_issue) <= ISSUE_STYLE_SHARE * len(articles))


def _key(ref: Reference, number: int) -> str:
    return str(ref.citation_key or ref.id or f"ref-{number}")


class Checker:
    """One check run: the rules, the curated records, and (unless offline without a cache) the resolver."""

    def __init__(self, *, document: Document | None = None, resolver: Resolver | None = None, offline: bool = False,
                 rules: Sequence[Rule] | None = None, progress: Progress | None = None,
                 identify: Sequence[Identify] | None = None, fetch: Sequence[Fetch] | None = None) -> None:
        self.document = document
        #: the identify and fetch strategies, in order (replace or extend the lists to change how records are found)
        self.identify = list(IDENTIFY if identify is None else identify)
        self.fetch = list(FETCH if fetch is None else fetch)
        self.curated = CuratedRecords(document.references) if document is not None else None
        self.online = Online(resolver, offline=offline) if resolver is not None else None
        self.offline = offline
        self.rules = list(DEFAULT_RULES if rules is None else rules)
        self.progress = progress

    # ------------------------------------------------------------------ the run
    def run(self, refs: Sequence[Reference], *, name: str = "<input>", texts: Sequence[str | None] | None = None) -> Report:
        """Check ``refs`` (``texts``: the citations as written, for matching) and return the report."""
        report = Report(input=name, document=self.document.id if self.document else None, offline=self.offline)
        style = bibliography_style(refs)
        curated = [self.curated.find(r) if self.curated else None for r in refs]
        if self.online is not None:
            dois = [d for r, c in zip(refs, curated, strict=True)
                    for d in (parse_doi(r.doi), parse_doi(c[0].doi) if c else None) if d is not None]
            pmids = [p for r in refs for p in [parse_pmid(r.pmid)] if p is not None and parse_doi(r.doi) is None]
            self.online.prefetch(dois, pmids, self.progress)
        keys = [_key(r, i) for i, r in enumerate(refs, start=1)]
        cited_number: dict[int, int] = {}
        for i, ref in enumerate(refs, start=1):
            found = curated[i - 1]
            text = texts[i - 1] if texts else None
            result = self.check_one(i, keys[i - 1], ref, found, style, text)
            report.references.append(result)
            if found is not None and self.document is not None:
                doc_number = self.document.number_of(found[0])
                cited_number.setdefault(doc_number, i)
        report.findings.extend(duplicates(refs, keys))
        if self.document is not None:
            report.coverage = coverage(self.document, cited_number)
            report.findings.extend(claim_findings(self.document, cited_number, dict(enumerate(keys, start=1))))
            for i, found in enumerate(curated, start=1):
                if found is None:
                    report.findings.append(Finding(Code.REFERENCE_UNUSED, Severity.INFO,
                                                   f"not among the references of document {self.document.id!r}: "
                                                   "it supports none of its claims", ref=i, key=keys[i - 1],
                                                   source="document claims"))
        if self.online is not None:
            report.resolution = self.online.outcome()
        return report

    # ------------------------------------------------------------------ one reference
    def check_one(self, number: int, key: str, cited: Reference, curated: tuple[Reference, str] | None,
                  style: Style, text: str | None = None) -> ReferenceResult:
        """Identify, fetch and compare one reference (:mod:`citekit.check.strategies`)."""
        label = (cited.title or cited.note or key)[:80]
        out = ReferenceResult(number=number, key=key, label=label)
        case = Case(number, key, cited, curated, text)
        identify_and_fetch(self, case)
        lookup_findings(case, self.offline)
        record, how = case.record, case.how
        # a DOI finding says which DOI the identified record carries ("did you mean DOI ...?")
        early = [suggest_doi(f, record, how) for f in case.findings]
        out.findings.extend(early)
        if record is None:
            self._identifier(out, cited, None, "")
            return out
        source = source_label(record, offline=self.offline) if record is not (curated or (None,))[0] else CURATED
        out.identified_by, out.source, out.record_id = how, source, str(record.doi or record.pmid or record.id or "")
        out.record = record
        ctx = Context(number, key, cited, record, source, curated[0] if curated else None, style)
        provenance = record.extensions.curation.provenance if ctx.record_is_curated else None
        if provenance is not None and provenance.status == "unverified":
            out.findings.append(ctx.finding(Code.UNVERIFIED, "the curated record has no verified value: nothing "
                                            "could be checked", severity=Severity.WARNING))
        self._identifier(out, cited, record, source)
        out.findings.extend(doi_not_the_records(ctx, how, early))
        for rule in self.rules:
            out.findings.extend(rule(ctx))
        out.findings.extend(missing_field_findings(ctx))
        if self.document is not None and curated is not None:
            doc_number = self.document.number_of(curated[0])
            out.findings.extend(trial_findings(self.document, doc_number, number, key, record, source))
        return out

    def _identifier(self, out: ReferenceResult, cited: Reference, record: Reference | None, source: str) -> None:
        """``missing-identifier``: info when the record has a DOI or PMID to add, warning when none is verifiable."""
        if cited.doi or cited.pmid or cited.pmcid:
            return
        value = (record.doi or record.pmid) if record is not None else None
        if value:
            kind = "DOI" if record is not None and record.doi else "PMID"
            out.findings.append(Finding(Code.MISSING_IDENTIFIER, Severity.INFO, f"no DOI or PMID; the record has {kind} {value}",
                                        ref=out.number, key=out.key, field=kind, record=value, source=source))
            return
        severity = Severity.WARNING if cited.type in _ARTICLE_TYPES else Severity.INFO
        out.findings.append(Finding(Code.MISSING_IDENTIFIER, severity, "no DOI or PMID, and none could be verified",
                                    ref=out.number, key=out.key, field="DOI", source=source or None))


def check(source: str | os.PathLike[str] | Sequence[Reference] | ParseResult, *, document: Any = None,
          offline: bool | None = None, config: ResolverConfig | None = None, resolver: Resolver | None = None,
          rules: Sequence[Rule] | None = None, progress: Progress | None = None,
          texts: Sequence[str | None] | None = None) -> Report:
    """Check references against their published records (and, with ``document``, the document's claims).

    ``source`` is a file in any format citekit reads, a parse result, or a list of references.
    ``document`` is a document name, folder or :class:`~citekit.document.Document`: its curated
    records are used to identify and verify the references, and its claims for coverage.
    ``offline`` (default: ``CITEKIT_OFFLINE``) answers from the cache and the curated records only.
    ``config`` / ``resolver`` point at the services (``CITEKIT_*`` variables by default).
    """
    refs, name = _read(source)
    doc = _load_document(document)
    owned = None
    if resolver is None:
        from citekit.resolve.api import Resolver
        from citekit.resolve.config import ResolverConfig

        cfg = config or ResolverConfig.from_env()
        if offline is not None:
            cfg = cfg.with_(offline=offline)
        resolver = owned = Resolver(cfg)
    is_offline = resolver.config.offline if offline is None else offline
    try:
        return Checker(document=doc, resolver=resolver, offline=is_offline, rules=rules, progress=progress).run(
            refs, name=name, texts=texts)
    finally:
        if owned is not None:
            owned.close()


__all__ = ["ISSUE_STYLE_SHARE", "Checker", "bibliography_style", "check"]
