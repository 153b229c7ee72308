"""The wheel carries the document data, and an installed citekit finds it without the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = ["citations.txt", "references.json", "document.json"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    (whl,) = out.glob("citekit-*.whl")
    return whl


def test_wheel_contains_package_and_document_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "citekit/__init__.py" in names and "citekit/py.typed" in names
    for f in DOC_FILES:
        assert f"citekit/_data/references/anal-cancer-immunotherapy/{f}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "citekit = citekit.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_loads_the_document_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True, timeout=300)
    code = (
        "import citekit, pathlib; d = citekit.load_document('anal-cancer-immunotherapy');"
        "print(pathlib.Path(citekit.__file__).parent); print(len(d.references), len(d.citations))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    where, counts = proc.stdout.split("\n")[:2]
    assert Path(where).is_relative_to(target)  # the installed copy, not the checkout
    assert counts == "11 11"
