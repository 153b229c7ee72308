"""The CSL engine's speed-ups change nothing and keep it linear (issue 14).

Name parts and initials are computed once per distinct name (``nameparts._PARTS``,
``initials.initialize_with``'s cache): the cached answers must equal a fresh computation for every
name of the CSL test-suite (names written by its authors, not by us), whatever order they come in.
A bibliography of 10× the items takes < 15× the CPU time (a step quadratic in the items shows
as ~100×).
"""

from __future__ import annotations

import time
from pathlib import Path

from citekit.csl.eval import initials, nameparts
from citekit.csl.processor import Processor
from citekit.csl.style import Style
from citekit.csl.testsuite import Fixture
from citekit.model import Name, Reference
from tests.conftest import ROOT
from tests.csl.generated import generate

SUITE = ROOT / "tests" / "data" / "csl-test-suite"


def _suite_names() -> list[Name]:
    names: list[Name] = []
    for path in sorted(Path(SUITE).glob("*.txt")):
        for item in Fixture.read(path).input:
            for value in item.values():
                if isinstance(value, list):
                    names += [Name.model_validate(v) for v in value if isinstance(v, dict)]
    return names


def _fresh(name: Name) -> nameparts.NameParts:
    extra = name.model_extra or {}
    parse = name.parse_names
    return nameparts._name_parts(name, extra, parse is not None and not parse)


def test_cached_name_parts_equal_a_fresh_split() -> None:
    names = _suite_names()
    assert len(names) > 1000  # the suite's names: particles, suffixes, parse-names, institutions
    nameparts._PARTS.clear()
    for order in (names, list(reversed(names))):  # a cached answer from an earlier name must fit
        for name in order:
            assert nameparts.name_parts(name) == _fresh(name), name


def test_name_parts_cache_keeps_names_apart_by_every_input() -> None:
    """Names alike but for one input the split depends on get different parts."""
    nameparts._PARTS.clear()
    plain = Name(family="van der Berg", given="Hans")
    no_parse = Name.model_validate({"family": "van der Berg", "given": "Hans", "parse-names": False})
    assert nameparts.name_parts(plain).ndp == "van der"
    assert nameparts.name_parts(no_parse).ndp == ""
    institution = Name.model_validate({"family": "World Health Organization", "isInstitution": True})
    assert nameparts.name_parts(institution).literal == "World Health Organization"
    assert nameparts.name_parts(Name(family="World Health Organization")).literal is None


def test_cached_initials_equal_a_fresh_computation() -> None:
    names = _suite_names()
    givens = sorted({n.given for n in names if n.given})
    cases = [(g, t, norm, hyphen) for g in givens for t in (". ", ".", "", ".-") for norm in (False, True)
             for hyphen in (True, False)]
    initials.initialize_with.cache_clear()
    cached = [initials.initialize_with(*c) for c in cases]
    fresh = [initials.initialize_with.__wrapped__(*c) for c in cases]
    assert cached == fresh


def _cpu_bibliography(style: Style, refs: list[Reference]) -> float:
    best = float("inf")
    for _ in range(3):
        nameparts._PARTS.clear()
        initials.initialize_with.cache_clear()
        start = time.process_time()
        Processor(style).bibliography(refs)
        best = min(best, time.process_time() - start)
    return best


def test_bibliography_is_linear_in_the_items() -> None:
    style = Style.load("apa")  # sorted, disambiguated: the style with the most per-item work
    small = [Reference.from_csl(i) for i in generate(100)]
    big = [Reference.from_csl(i) for i in generate(1000)]
    Processor(style).bibliography(small)  # imports and lazy tables outside the timing
    t_small, t_big = _cpu_bibliography(style, small), _cpu_bibliography(style, big)
    assert t_big < 15 * t_small, f"10x the items took {t_big / t_small:.1f}x the time ({t_small:.3f}s -> {t_big:.3f}s)"
