"""Recorded Crossref records, mapped by citekit, rendered by citekit and citeproc-js in 36 styles
(issue 16: "≥ 99.5 % byte-equal for real records over 30+ styles"). See ``real_records.py``.

Entries are matched as a multiset (an entry sorted elsewhere is counted apart, in ``misplaced``:
the sort order is the collation's business, tests/csl/test_collation.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.csl.citeproc_js import ensure_citeproc_js, prefetch
from tests.csl.real_records import STYLES, compare, job, records

pytestmark = pytest.mark.slow

#: share of byte-equal entries over every style: 5,008/5,038 = 99.40 % measured (91.60 % before
#: the fixes of this branch), the issue's 99.5 % not reached; after csl3 (name-registry initials,
#: affixes after italic fields, ":" after a number, a leading mark into the margin) 5,033/5,038
#: = 99.90 %; the styles below 99.5 % follow
OVERALL = 0.999
#: styles below 99.5 %, with the floor measured on the 140 records and the causes left
#: (citeproc-js first, citekit second)
FLOORS: dict[str, float] = {
    # an italic field ending in its own mark, last in a macro, before a sibling's ". " prefix
    # ("Proceedings.</i>. Online" vs "Proceedings.</i> Online"); the suffix-after-formatting
    # cases ("Title</i>.. Online") are fixed (87.8 % -> 97.1 %)
    "iso690-author-date-en": 0.971, "iso690-numeric-en": 0.992,
}
DEFAULT = 0.995


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    modules = ensure_citeproc_js()
    if modules is None:
        pytest.skip("node/npm not available: cannot run citeproc-js")
    found = records()
    prefetch([job(style, found) for style in STYLES], modules)
    return found


def test_every_recorded_record_is_compared(items: list[dict[str, Any]]) -> None:
    """The 36 recorded works and the 104 search-result items, each once."""
    assert len(items) == 140
    assert len({it["DOI"] for it in items}) >= 130
    assert len(STYLES) >= 30


@pytest.mark.parametrize("style", STYLES)
def test_real_records_match_citeproc_js(style: str, items: list[dict[str, Any]]) -> None:
    total, diffs, _ = compare(style, items)
    share = 1 - len(diffs) / total
    shown = "\n".join(f"citeproc-js: {a.strip()!r}\ncitekit:     {b.strip()!r}" for a, b in diffs[:3])
    assert share >= FLOORS.get(style, DEFAULT), f"{style}: {100 * share:.2f}% byte-equal\n{shown}"


def test_real_records_overall(items: list[dict[str, Any]]) -> None:
    same = total = 0
    for style in STYLES:
        n, diffs, _ = compare(style, items)
        same, total = same + n - len(diffs), total + n
    assert same / total >= OVERALL, f"{same}/{total} byte-equal"
