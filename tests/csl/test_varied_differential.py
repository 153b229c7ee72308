"""Differential test on varied item types and locales (issue 16), against citeproc-js.

Items from ``varied.py`` (13 types, every date shape, editors and translators, foreign titles with
quotes) are rendered by citeproc-js and citekit with the same style and locale files; each
(style, locale) must keep its share of byte-equal bibliography entries. ``python -m
tests.csl.varied`` prints the shares on larger samples.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.csl.citeproc_js import ensure_citeproc_js, prefetch
from tests.csl.varied import bib_job, compare_bib, generate_varied

pytestmark = pytest.mark.slow

N = 100
SEED = 7
FLOOR = 0.99
EN_STYLES = ["apa", "chicago-author-date", "harvard-cite-them-right", "ieee", "modern-language-association",
             "nature", "american-medical-association", "american-sociological-association",
             # initialize-with-hyphen="false" with primary-name given-name disambiguation
             "oxford-university-press-scimed-author-date",
             # an affix after italic text: citeproc-js merges no mark across it ("</i>.. Online")
             "iso690-author-date-en"]
LOCALE_STYLES = ["apa", "chicago-author-date", "nlm-citation-sequence"]
LOCALES = ["en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP", "zh-CN", "ru-RU"]
#: (style, locale) below 99 % on these items, with the floor measured and the cause
BELOW: dict[tuple[str, str], tuple[float, str]] = {
    # every difference: a manuscript's quotes="true" macro around a title with quotes="true";
    # citekit nests them (the specification's inner quotes: “‘Title.’”), citeproc-js repeats
    # the outer pair (““Title.””) -- a listed deviation (test_targeted.DEVIATIONS)
    ("american-sociological-association", "en-US"): (0.92, "nested quotes attributes"),
}

CASES = [(s, "en-US") for s in EN_STYLES] + [(s, lang) for s in LOCALE_STYLES for lang in LOCALES]


@pytest.fixture(scope="module")
def modules() -> Any:
    found = ensure_citeproc_js()
    if found is None:
        pytest.skip("node/npm not available: cannot run citeproc-js")
    return found


@pytest.fixture(scope="module")
def items(modules: Any) -> list[dict[str, Any]]:
    generated = generate_varied(N, SEED)
    # every case's citeproc-js rendering in one node process
    prefetch([bib_job(style, generated, lang) for style, lang in CASES], modules)
    return generated


@pytest.mark.parametrize(("style", "lang"), CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_varied_items_match_citeproc_js(style: str, lang: str, modules: Any, items: list[dict[str, Any]]) -> None:
    total, diffs = compare_bib(style, items, lang, modules)
    share = 1 - len(diffs) / total
    floor = BELOW.get((style, lang), (FLOOR, ""))[0]
    shown = "\n".join(f"citeproc-js: {a.strip()!r}\ncitekit:     {b.strip()!r}" for a, b in diffs[:3])
    assert share >= floor, f"{style} {lang}: {100 * share:.1f}% byte-equal\n{shown}"
