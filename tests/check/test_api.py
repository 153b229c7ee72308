"""The checker's public names: ``citekit.check`` is always the function, the package exports sorted names, and it stays lazy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.check.conftest import CITATIONS


def test_citekit_check_is_the_function_and_the_package_exports_sorted(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path))
    import citekit.check.engine  # would bind citekit.check to the package without citekit._lazy

    package = sys.modules["citekit.check"]
    assert citekit.check is sys.modules["citekit.check.engine"].check is package.check
    assert set(package.__all__) == set(package._EXPORTS) and len(package.__all__) == len(set(package.__all__))
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    report = citekit.check(CITATIONS, document="anal-cancer-immunotherapy", offline=True)
    assert len(report.references) == 11


def test_cli_import_stays_light() -> None:
    code = ("import sys, citekit.cli, citekit.cli.check, citekit.cli.complete; "
            "print(any(m in sys.modules for m in ('pydantic', 'requests', 'rapidfuzz')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_help_lists_check_and_complete() -> None:
    from click.testing import CliRunner

    from citekit.cli import cli

    out = CliRunner().invoke(cli, ["--help"]).output
    assert "check" in out and "complete" in out
