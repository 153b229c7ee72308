"""Differential test against citeproc-js on generated items (issue 6: "≥ 99 % byte-equal";
issue 7 adds MLA and Chicago notes, citations in note position as well as the bibliography).

300 deterministic items (tests/csl/generated.py: 1–30 authors, particles, diacritics,
organisations, rich text, e-locators, supplements, seasons, missing fields) are rendered by
citeproc-js (installed with npm on first use, see citeproc_js.py) and by citekit, with the same
style and locale files: the bibliography in every style and, for note styles, the citations of a
generated document (450 clusters in footnotes, with ibid/subsequent repeats and locators). Each
style must keep its share of byte-equal entries; the first differences are printed on failure.
``python -m tests.csl.differential`` prints the shares over 1,000 items.
"""

from __future__ import annotations

import pytest

from tests.csl.citeproc_js import Job, ensure_citeproc_js, prefetch
from tests.csl.differential import STYLES, compare, job, locale_file
from tests.csl.generated import generate

#: long differential runs: deselect with -m 'not slow' while developing; CI runs them
pytestmark = pytest.mark.slow

N = 300
#: share of byte-equal entries each style must keep: issue 6/7's 99 %
FLOOR = 0.99
#: styles below 99 %, with their measured floor on these 300 items and the reason (none left:
#: MLA was here at 0.58 until disambiguation became a port of citeproc-js's method)
BELOW: dict[str, float] = {}


@pytest.fixture(scope="module")
def modules() -> object:
    found = ensure_citeproc_js()
    if found is None:
        pytest.skip("node/npm not available: cannot run citeproc-js")
    return found


@pytest.fixture(scope="module")
def items(modules: object) -> list[dict[str, object]]:
    generated = generate(N)
    # every citeproc-js rendering this module compares, in one node process
    prefetch([job(style, generated) for style in STYLES]  # type: ignore[arg-type]
             + [job("chicago-notes-bibliography", generated[:60])]  # type: ignore[arg-type]
             + [cite_job(style, generated[:150]) for style in sorted(CITE_FLOORS)], modules)  # type: ignore[arg-type]
    return generated


@pytest.mark.parametrize("style", STYLES)
def test_matches_citeproc_js(style: str, items: list[dict[str, object]], modules: object) -> None:
    result = compare(style, items, modules)  # type: ignore[arg-type]
    floor = BELOW.get(style, FLOOR)
    assert result.bib_share >= floor, f"{style}: bibliography {result.bib_share:.1%} byte-equal\n{result.shown()}"
    assert result.cite_share >= floor, f"{style}: citations {result.cite_share:.1%} byte-equal\n{result.shown()}"


def test_note_style_is_compared_on_citations(items: list[dict[str, object]], modules: object) -> None:
    """The Chicago notes comparison covers citations, with ibid/subsequent positions in play."""
    result = compare("chicago-notes-bibliography", items[:60], modules)  # type: ignore[arg-type]
    assert result.cite_total > 60


#: cite-by-cite: each cluster as ``Processor.cite`` returns it when it is inserted, against
#: citeproc-js's ``processCitationCluster``. Measured on these 150 items (225 clusters): 225/225
#: for APA, MLA and Chicago notes, 224/225 for Chicago author-date; on 1,000 items (1,500
#: clusters): APA 1498, Chicago author-date 1497, MLA and Chicago notes 1500. What is left:
#: citeproc-js collapses a year after a cite with a locator ("1956, p. 47, 1981"), and one
#: Chicago cluster's collapsing depends on citeproc-js's registration history.
CITE_FLOORS = {"apa": FLOOR, "chicago-author-date": FLOOR, "chicago-notes-bibliography": FLOOR,
               "modern-language-association": FLOOR}


def cite_job(style: str, sample: list[dict[str, object]]) -> Job:
    """The citeproc-js job of the cite-by-cite comparison."""
    from citekit.csl.repository import find_style
    from tests.csl.generated import generate_clusters

    return Job(sample, find_style(style), locale_file(), generate_clusters(sample))  # type: ignore[arg-type]


@pytest.mark.parametrize("style", sorted(CITE_FLOORS))
def test_cite_by_cite_matches_citeproc_js(style: str, items: list[dict[str, object]], modules: object) -> None:
    """``Processor.cite`` called cluster by cluster (the incremental path: only the ambiguity
    groups a new item joins are redone) returns what citeproc-js's ``processCitationCluster``
    gives each cluster when it is inserted, and the bibliography after the last one."""
    from citekit.csl import Processor, Style
    from citekit.csl.processor import CiteItem, Cluster
    from citekit.csl.repository import find_style
    from citekit.model import Reference
    from tests.csl.citeproc_js import as_bib_entry, run_citeproc_js
    from tests.csl.differential import locale_file
    from tests.csl.generated import generate_clusters

    sample = items[:150]
    clusters = generate_clusters(sample)  # type: ignore[arg-type]
    theirs = run_citeproc_js(sample, find_style(style), locale_file(), clusters=clusters,  # type: ignore[arg-type]
                             modules=modules)  # type: ignore[arg-type]
    proc = Processor(Style.load(style), locale="en-US", output="html",
                     references=[Reference.from_csl(it) for it in sample])
    ours = [proc.cite(Cluster([CiteItem.from_csl(c) for c in cl], note_index=k + 1)) for k, cl in enumerate(clusters)]
    diffs = [(a, b) for a, b in zip(theirs["inserted"], ours) if a != b]
    share = 1 - len(diffs) / len(ours)
    assert share >= CITE_FLOORS[style], f"{style}: {share:.1%} of cite() results equal\n" + "\n".join(
        f"citeproc-js: {a!r}\ncitekit:     {b!r}" for a, b in diffs[:3])
    bib = [as_bib_entry(e) for e in proc.bibliography()]
    assert bib == theirs["bibliography"]


def test_names_added_for_disambiguation_show_in_mla_bibliography(modules: object) -> None:
    """citeproc-js shows the names MLA's citations add for disambiguation in the bibliography
    too ("Doe, Jane, Ann Smith, et al." beside "Doe, Jane, Bo Jones, et al."), when they exceed
    the bibliography's et-al-use-first; APA's bibliography (et-al-use-first 19) does not."""
    def item(i: str, second: str, year: int) -> dict[str, object]:
        return {"id": i, "type": "book", "title": f"Book {i}", "publisher": "Wiley", "issued": {"date-parts": [[year]]},
                "author": [{"family": "Doe", "given": "Jane"}, {"family": second, "given": "Ann"},
                           {"family": "Roe", "given": "Tim"}]}

    few = [item("a", "Smith", 2001), item("b", "Jones", 2001), item("c", "Brown", 1999)]
    for style in ("modern-language-association", "apa"):
        result = compare(style, few, modules)  # type: ignore[arg-type]
        assert not result.bib_diffs, result.shown()
    mla = compare("modern-language-association", few, modules)  # type: ignore[arg-type]
    assert mla.bib_total == 3
