"""``missing-field``: the fields each reference type needs, and the check that the citation gives them.

An article needs authors, a title, a journal, a year, a volume and pages or an article number
(the issue is reported by ``issue-missing``, not here). Each alternative group is satisfied by
any one of its variables.
"""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code
from citekit.check.report import Finding
from citekit.check.rules.base import Context, show
from citekit.model import Reference

#: CSL type → groups of variables; each group needs one of its variables
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "article-journal": [("author",), ("title",), ("container-title", "container-title-short"), ("issued",),
                        ("volume",), ("page", "number")],
    "article": [("author",), ("title",), ("issued",)],
    "paper-conference": [("author",), ("title",), ("container-title", "event-title"), ("issued",)],
    "chapter": [("author",), ("title",), ("container-title",), ("publisher",), ("issued",)],
    "book": [("author", "editor"), ("title",), ("publisher",), ("issued",)],
    "report": [("author", "publisher"), ("title",), ("issued", "accessed", "version")],
    "thesis": [("author",), ("title",), ("publisher",), ("issued",)],
    "webpage": [("title",), ("URL",), ("issued", "accessed")],
}
_DEFAULT: list[tuple[str, ...]] = [("author", "editor", "publisher"), ("title",), ("issued",)]


def required_for(csl_type: str | None) -> list[tuple[str, ...]]:
    """The required groups for a CSL type (a generic author/title/year for types not listed)."""
    return REQUIRED.get(csl_type or "", _DEFAULT)


def missing_fields(ref: Reference) -> list[tuple[str, ...]]:
    """The required groups of which ``ref`` gives no variable."""
    data = ref.to_csl()
    return [group for group in required_for(ref.type) if not any(data.get(v) not in (None, "", []) for v in group)]


def missing_field_findings(ctx: Context) -> Iterator[Finding]:
    """One ``missing-field`` per missing group, naming the record's value when it has one (for ``complete``)."""
    data = ctx.record.to_csl() if ctx.record is not None else {}
    for group in missing_fields(ctx.cited):
        value = next((data[v] for v in group if data.get(v) not in (None, "", [])), None)
        name = " or ".join(group)
        text = f"{name} missing" + (f"; the record has {show(value)}" if value is not None else "")
        yield ctx.finding(Code.MISSING_FIELD, text, field=group[0], record=value)


__all__ = ["REQUIRED", "missing_field_findings", "missing_fields", "required_for"]
