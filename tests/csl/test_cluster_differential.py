"""Citation clusters with every cite option against citeproc-js (issue 16), four author-date and
two note styles, in HTML.

``clusters.py`` generates the items and a document's clusters (locators of every common label,
ranges, roman numerals, prefixes and suffixes with markup, suppress-author, repeats, several cites
per cluster that sorted styles reorder); citeproc-js renders them with ``processCitationCluster``
in note order, citekit with ``process_document``, same style and locale files; each style must
keep its share of byte-equal clusters. The seed here (33) was never looked at while fixing
(tuning used seed 21). ``python -m tests.csl.clusters`` prints the shares on larger samples.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.csl.citeproc_js import ensure_citeproc_js, prefetch
from tests.csl.clusters import STYLES, cluster_items, cluster_job, compare_clusters, generate_option_clusters

pytestmark = pytest.mark.slow

N = 100
SEED = 33
FLOOR = 0.994
#: styles below 99 % on these clusters: measured floor and cause
BELOW: dict[str, tuple[float, str]] = {
    # (none: the semicolon of a cite suffix after a quoted title now goes inside the quotes as
    # citeproc-js puts it, “Title;” quoted in the text -- MHRA 98 % -> 100 % here)
}


@pytest.fixture(scope="module")
def case() -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]], Any]:
    modules = ensure_citeproc_js()
    if modules is None:
        pytest.skip("node/npm not available: cannot run citeproc-js")
    items = cluster_items(N, SEED)
    clusters = generate_option_clusters(items, SEED)
    prefetch([cluster_job(style, items, clusters) for style in STYLES], modules)
    return items, clusters, modules


def test_clusters_use_every_option(case: tuple[list[dict[str, Any]], list[list[dict[str, Any]]], Any]) -> None:
    _, clusters, _ = case
    cites = [c for cl in clusters for c in cl]
    for option in ("locator", "label", "prefix", "suffix", "suppress-author"):
        assert sum(option in c for c in cites) >= 10, option
    assert sum(len(cl) >= 3 for cl in clusters) >= 20


@pytest.mark.parametrize("style", STYLES)
def test_clusters_match_citeproc_js(style: str, case: tuple[list[dict[str, Any]], list[list[dict[str, Any]]], Any]) -> None:
    items, clusters, modules = case
    total, diffs = compare_clusters(style, items, clusters, modules=modules)
    share = 1 - len(diffs) / total
    floor = BELOW.get(style, (FLOOR, ""))[0]
    shown = "\n".join(f"citeproc-js: {a!r}\ncitekit:     {b!r}" for a, b in diffs[:3])
    assert share >= floor, f"{style}: {100 * share:.1f}% of {total} clusters byte-equal\n{shown}"
