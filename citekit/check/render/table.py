"""The terminal report: findings grouped by reference, worst first; ANSI colour only when asked (a tty)."""

from __future__ import annotations

import textwrap

from citekit.check.codes import Severity
from citekit.check.render.common import SYMBOL, compared, ordered, summary_line
from citekit.check.report import Finding, Report

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "2"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _line(f: Finding, color: bool) -> list[str]:
    head = f"  {SYMBOL[f.severity]} {f.severity.value:<7} {f.code.value:<19}"
    if f.field:
        head += f" [{f.field}]"
    out = [_paint(head, _COLOURS[f.severity], color) + f" {f.message}"]
    detail = compared(f)
    if detail:
        out.extend(textwrap.wrap(detail, 110, initial_indent=" " * 14, subsequent_indent=" " * 14))
    return out


def render(report: Report, *, color: bool = False) -> str:
    """The report as terminal text."""
    lines = [f"citekit check {report.input}" + (f" --document {report.document}" if report.document else "")
             + (" (offline)" if report.offline else ""), ""]
    for ref in report.references:
        title = _paint(f"[{ref.number}] {ref.key}", "1", color)
        lines.append(f"{title}  {ref.label[:70]}")
        if ref.source:
            lines.append(f"      record: {ref.source}" + (f", identified by {ref.identified_by}" if ref.identified_by else ""))
        findings = ordered(ref.findings + [f for f in report.findings if f.ref == ref.number])
        if not findings:
            lines.append(_paint("  ✓ no findings", "32", color))
        for f in findings:
            lines.extend(_line(f, color))
        lines.append("")
    rest = [f for f in report.findings if f.ref is None]
    if rest:
        lines.append(_paint("Document and bibliography", "1", color))
        for f in ordered(rest):
            lines.extend(_line(f, color))
        lines.append("")
    if report.coverage:
        lines.append(_paint("Claim coverage", "1", color))
        for c in report.coverage:
            mark = "✓" if c.supported else _paint("✗", "33", color)
            refs = f"refs {', '.join(str(r) for r in c.refs)}" if c.refs else "no reference"
            trials = f" — {'; '.join(c.trials)}" if c.trials else ""
            lines.append(f"  {mark} {c.subject or c.id}: {refs}{trials}")
        lines.append("")
    s = report.summary()
    lines.append(summary_line(report))
    lines.append("by code: " + ", ".join(f"{k} {v}" for k, v in s["by_code"].items()))
    return "\n".join(lines) + "\n"


__all__ = ["render"]
