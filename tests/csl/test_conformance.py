"""The CSL processor test-suite (845 fixtures, tests/data/csl-test-suite) as the oracle.

Every fixture is a test. Fixtures listed in ``expected_failures.txt`` (with the reason) must fail;
when one starts passing, its test fails until the line is removed, so the file always states the
current truth. The overall pass count may not drop below ``conformance_floor.txt``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.csl.conftest import FLOOR, read_expected_failures, suite_fixture_names

NAMES = suite_fixture_names()
EXPECTED = read_expected_failures()


def test_the_suite_is_there() -> None:
    assert len(NAMES) >= 800, "the CSL test-suite is missing (tests/data/csl-test-suite)"


@pytest.mark.parametrize("name", NAMES)
def test_fixture(name: str, suite_outcomes: dict[str, Any]) -> None:
    outcome = suite_outcomes[name]
    if name in EXPECTED:
        assert not outcome.passed, f"{name} passes now: remove it from tests/csl/expected_failures.txt"
        return
    detail = f"error: {outcome.error}" if outcome.error else f"expected:\n{outcome.expected}\n--- got:\n{outcome.got}"
    assert outcome.passed, f"{name} fails ({detail})"


def test_expected_failures_file_is_clean() -> None:
    """Each line names a real fixture once, in order, with a reason."""
    names = list(EXPECTED)
    assert names == sorted(names), "keep expected_failures.txt sorted"
    unknown = [n for n in names if n not in set(NAMES)]
    assert not unknown, f"not in the suite: {unknown}"
    assert all(EXPECTED[n] for n in names), "every expected failure needs a reason"


def test_pass_rate_is_not_below_the_recorded_floor(suite_outcomes: dict[str, Any]) -> None:
    passed = sum(1 for o in suite_outcomes.values() if o.passed)
    floor = int(FLOOR.read_text(encoding="utf-8").split()[0])
    assert passed >= floor, f"{passed} fixtures pass, fewer than the recorded floor {floor}"
