"""The checker's results as typed data: :class:`Finding`, per-reference results, claim coverage, :class:`Report`.

A finding names everything a reader needs to act on it without re-running anything: the stable
``code``, the ``severity``, the reference (1-based ``ref`` number and ``key``), the ``field``, the
``cited`` value, the ``record`` value and the ``source`` of that value ("curated record",
"Crossref 2026-11-24", "PubMed 28223062"). :meth:`Report.to_dict` is the JSON report, whose shape
is fixed by ``render/report.schema.json`` (``schema_version`` below).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from citekit.check.codes import Code, Severity
from citekit.model import Reference

#: Version of the JSON report (``render/report.schema.json``). Bump the major on a breaking change.
SCHEMA_VERSION = "2.0"
SCHEMA_ID = "https://citekit.invalid/schemas/check-report-2.0.json"


@dataclass(frozen=True)
class Finding:
    """One problem (or remark) about one reference, one claim or the whole bibliography."""

    code: Code
    severity: Severity
    message: str
    ref: int | None = None
    key: str | None = None
    field: str | None = None
    cited: str | None = None
    record: str | None = None
    source: str | None = None
    claim: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON (``None`` values kept so every finding has the same keys)."""
        return {"code": str(self.code), "severity": str(self.severity), "ref": self.ref, "key": self.key,
                "field": self.field, "cited": self.cited, "record": self.record, "source": self.source,
                "claim": self.claim, "message": self.message}

    def __str__(self) -> str:
        where = f"ref {self.ref}" if self.ref is not None else (f"claim {self.claim}" if self.claim else "bibliography")
        return f"{where}: {self.severity} {self.code}" + (f" [{self.field}]" if self.field else "") + f": {self.message}"


@dataclass
class ReferenceResult:
    """What the checker found out about one cited reference."""

    number: int
    key: str
    label: str
    identified_by: str | None = None
    source: str | None = None
    record_id: str | None = None
    findings: list[Finding] = field(default_factory=list)
    #: the record compared against (not part of the JSON report; ``complete`` fills from it)
    record: Reference | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {"number": self.number, "key": self.key, "label": self.label, "identified_by": self.identified_by,
                "source": self.source, "record_id": self.record_id,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass
class ClaimCoverage:
    """One claim of a document, the subject it is about, and the references (and their trials) that support it."""

    id: str
    kind: str
    text: str
    subject: str | None
    refs: list[int]
    trials: list[str]

    @property
    def supported(self) -> bool:
        """True when at least one reference supports the claim."""
        return bool(self.refs)

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {"id": self.id, "kind": self.kind, "text": self.text, "subject": self.subject, "refs": list(self.refs),
                "trials": list(self.trials), "supported": self.supported}


@dataclass
class Report:
    """The whole check: per-reference results, document-level findings and claim coverage."""

    input: str
    document: str | None = None
    offline: bool = False
    references: list[ReferenceResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # bibliography and document level
    coverage: list[ClaimCoverage] = field(default_factory=list)
    #: what the resolver did (``citekit.resolve.outcome.Outcome.to_dict()``); None when none ran
    resolution: dict[str, Any] | None = None

    @property
    def verified(self) -> int:
        """References compared against a record (published or curated)."""
        return sum(1 for r in self.references if r.record is not None)

    @property
    def incomplete(self) -> bool:
        """True when the run could not do its job: a service could not be asked, or references were
        given and none could be verified. The CLI exits 3 then, whatever the findings."""
        unreachable = bool(self.resolution and self.resolution.get("unreachable"))
        return unreachable or (bool(self.references) and self.verified == 0)

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding: per reference in order, then the bibliography and document ones."""
        return [f for r in self.references for f in r.findings] + list(self.findings)

    def by_code(self, code: Code | str) -> list[Finding]:
        """The findings with one code."""
        return [f for f in self.all_findings if f.code == code]

    def for_ref(self, number: int) -> list[Finding]:
        """The findings about reference ``number`` (including duplicates naming it)."""
        return [f for f in self.all_findings if f.ref == number]

    def summary(self) -> dict[str, Any]:
        """Counts by severity and by code (every severity present, zero or not)."""
        sev = Counter(str(f.severity) for f in self.all_findings)
        codes = Counter(str(f.code) for f in self.all_findings)
        return {"references": len(self.references), "findings": len(self.all_findings),
                "by_severity": {s.value: sev.get(s.value, 0) for s in Severity},
                "by_code": dict(sorted(codes.items()))}

    def worst(self) -> Severity | None:
        """The highest severity found, or ``None`` when there are no findings."""
        found = [f.severity for f in self.all_findings]
        return max(found, key=lambda s: s.rank) if found else None

    def fails(self, fail_on: Severity | str = Severity.ERROR) -> bool:
        """True when some finding is at or above ``fail_on``."""
        threshold = Severity(fail_on).rank
        return any(f.severity.rank >= threshold for f in self.all_findings)

    def __repr__(self) -> str:
        counts = self.summary()["by_severity"]
        shown = ", ".join(f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}" for sev, n in counts.items() if n)
        shown = shown or "no findings"
        doc = f", document {self.document!r}" if self.document else ""
        return f"<Report {self.input!r}{doc}: {len(self.references)} references, {shown}>"

    def _repr_html_(self) -> str:
        """The notebook view: the summary line, then one row per finding (the first 100)."""
        from html import escape

        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in (
                f.ref if f.ref is not None else (f.claim or ""), f.severity, f.code, f.field or "", f.message)) + "</tr>"
            for f in self.all_findings[:100])
        more = f"<p>… {len(self.all_findings) - 100} more findings</p>" if len(self.all_findings) > 100 else ""
        head = "".join(f"<th>{h}</th>" for h in ("ref", "severity", "code", "field", "message"))
        return (f'<div class="citekit-report"><p>{escape(repr(self))}</p><table><thead><tr>{head}</tr></thead>'
                f"<tbody>{rows}</tbody></table>{more}</div>")

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (see ``render/report.schema.json``)."""
        return {"$schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION, "input": self.input,
                "document": self.document, "offline": self.offline, "summary": self.summary(),
                "references": [r.to_dict() for r in self.references],
                "findings": [f.to_dict() for f in self.findings],
                "coverage": [c.to_dict() for c in self.coverage],
                **({"resolution": self.resolution} if self.resolution is not None else {})}


#: Deprecated spelling (``citekit.CheckReport`` warns); the report's one name is ``Report``.
CheckReport = Report

__all__ = ["SCHEMA_ID", "SCHEMA_VERSION", "ClaimCoverage", "Finding", "ReferenceResult", "Report"]
