"""What the human-readable renderers share: ordering, labels, the one-line summary."""

from __future__ import annotations

from citekit.check.codes import Severity
from citekit.check.report import Finding, Report

SYMBOL = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "·"}


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; stable within a severity."""
    return sorted(findings, key=lambda f: -f.severity.rank)


def summary_line(report: Report) -> str:
    """``11 references: 1 error, 10 warnings, 30 info``."""
    s = report.summary()["by_severity"]
    return (f"{len(report.references)} references: {s['error']} error{'s' if s['error'] != 1 else ''}, "
            f"{s['warning']} warning{'s' if s['warning'] != 1 else ''}, {s['info']} info")


def compared(f: Finding) -> str:
    """``cited 'JAMA' · record 'JAMA Network Open' (curated record)`` or ``""``."""
    bits = []
    if f.cited is not None:
        bits.append(f"cited {f.cited!r}")
    if f.record is not None:
        bits.append(f"record {f.record!r}")
    text = " · ".join(bits)
    if f.source:
        text = f"{text} ({f.source})" if text else f"({f.source})"
    return text


__all__ = ["SYMBOL", "compared", "ordered", "summary_line"]
