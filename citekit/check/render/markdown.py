"""The Markdown report: a summary, one table of findings per reference, and the claim coverage table."""

from __future__ import annotations

from citekit.check.render.common import ordered, summary_line
from citekit.check.report import Finding, Report


def _cell(text: object) -> str:
    if text is None:
        return ""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(findings: list[Finding]) -> list[str]:
    rows = ["| severity | code | field | cited | record | source | message |", "|---|---|---|---|---|---|---|"]
    for f in ordered(findings):
        rows.append("| " + " | ".join(_cell(x) for x in (f.severity.value, f"`{f.code.value}`", f.field, f.cited,
                                                              f.record, f.source, f.message)) + " |")
    return rows


def render(report: Report) -> str:
    """The report as GitHub-flavoured Markdown."""
    out = [f"# citekit check: {_cell(report.input)}", ""]
    if report.document:
        out += [f"Document: `{report.document}`" + (" (offline)" if report.offline else ""), ""]
    out += [f"**{summary_line(report)}**", ""]
    s = report.summary()
    if s["by_code"]:
        out += ["| code | count |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in s["by_code"].items()] + [""]
    for ref in report.references:
        out += [f"## [{ref.number}] {_cell(ref.key)}", "", _cell(ref.label), ""]
        if ref.source:
            out += [f"Record: {_cell(ref.source)}; identified by {_cell(ref.identified_by)}.", ""]
        findings = ref.findings + [f for f in report.findings if f.ref == ref.number]
        out += (_table(findings) if findings else ["No findings."]) + [""]
    rest = [f for f in report.findings if f.ref is None]
    if rest:
        out += ["## Document and bibliography", ""] + _table(rest) + [""]
    if report.coverage:
        out += ["## Claim coverage", "", "| claim | references | trials |", "|---|---|---|"]
        for c in report.coverage:
            refs = ", ".join(str(r) for r in c.refs) or "**none**"
            out.append(f"| {_cell(c.subject or c.text)} | {refs} | {_cell('; '.join(c.trials))} |")
        out.append("")
    return "\n".join(out)


__all__ = ["render"]
