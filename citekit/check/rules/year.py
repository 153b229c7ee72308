"""``year-mismatch``: the cited year is neither the record's issued year nor its print or online year."""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding
from citekit.check.rules.base import Context


def _years(ctx: Context) -> set[int]:
    rec = ctx.record
    out = {y for y in (rec.year, rec.available_date.year if rec.available_date else None) if y}
    return out | rec.extensions.deposit.years()


def year(ctx: Context) -> Iterator[Finding]:
    """Error when the year is off; info when it is the online (or print) year rather than the issued one."""
    cited, issued = ctx.cited.year, ctx.record.year
    if cited is None or issued is None:
        return
    if cited == issued:
        return
    if cited in _years(ctx):
        yield ctx.finding(Code.YEAR_MISMATCH, f"{cited} is the online or print year; the record's issued year is {issued}",
                          field="issued", cited=cited, record=issued, severity=Severity.INFO)
        return
    yield ctx.finding(Code.YEAR_MISMATCH, f"the citation says {cited}; the record says {issued}",
                      field="issued", cited=cited, record=issued)
