"""Identifying a reference without a (right) DOI against the mirror: the bulk check's match strategy.

``citekit check`` matches a citation with :class:`citekit.resolve.match.Matcher`, which re-parses the
citation text and, wanting certainty against the whole of Crossref, caps a candidate whose year is
off by more than one at a confidence below its threshold. The bulk check plugs its own strategy into
the checker's identify list (:data:`IDENTIFY`, GUIDE §6) and keeps every rule and finding code: the
cited fields (already structured) go straight to the mirror's candidate search
(:meth:`citekit.resolve.services.mirror.Mirror.candidates`), each candidate is scored by the same
:func:`citekit.resolve.match.verify`, and the best is taken when

* it is confident (``verify`` ≥ :data:`~citekit.resolve.match.THRESHOLD`), or
* its title is the cited one (:func:`citekit.check.sources.title_score` ≥ :data:`TITLE_SAME`: the
  checker's own title comparison, a subtitle left out counts as the same), its first author is the cited one,
  and of year, volume and first page at least two are given and at most one differs: one wrong
  number in an otherwise exact citation is the error to report (``year-mismatch``), not a reason
  to leave the reference unidentified;

and no other work scores within :data:`~citekit.resolve.match.AMBIGUITY_MARGIN`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from citekit.check.sources import title_score
from citekit.check.strategies import Candidate, Case, Lookup, cited_doi, cited_pmid, curated_record
from citekit.mirror.index import first_page, fold
from citekit.resolve.match import AMBIGUITY_MARGIN, THRESHOLD, verify

if TYPE_CHECKING:
    from citekit.check.engine import Checker
    from citekit.check.strategies import Identify
    from citekit.model import Reference

#: title similarity at which two titles are the same title
TITLE_SAME = 0.9


def _family(ref: Reference) -> str:
    name = ref.first_author
    if name is None:
        return ""
    return fold(name.literal if name.is_literal else name.family)


def one_number_off(cited: Reference, record: Reference) -> bool:
    """Same title and first author; of year, volume, first page, two or more compared and at most one differs."""
    if not cited.title or title_score(cited, record) < TITLE_SAME:
        return False
    family = _family(cited)
    if not family or family != _family(record):
        return False
    pairs = [(cited.year, record.year), (fold(str(cited.volume or "")), fold(str(record.volume or ""))),
             (fold(first_page(str(cited.page or ""))), fold(first_page(str(record.page or ""))))]
    compared = [a == b for a, b in pairs if a and b]
    return len(compared) >= 2 and compared.count(False) <= 1


def mirror_match(checker: Checker, case: Case) -> Iterator[Candidate]:
    """The mirror's best candidate for the cited fields, when it is the cited work (see the module docstring)."""
    online = checker.online
    mirror = online.resolver.mirror() if online is not None else None
    if mirror is None:
        return
    scored = sorted(((verify(case.cited, ref)[0], i, ref) for i, ref in enumerate(mirror.candidates(case.cited))),
                    key=lambda t: (-t[0], t[1]))
    pick = next(((c, ref) for c, _, ref in scored if c >= THRESHOLD or one_number_off(case.cited, ref)), None)
    if pick is None:
        case.lookups.append(Lookup("match", "local mirror match", None))
        return
    conf, ref = pick
    rivals = [c for c, _, other in scored if other.doi != ref.doi and c >= conf - AMBIGUITY_MARGIN]
    if rivals:
        case.lookups.append(Lookup("match", "local mirror match (ambiguous)", None))
        return
    yield Candidate(f"mirror match (confidence {conf:.2f})", "match", record=ref)


#: the bulk check's identify steps: the cited DOI, PMID, curated record, then the mirror match
IDENTIFY: list[Identify] = [cited_doi, cited_pmid, curated_record, mirror_match]

__all__ = ["IDENTIFY", "TITLE_SAME", "mirror_match", "one_number_off"]
