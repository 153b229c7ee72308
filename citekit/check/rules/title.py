"""``title-mismatch``: the title differs beyond case, punctuation, hyphens, Roman numerals and spelling.

Graded by what a reader would make of the difference: British/American spelling, an omitted
subtitle or a few changed words are ``info``; a noticeably different wording is a ``warning``; a
different title is an ``error``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citekit.check.codes import Code, Severity
from citekit.check.normalise import similarity, spelling_differences, title_key
from citekit.check.report import Finding
from citekit.check.rules.base import Context

#: similarity (after normalisation) at or above which a wording difference is only ``info``
MINOR = 0.9
#: below this it is an ``error``; between the two a ``warning``
DIFFERENT = 0.75


def title(ctx: Context) -> Iterator[Finding]:
    """Compare the cited title with the record's title and short title."""
    cited, rec = ctx.cited.title, ctx.record.title
    if not cited or not rec:
        return
    ct = title_key(cited)
    keys = [title_key(t) for t in (rec, ctx.record.title_short) if t]
    if ct in keys:
        if title_key(cited, spelling=False) not in [title_key(t, spelling=False) for t in (rec, ctx.record.title_short) if t]:
            pairs = spelling_differences(cited, rec)
            words = "; ".join(f"{a}/{b}" for a, b in pairs) or "spelling"
            yield ctx.finding(Code.TITLE_MISMATCH, f"British/American spelling only ({words}): not an error",
                              field="title", cited=cited, record=rec, severity=Severity.INFO)
        return
    rt = keys[0]
    if rt.startswith(ct) and len(ct) >= 20:
        yield ctx.finding(Code.TITLE_MISMATCH, "the citation leaves out the subtitle", field="title", cited=cited,
                          record=rec, severity=Severity.INFO)
        return
    if ct.startswith(rt) and len(rt) >= 20:
        yield ctx.finding(Code.TITLE_MISMATCH, "the citation adds words after the record's title", field="title",
                          cited=cited, record=rec, severity=Severity.INFO)
        return
    bare = _without_parentheses(cited)
    if bare and bare in [_without_parentheses(t) for t in (rec, ctx.record.title_short) if t]:
        yield ctx.finding(Code.TITLE_MISMATCH, "only parenthetical words differ", field="title", cited=cited,
                          record=rec, severity=Severity.INFO)
        return
    sim = max(similarity(ct, k) for k in keys)
    if sim >= MINOR:
        severity, what = Severity.INFO, "minor wording differences"
    elif sim >= DIFFERENT:
        severity, what = Severity.WARNING, "wording differs"
    else:
        severity, what = Severity.ERROR, "a different title"
    yield ctx.finding(Code.TITLE_MISMATCH, f"{what} (similarity {sim:.2f})", field="title", cited=cited, record=rec,
                      severity=severity)


def _without_parentheses(text: str | None) -> str:
    """The title key with every parenthesised or bracketed phrase removed ("(Pts)", "(NCCN Guidelines®)")."""
    return title_key(re.sub(r"\s*[(\[][^()\[\]]*[)\]]", " ", text or ""))
