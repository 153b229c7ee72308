"""``retracted`` and ``corrected``: notices that update the record (its relations: retractions, expressions of
concern, corrections, as the service deposited them, Retraction Watch included)."""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding
from citekit.check.rules.base import Context
from citekit.model import RelationType

NOTICES = (RelationType.RETRACTION, RelationType.EXPRESSION_OF_CONCERN, RelationType.CORRECTION)


def updates(ctx: Context) -> Iterator[Finding]:
    """One finding per notice: retraction (error), expression of concern (warning), correction (warning)."""
    for notice in ctx.record.extensions.relations_of(*NOTICES):
        doi = notice.doi
        about = f"{notice.name} {doi or ''} ({notice.source or 'publisher'}, {notice.date or 'undated'})".replace("  ", " ")
        if notice.type is RelationType.RETRACTION:
            yield ctx.finding(Code.RETRACTED, f"retracted: {about}", field="DOI", record=doi)
        elif notice.type is RelationType.EXPRESSION_OF_CONCERN:
            yield ctx.finding(Code.RETRACTED, f"expression of concern: {about}", field="DOI", record=doi,
                              severity=Severity.WARNING)
        else:
            yield ctx.finding(Code.CORRECTED, f"a correction was published: {about}", field="DOI", record=doi)
