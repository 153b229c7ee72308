"""``superseded``: a preprint or a conference abstract whose full peer-reviewed paper exists.

Known from the record's relations: the published version of a preprint (Crossref's
``is-preprint-of``), a new version of the work (a notice of type ``new_version``), or the curated
record's superseded-by note (the curator's published-version relation).
"""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code
from citekit.check.report import Finding
from citekit.check.rules.base import Context
from citekit.model import RelationType
from citekit.model.extensions import CURATOR


def superseded(ctx: Context) -> Iterator[Finding]:
    """At most one finding, naming the full paper (its citation or DOI)."""
    for rec in (ctx.record, ctx.curated):
        if rec is None:
            continue
        for rel in rec.extensions.relations_of(RelationType.PUBLISHED_VERSION):
            if rel.source != CURATOR:
                continue
            kind = "a conference abstract" if (rec.genre or "").lower() == "abstract" else "an earlier version"
            yield ctx.finding(Code.SUPERSEDED, f"cites {kind}; the full paper is published: {rel.citation or rel.doi}",
                              field="DOI", record=rel.doi or rel.citation)
            return
    ext = ctx.record.extensions
    for rel in ext.relations_of(RelationType.PUBLISHED_VERSION):
        if rel.source != CURATOR and rel.target:
            yield ctx.finding(Code.SUPERSEDED, f"cites a preprint; the published version is {rel.target}",
                              field="DOI", record=rel.target)
            return
    own = (ctx.record.doi or "").lower()
    for rel in ext.relations_of(RelationType.NEW_VERSION):
        if (rel.doi or "").lower() not in ("", own):  # a re-deposit of the same DOI is no new work
            yield ctx.finding(Code.SUPERSEDED, f"a new version of this work exists: {rel.doi}", field="DOI", record=rel.doi)
            return
