"""``pages-mismatch``: the cited pages or article number are not the record's (abbreviated ranges expanded)."""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code
from citekit.check.normalise import same_pages
from citekit.check.report import Finding
from citekit.check.rules.base import Context


def pages(ctx: Context) -> Iterator[Finding]:
    """``446-53`` equals ``446-453``; an article number equals the record's page or article number."""
    cited = ctx.cited.page if ctx.cited.page is not None else ctx.cited.number
    if cited is None:
        return
    candidates = [v for v in (ctx.record.page, ctx.record.extensions.deposit.article_number) if v is not None]
    if not candidates:
        return
    if any(same_pages(cited, rec) for rec in candidates):
        return
    yield ctx.finding(Code.PAGES_MISMATCH, f"the citation says {cited}; the record says {candidates[0]}",
                      field="page", cited=cited, record=candidates[0])
