"""Running pandoc (pypandoc-binary) with and without citekit's filter on the test manuscripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypandoc
import pytest

from citekit.csl.repository import find_style

MANUSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "manuscript"


@pytest.fixture(scope="session")
def pandoc() -> str:
    """The pandoc binary of pypandoc-binary."""
    return str(pypandoc.get_pandoc_path())


@pytest.fixture(scope="session")
def citekit_filter(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The ``citekit-pandoc`` console script next to this Python, else a wrapper running the module."""
    script = Path(sys.executable).parent / "citekit-pandoc"
    if script.is_file() and os.access(script, os.X_OK):
        return str(script)
    wrapper = tmp_path_factory.mktemp("filter") / "citekit-pandoc"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m citekit.manuscript.pandoc "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


def run_pandoc(pandoc: str, args: list[str], cwd: Path = MANUSCRIPTS, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """pandoc with ``args`` in ``cwd`` (text in, text out; never raises on a non-zero exit)."""
    return subprocess.run([pandoc, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=180,
                          check=False)


def style_path(name: str) -> str:
    """The independent .csl file of a style name (pandoc needs a file; citekit resolves dependents)."""
    return str(find_style(name))
