"""``doi-mismatch``: is the record a cited DOI (or PMID) resolves to another paper than the one cited?

The checker asks this before it compares anything (:func:`citekit.check.strategies.from_resolver`):
a DOI of another paper is one ``doi-mismatch``, not a list of field mismatches against the wrong
record. The rule decides from what the citation and the record both have:

1. **Identity**: the title (similarity below :data:`TITLE_OTHER` after normalisation), the first
   author's family name, the year (more than a year apart: online and print years differ by one).
2. **Locator**, only when fewer than two of title and first author can be compared (the record, or
   the citation, has no title or no authors: a journal issue, an editorial, an anonymous news item):
   the journal (none of the record's names, :func:`citekit.check.normalise.same_journal`), the
   volume, the first page.

The record is another paper when **at least two** of the fields compared disagree **and** the
disagreements outnumber the agreements. With title, first author and year all compared this is
the rule "two of the three disagree" (one alone is a typo or a variant, reported by its own rule);
with a record that has no title and no authors, a citation whose journal, volume and year are all
another paper's is a wrong DOI, while one wrong number in an otherwise agreeing locator is that
number's mismatch.
"""

from __future__ import annotations

from citekit.check.normalise import family_key, fold, journal_cut, page_range, same_journal
from citekit.check.sources import title_score
from citekit.model import Name, Reference

#: title similarity below which two titles are two papers' titles
TITLE_OTHER = 0.75


def _family(name: Name | None) -> str:
    if name is None:
        return ""
    return family_key(name.literal if name.is_literal else name.family_full)


def _first_page(page: object) -> str | None:
    rng = page_range(page)
    return rng[0] if rng else None


def _journal(cited: Reference, record: Reference) -> bool | None:
    """True when the cited journal is one of the record's names, False when it is none, None when not compared."""
    names = [record.container_title, record.container_title_short, record.journal_abbreviation]
    shown = [c for c in (cited.container_title, cited.container_title_short, cited.journal_abbreviation) if c]
    if not shown or not any(names):
        return None
    return any(same_journal(c, names) for c in shown) or journal_cut(shown[0], cited.title, record.title, names)


def comparisons(cited: Reference, record: Reference) -> dict[str, bool]:
    """Each field both have, and whether it agrees (see the module docstring for which fields)."""
    out: dict[str, bool] = {}
    if cited.title and record.title:
        out["title"] = title_score(cited, record) >= TITLE_OTHER
    fa, fr = _family(cited.first_author), _family(record.first_author)
    if fa and fr:
        out["first author"] = fa == fr
    if cited.year and record.year:
        out["year"] = abs(cited.year - record.year) <= 1
    if len(out.keys() & {"title", "first author"}) >= 2:
        return out
    journal = _journal(cited, record)
    if journal is not None:
        out["journal"] = journal
    if cited.volume is not None and record.volume is not None and fold(str(cited.volume)) and fold(str(record.volume)):
        out["volume"] = fold(str(cited.volume)) == fold(str(record.volume))
    pa, pr = _first_page(cited.page), _first_page(record.page)
    if pa and pr:
        out["first page"] = pa == pr
    return out


def is_other_paper(cited: Reference, record: Reference) -> list[str] | None:
    """The fields that show ``record`` is another paper than ``cited`` (title, first author, year, ...), or None."""
    compared = comparisons(cited, record)
    wrong = [name for name, same in compared.items() if not same]
    if len(wrong) >= 2 and len(wrong) > len(compared) - len(wrong):
        return wrong
    return None


__all__ = ["TITLE_OTHER", "comparisons", "is_other_paper"]
