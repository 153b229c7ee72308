"""Shared fixtures: where the test data lives (the CSL test-suite, the schema, recorded responses: tests/data/)."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
#: Everything the tests read, inside the repository (copied from public sources: tests/data/SOURCES.md).
DATA = ROOT / "tests" / "data"
SUITE = DATA / "csl-test-suite"
SCHEMA = DATA / "csl-schema" / "csl-data.json"

# Property tests explore at random on a developer's machine; in CI (CI=true) they replay a fixed
# sequence, so a run's verdict depends on the code, not on the draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

_SECTION = re.compile(r">>=+ (?P<name>[A-Z-]+) =+>>\n?(?P<body>.*?)\n?<<=+ (?P=name) =+<<", re.DOTALL)


@cache
def suite_inputs() -> list[tuple[str, int, dict[str, Any]]]:
    """Every INPUT item of the CSL test-suite as (fixture name, index, item)."""
    out = []
    for path in sorted(SUITE.glob("*.txt")):
        sections = {m["name"]: m["body"] for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}
        if "INPUT" in sections:
            for i, item in enumerate(json.loads(sections["INPUT"])):
                out.append((path.stem, i, item))
    return out


@cache
def csl_schema() -> dict[str, Any]:
    """The official CSL-JSON schema (csl-data.json)."""
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def schema_validator() -> Any:
    """A jsonschema validator for the official CSL-JSON schema."""
    import jsonschema

    return jsonschema.Draft7Validator(csl_schema())


@pytest.fixture(scope="session")
def document_references_path() -> Path:
    """The shipped document's curated CSL-JSON."""
    return ROOT / "references" / "anal-cancer-immunotherapy" / "references.json"


# --- No silent skips -------------------------------------------------------------------------
# A skipped test is a test that did not run. Every skip must say why, and a skip that is not
# declared in tests/expected_skips.txt (one "test id prefix<TAB>reason" per line) fails the run,
# so a missing tool (node, pandoc) or data file can never turn CI green with less tested.
EXPECTED_SKIPS = ROOT / "tests" / "expected_skips.txt"


def _expected_skips() -> list[str]:
    if not EXPECTED_SKIPS.is_file():
        return []
    lines = EXPECTED_SKIPS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]



@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    report = outcome.get_result()
    expected = any(item.nodeid.startswith(prefix) for prefix in _expected_skips())
    if report.skipped and not hasattr(report, "wasxfail") and not expected:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = (f"unexpected skip ({reason}): every skip must be declared with its reason "
                           f"in tests/expected_skips.txt")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent when it is not loaded
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the cores. A good part of the suite waits (node and pandoc
    processes, local servers timing out on purpose); measured on 2 cores, 2 workers 178 s, 3 workers
    165 s, 4 workers 169 s."""
    return len(os.sched_getaffinity(0)) + 1
