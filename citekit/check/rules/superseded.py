"""``superseded``: a preprint or a conference abstract whose full peer-reviewed paper exists.

Known from Crossref's ``relation`` (``is-preprint-of``), an ``updated-by`` of type ``new_version``,
or the curated record's ``custom["superseded-by"]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from citekit.check.codes import Code
from citekit.check.report import Finding
from citekit.check.rules.base import Context


def superseded(ctx: Context) -> Iterator[Finding]:
    """At most one finding, naming the full paper (its citation or DOI)."""
    for rec in (ctx.record, ctx.curated):
        if rec is None:
            continue
        later: Any = rec.get_custom("superseded-by")
        if isinstance(later, dict):
            what = later.get("citation") or later.get("DOI")
            kind = "a conference abstract" if (rec.genre or "").lower() == "abstract" else "an earlier version"
            yield ctx.finding(Code.SUPERSEDED, f"cites {kind}; the full paper is published: {what}",
                              field="DOI", record=later.get("DOI") or what)
            return
    relation = ctx.record.get_custom("relation") or {}
    for link in relation.get("is-preprint-of") or []:
        if isinstance(link, dict) and link.get("id"):
            yield ctx.finding(Code.SUPERSEDED, f"cites a preprint; the published version is {link['id']}",
                              field="DOI", record=link["id"])
            return
    for entry in ctx.record.get_custom("updated-by") or []:
        own = (ctx.record.doi or "").lower()
        if isinstance(entry, dict) and str(entry.get("type", "")).lower().replace("-", "_") == "new_version" \
                and str(entry.get("DOI", "")).lower() not in ("", own):  # a re-deposit of the same DOI is no new work
            yield ctx.finding(Code.SUPERSEDED, f"a new version of this work exists: {entry.get('DOI')}",
                              field="DOI", record=entry.get("DOI"))
            return
