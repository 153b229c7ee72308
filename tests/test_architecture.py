"""GUIDE's layering, checked on the source: imports point one way, modules stay small.

model, ids  <-  formats, csl  <-  resolve  <-  check  <-  cli ; only resolve/ touches the network.
check/ takes a Resolver (I/O passed in) and imports resolve/ only to build the default one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "citekit"

#: package -> citekit packages it must not import (at any depth, lazily or not)
FORBIDDEN: dict[str, set[str]] = {
    "model": {"formats", "csl", "check", "resolve", "cli", "document", "ids"},
    "ids": {"formats", "csl", "check", "resolve", "cli", "document"},
    "formats": {"resolve", "cli", "check", "csl"},
    "csl": {"resolve", "cli", "check"},
    "resolve": {"cli", "check", "csl"},
    "check": {"cli"},
    "mirror": {"resolve", "check", "cli", "csl", "formats", "document"},  # storage only: no network, no mapping
}
NETWORK = {"requests", "urllib3", "http.client", "socket", "urllib.request"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def _files(package: str) -> list[Path]:
    base = PKG / package
    return sorted(base.rglob("*.py")) if base.is_dir() else [PKG / f"{package}.py"]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    bad = []
    for path in _files(package):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "citekit" and len(parts) > 1 and parts[1] in FORBIDDEN[package]:
                bad.append(f"{path.relative_to(PKG)} imports {name}")
    assert bad == []


def test_only_resolve_touches_the_network() -> None:
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        if path.relative_to(PKG).parts[0] == "resolve":
            continue
        for name in _imports(path):
            if any(name == n or name.startswith(n + ".") for n in NETWORK):
                bad.append(f"{path.relative_to(PKG)} imports {name}")
    assert bad == []


def test_modules_stay_small() -> None:
    # GUIDE: modules stay under ~600 lines and hold one concern each.
    big = [f"{p.relative_to(PKG)}: {n}" for p in sorted(PKG.rglob("*.py")) if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700]
    assert big == []


def test_no_utils_modules() -> None:
    assert [p for p in PKG.rglob("*.py") if p.stem in {"utils", "util", "helpers", "misc"}] == []
