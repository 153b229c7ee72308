"""``unverified`` (per field): the cited value can only be compared with an unverified value.

A curated record keeps what was not seen in a published record apart (``Curation.unverified``);
such a value is not evidence, so the cited value is reported as not checkable (info), never as
agreeing or disagreeing.
"""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code, Severity
from citekit.check.report import Finding
from citekit.check.rules.base import Context

#: CSL variables worth saying "unverified" about, with the cited attribute to read
FIELDS: dict[str, str] = {"title": "title", "container-title": "container_title", "issued": "issued",
                          "volume": "volume", "issue": "issue", "page": "page", "version": "version", "URL": "url"}


def unverified(ctx: Context) -> Iterator[Finding]:
    """One info finding per cited field whose record value is unverified (curated records only)."""
    if not ctx.record_is_curated:
        return
    curation = ctx.record.extensions.curation
    pending = curation.unverified or {}
    reasons = curation.unverified_reasons or {}
    for variable, attr in FIELDS.items():
        cited = getattr(ctx.cited, attr, None)
        if variable not in pending or cited is None:
            continue
        if ctx.record.to_csl().get(variable) is not None:
            continue
        reason = reasons.get(variable, "not seen in a published record")
        yield ctx.finding(Code.UNVERIFIED, f"cannot be checked: {reason}", field=variable, cited=cited,
                          record=None, severity=Severity.INFO)
