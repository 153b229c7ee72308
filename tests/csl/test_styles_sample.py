"""500 random styles of the 10,844 (independent and dependent) × 4 varied items, citekit against
citeproc-js in one batch (issue 16: "no style among the 10,844 raises or renders an empty entry
where citeproc-js renders one"). See ``styles_sample.py``."""

from __future__ import annotations

import pytest

from tests.csl.citeproc_js import ensure_citeproc_js
from tests.csl.styles_sample import check, sample_items, sample_styles

pytestmark = pytest.mark.slow

N_STYLES = 500
K_ITEMS = 4
SEED = 16
#: byte-equal shares measured on this sample: bibliography entries 1,927/1,956 = 98.52 %, citations
#: 1,985/2,000 = 99.25 % (held-out seed 17: 1,928/1,979 = 97.42 %, 1,990/2,000 = 99.50 %); before
#: this branch's fixes 97.24 % and 97.45 %. No style raised or rendered an empty entry on either.
BIB_FLOOR = 0.985
CITE_FLOOR = 0.992


def test_no_sampled_style_raises_or_renders_empty() -> None:
    modules = ensure_citeproc_js()
    if modules is None:
        pytest.skip("node/npm not available: cannot run citeproc-js")
    styles = sample_styles(N_STYLES, SEED)
    assert len(set(styles)) == N_STYLES
    result = check(styles, sample_items(K_ITEMS, SEED), modules)
    assert result.styles >= N_STYLES - 5, f"citeproc-js failed on {result.reference_failed}"
    assert not result.raised, "\n".join(result.raised[:20])
    assert not result.empty, "\n".join(result.empty[:20])
    assert result.entries_equal / result.entries >= BIB_FLOOR, f"{result.entries_equal}/{result.entries}"
    assert result.cites_equal / result.cites >= CITE_FLOOR, f"{result.cites_equal}/{result.cites}"
