"""``issue-missing`` and ``issue-mismatch``: an omitted or different issue number.

A bibliography that leaves out every issue number follows a style (many journals do), so an
omitted issue is then ``info``; an issue left out here and there is a ``warning``.
"""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code, Severity
from citekit.check.normalise import fold
from citekit.check.report import Finding
from citekit.check.rules.base import Context


def issue(ctx: Context) -> Iterator[Finding]:
    """Report an issue the citation omits (info when omitted consistently) or gives differently (error)."""
    cited, rec = ctx.cited.issue, ctx.record.issue
    if rec is None or str(rec).strip() == "":
        return
    if cited is None or str(cited).strip() == "":
        if ctx.style.issue_omitted:
            yield ctx.finding(Code.ISSUE_MISSING, f"issue {rec} omitted, as throughout the bibliography (style)",
                              field="issue", record=rec, severity=Severity.INFO)
        else:
            yield ctx.finding(Code.ISSUE_MISSING, f"the record has issue {rec}; the citation gives none",
                              field="issue", record=rec)
        return
    if fold(str(cited)) != fold(str(rec)):
        yield ctx.finding(Code.ISSUE_MISMATCH, f"the citation says issue {cited}; the record says {rec}",
                          field="issue", cited=cited, record=rec)
