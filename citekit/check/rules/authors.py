"""``author-mismatch``: the first author differs, or the authors shown disagree with the record's list.

Initials against full given names, diacritics, hyphens and case are normalised away. The count
check ("et al" or not) runs only against a complete author list: a curated record with
``authors_complete`` False (:class:`citekit.model.Extensions`) has only the authors that were verified.
"""

from __future__ import annotations

from collections.abc import Iterator

from citekit.check.codes import Code, Severity
from citekit.check.normalise import family_key, given_compatible
from citekit.check.report import Finding
from citekit.check.rules.base import Context, name_text
from citekit.model import Name, Reference

_ET_AL = {"others", "et al", "et al.", "etal", "and others"}


def cited_authors(ref: Reference) -> tuple[list[Name], bool]:
    """The authors a citation shows, and whether it ends with "et al" (parser flag or an ``others`` name)."""
    names = list(ref.author or [])
    # the text parser's "et al.", BibTeX's "and others", a curated partial list: one typed flag
    et_al = ref.extensions.authors_truncated
    while names and (names[-1].literal or "").strip().lower() in _ET_AL:
        names.pop()
        et_al = True
    return names, et_al


def _key(name: Name) -> str:
    return family_key(name.literal if name.is_literal else name.family_full)


def authors(ctx: Context) -> Iterator[Finding]:
    """First author (error), given names (warning), later authors and the count against "et al" (warning)."""
    shown, et_al = cited_authors(ctx.cited)
    record = list(ctx.record.author or [])
    if not any(n.is_literal for n in shown):  # consortia are often left out of a citation's author list
        record = [n for n in record if not n.is_literal] or record
    if not shown or not record:
        return
    first, rfirst = shown[0], record[0]
    if _key(first) != _key(rfirst):
        yield ctx.finding(Code.AUTHOR_MISMATCH, f"first author {name_text(first)}; the record's is {name_text(rfirst)}",
                          field="author", cited=first, record=rfirst)
        return
    if not first.is_literal and not given_compatible(first.given, rfirst.given):
        yield ctx.finding(Code.AUTHOR_MISMATCH, f"first author's given name {first.given!r} vs {rfirst.given!r}",
                          field="author", cited=first, record=rfirst, severity=Severity.WARNING)
    complete = ctx.record.extensions.authors_complete is not False
    for i, (a, b) in enumerate(zip(shown[1:], record[1:], strict=False), start=2):
        if _key(a) != _key(b):
            yield ctx.finding(Code.AUTHOR_MISMATCH, f"author {i} is {name_text(a)}; the record's is {name_text(b)}",
                              field="author", cited=a, record=b, severity=Severity.WARNING)
            break
    if not complete:
        return
    n, k = len(record), len(shown)
    if k > n:
        yield ctx.finding(Code.AUTHOR_MISMATCH, f"the citation shows {k} authors; the record has {n}",
                          field="author", cited=k, record=n, severity=Severity.WARNING)
    elif k < n and not et_al:
        yield ctx.finding(Code.AUTHOR_MISMATCH, f"the citation shows {k} of {n} authors without 'et al'",
                          field="author", cited=k, record=n, severity=Severity.WARNING)
    elif et_al and k >= n:
        yield ctx.finding(Code.AUTHOR_MISMATCH, f"'et al' after all {n} authors of the record", field="author",
                          cited=k, record=n, severity=Severity.INFO)
