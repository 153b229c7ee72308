"""CSL test fixtures: the conformance suite, run once per session, and the citeproc-js corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SUITE

HERE = Path(__file__).parent
EXPECTED_FAILURES = HERE / "expected_failures.txt"
FLOOR = HERE / "conformance_floor.txt"


def suite_fixture_names() -> list[str]:
    """Every top-level fixture of the CSL test-suite (``name_*.txt`` stems), sorted."""
    return sorted(p.stem for p in SUITE.glob("*.txt"))


def read_expected_failures() -> dict[str, str]:
    """``expected_failures.txt``: fixture name → reason (``#`` comments and blank lines ignored)."""
    out: dict[str, str] = {}
    for raw in EXPECTED_FAILURES.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        out[name] = reason.strip()
    return out


@pytest.fixture(scope="session")
def suite_outcomes() -> dict[str, object]:
    """Every fixture run once through citekit's processor: name → Outcome."""
    from citekit.csl.testsuite import run_suite

    return {o.name: o for o in run_suite(SUITE)}
