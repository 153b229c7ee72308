"""What every comparison rule receives (:class:`Context`) and how it makes findings.

A rule is a plain callable ``rule(ctx) -> Iterable[Finding]`` comparing the cited reference with
the authoritative record; the default list is ``citekit.check.rules.DEFAULT_RULES`` and callers may
pass their own list (GUIDE: processing steps are a plain list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding
from citekit.model import Date, Name, Reference

#: Default severity of each code; rules may lower or raise it for a given case.
DEFAULT_SEVERITY: dict[Code, Severity] = {
    Code.MISSING_IDENTIFIER: Severity.WARNING,
    Code.UNRESOLVABLE_DOI: Severity.ERROR,
    Code.DOI_MISMATCH: Severity.ERROR,
    Code.UNVERIFIED: Severity.WARNING,
    Code.LOOKUP_FAILED: Severity.WARNING,
    Code.JOURNAL_MISMATCH: Severity.ERROR,
    Code.YEAR_MISMATCH: Severity.ERROR,
    Code.VOLUME_MISMATCH: Severity.ERROR,
    Code.ISSUE_MISSING: Severity.WARNING,
    Code.ISSUE_MISMATCH: Severity.ERROR,
    Code.PAGES_MISMATCH: Severity.ERROR,
    Code.TITLE_MISMATCH: Severity.ERROR,
    Code.AUTHOR_MISMATCH: Severity.ERROR,
    Code.MISSING_FIELD: Severity.WARNING,
    Code.RETRACTED: Severity.ERROR,
    Code.CORRECTED: Severity.WARNING,
    Code.SUPERSEDED: Severity.WARNING,
    Code.DUPLICATE: Severity.WARNING,
    Code.CLAIM_UNSUPPORTED: Severity.WARNING,
    Code.REFERENCE_UNUSED: Severity.INFO,
    Code.TRIAL_MISMATCH: Severity.ERROR,
}


@dataclass
class Style:
    """Habits of the whole bibliography, so a consistent style choice is not reported as an error."""

    issue_omitted: bool = False  #: the citations consistently leave out issue numbers


@dataclass
class Context:
    """One cited reference, its authoritative record, and where that record came from."""

    number: int
    key: str
    cited: Reference
    record: Reference
    source: str
    curated: Reference | None = None  #: the document's curated record, when one matched
    style: Style = field(default_factory=Style)

    @property
    def record_is_curated(self) -> bool:
        """True when the record is the document's curated record (only verified values in CSL variables)."""
        return self.curated is not None and self.record is self.curated

    def finding(self, code: Code, message: str, *, field: str | None = None, cited: Any = None, record: Any = None,
                severity: Severity | None = None) -> Finding:
        """A finding about this reference, with its number, key and source filled in."""
        return Finding(code=code, severity=severity or DEFAULT_SEVERITY[code], message=message, ref=self.number,
                       key=self.key, field=field, cited=show(cited), record=show(record), source=self.source)


Rule = Callable[[Context], Iterable[Finding]]


def show(value: Any) -> str | None:
    """A field value as a short string for reports: names as ``André T``, dates as ISO, lists joined."""
    if value is None:
        return None
    if isinstance(value, Date):
        return value.iso() or value.literal or value.raw
    if isinstance(value, Name):
        return name_text(value)
    if isinstance(value, list):
        parts = [show(v) for v in value]
        return ", ".join(p for p in parts if p)
    if isinstance(value, dict) and "date-parts" in value:
        return show(Date.model_validate(value))
    return str(value)


def name_text(name: Name) -> str:
    """``André T`` (family and initials) or the literal."""
    if name.is_literal:
        return name.literal or ""
    from citekit.check.normalise import initials

    return f"{name.family_full} {initials(name.given).upper()}".strip()


__all__ = ["DEFAULT_SEVERITY", "Context", "Rule", "Style", "name_text", "show"]
