"""The test suite's own rules: a skip that is not declared fails the run (tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

pytest_plugins = ["pytester"]


def test_an_undeclared_skip_fails(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
                          .replace('ROOT / "tests" / "expected_skips.txt"', 'Path("expected_skips.txt")'))
    pytester.makepyfile(test_probe="import pytest\n\ndef test_probe():\n    pytest.skip('no tool here')\n")
    result = pytester.runpytest_inprocess("-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*unexpected skip*no tool here*tests/expected_skips.txt*"])


def test_a_declared_skip_is_allowed(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
                          .replace('ROOT / "tests" / "expected_skips.txt"', 'Path("expected_skips.txt")'))
    pytester.makefile(".txt", expected_skips="test_probe.py::test_probe\tno tool on this machine\n")
    pytester.makepyfile(test_probe="import pytest\n\ndef test_probe():\n    pytest.skip('no tool here')\n")
    result = pytester.runpytest_inprocess("-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)

