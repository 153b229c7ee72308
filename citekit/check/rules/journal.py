"""``journal-mismatch``: the cited journal is none of the record's names (full title, short title, NLM abbreviation, ISSN)."""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code
from citekit.check.normalise import journal_cut, same_journal
from citekit.check.report import Finding
from citekit.check.rules.base import Context
from citekit.model import Reference


def _issns(ref: Reference) -> set[str]:
    """Every ISSN of the record: CSL's one and each one deposited (print, electronic)."""
    values = [ref.issn, *(i.value for i in ref.extensions.deposit.issns or [])]
    return {v.replace("-", "").strip().upper() for v in values if isinstance(v, str)}


def journal(ctx: Context) -> Iterator[Finding]:
    """Compare the container title after abbreviation normalisation; an ISSN in common settles it."""
    cited = ctx.cited.container_title or ctx.cited.container_title_short or ctx.cited.journal_abbreviation
    rec = ctx.record
    names = [rec.container_title, rec.container_title_short, rec.journal_abbreviation]
    if not cited or not any(names):
        return
    if ctx.record.type not in (None, "article-journal", "article", "review", "periodical") and not ctx.cited.container_title:
        return
    if _issns(ctx.cited) & _issns(rec):
        return
    agree = same_journal(cited, names) or any(
        same_journal(c, names) for c in (ctx.cited.container_title_short, ctx.cited.journal_abbreviation) if c) \
        or journal_cut(cited, ctx.cited.title, rec.title, names)  # a text list cut at the wrong full stop
    if agree is False:
        shown = rec.container_title or rec.container_title_short
        if rec.container_title_short and rec.container_title_short != shown:
            shown = f"{shown} ({rec.container_title_short})"
        yield ctx.finding(Code.JOURNAL_MISMATCH, f"the citation names {cited!r}; the record's journal is {shown}",
                          field="container-title", cited=cited, record=shown)
