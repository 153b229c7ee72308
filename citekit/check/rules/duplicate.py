"""``duplicate``: the same work cited twice in one bibliography (same DOI, or same first author, year and title)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from citekit.check.codes import Code, Severity
from citekit.check.normalise import family_key, similarity, title_key
from citekit.check.report import Finding
from citekit.model import Reference

#: title similarity (after normalisation) above which two citations with one first author and year are one work
SAME_TITLE = 0.92


def _same(a: Reference, b: Reference) -> str | None:
    if a.doi and b.doi:
        return "the same DOI" if a.doi.strip().lower() == b.doi.strip().lower() else None
    fa, fb = a.first_author, b.first_author
    if not (fa and fb and a.year and a.year == b.year and a.title and b.title):
        return None
    if family_key(fa.family_full) != family_key(fb.family_full):
        return None
    if similarity(title_key(a.title), title_key(b.title)) >= SAME_TITLE:
        return "the same first author, year and title"
    return None


def duplicates(refs: Sequence[Reference], keys: Sequence[str]) -> Iterator[Finding]:
    """A warning on each later citation of a work already cited, naming the first citation."""
    for j in range(len(refs)):
        for i in range(j):
            why = _same(refs[i], refs[j])
            if why:
                yield Finding(Code.DUPLICATE, Severity.WARNING, f"same work as reference {i + 1} ({why})",
                              ref=j + 1, key=keys[j], field="DOI" if "DOI" in why else "title",
                              cited=refs[j].doi or refs[j].title, record=f"reference {i + 1} ({keys[i]})",
                              source="this bibliography")
                break


__all__ = ["SAME_TITLE", "duplicates"]
