"""The HTML report: one self-contained page (inline CSS, no scripts, no external assets) to open in a browser."""

from __future__ import annotations

from html import escape

from citekit.check.render.common import ordered, summary_line
from citekit.check.report import Finding, Report

CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f5f5f5}.error{color:#b00020;font-weight:600}.warning{color:#a15c00;font-weight:600}.info{color:#666}
code{font-size:.9em}.meta{color:#555}.none{color:#2e7d32}
"""


def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def _table(findings: list[Finding]) -> str:
    head = ("<table><tr><th>severity</th><th>code</th><th>field</th><th>cited</th><th>record</th><th>source</th>"
            "<th>message</th></tr>")
    rows = [head]
    for f in ordered(findings):
        rows.append(f'<tr class="finding"><td class="{f.severity.value}">{f.severity.value}</td>'
                    f"<td><code>{_e(f.code.value)}</code></td><td>{_e(f.field)}</td><td>{_e(f.cited)}</td>"
                    f"<td>{_e(f.record)}</td><td>{_e(f.source)}</td><td>{_e(f.message)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def render(report: Report) -> str:
    """The report as a complete HTML5 document."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>citekit check: {_e(report.input)}</title>", f"<style>{CSS}</style></head><body>",
             f"<h1>citekit check: {_e(report.input)}</h1>"]
    if report.document:
        parts.append(f'<p class="meta">Document <code>{_e(report.document)}</code>'
                     + (" (offline)" if report.offline else "") + "</p>")
    parts.append(f"<p><strong>{_e(summary_line(report))}</strong></p>")
    for ref in report.references:
        parts.append(f'<h2 id="ref-{ref.number}">[{ref.number}] {_e(ref.key)}</h2><p>{_e(ref.label)}</p>')
        if ref.source:
            parts.append(f'<p class="meta">Record: {_e(ref.source)}; identified by {_e(ref.identified_by)}</p>')
        findings = ref.findings + [f for f in report.findings if f.ref == ref.number]
        parts.append(_table(findings) if findings else '<p class="none">No findings.</p>')
    rest = [f for f in report.findings if f.ref is None]
    if rest:
        parts.append("<h2>Document and bibliography</h2>" + _table(rest))
    if report.coverage:
        parts.append("<h2>Claim coverage</h2><table><tr><th>claim</th><th>references</th><th>trials</th></tr>")
        for c in report.coverage:
            refs = ", ".join(f'<a href="#ref-{r}">{r}</a>' for r in c.refs) or '<span class="warning">none</span>'
            parts.append(f"<tr><td>{_e(c.subject or c.text)}</td><td>{refs}</td><td>{_e('; '.join(c.trials))}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


__all__ = ["CSS", "render"]
