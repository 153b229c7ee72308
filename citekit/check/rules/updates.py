"""``retracted`` and ``corrected``: notices that update the record (Crossref ``updated-by``, incl. Retraction Watch)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding
from citekit.check.rules.base import Context

RETRACTION = {"retraction", "withdrawal", "removal", "partial_retraction"}
CORRECTION = {"correction", "erratum", "corrigendum", "addendum", "clarification"}
CONCERN = {"expression_of_concern"}


def _kind(entry: dict[str, Any]) -> str:
    return str(entry.get("type", "")).lower().replace("-", "_").replace(" ", "_")


def updates(ctx: Context) -> Iterator[Finding]:
    """One finding per notice: retraction (error), expression of concern (warning), correction (warning)."""
    for entry in ctx.record.get_custom("updated-by") or []:
        if not isinstance(entry, dict):
            continue
        kind, doi = _kind(entry), entry.get("DOI")
        by = entry.get("source") or "publisher"
        when = ((entry.get("updated") or {}).get("date-parts") or [[None]])[0]
        date = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(when) if isinstance(p, int)) or "undated"
        about = f"{kind.replace('_', ' ')} {doi or ''} ({by}, {date})".replace("  ", " ")
        if kind in RETRACTION:
            yield ctx.finding(Code.RETRACTED, f"retracted: {about}", field="DOI", record=doi)
        elif kind in CONCERN:
            yield ctx.finding(Code.RETRACTED, f"expression of concern: {about}", field="DOI", record=doi,
                              severity=Severity.WARNING)
        elif kind in CORRECTION:
            yield ctx.finding(Code.CORRECTED, f"a correction was published: {about}", field="DOI", record=doi)
