"""The public API: explicit, sorted, complete, lazy."""

from __future__ import annotations

import subprocess
import sys

import citekit


def test_all_is_sorted_and_complete() -> None:
    assert citekit.__all__ == sorted(citekit.__all__)
    for name in citekit.__all__:
        assert getattr(citekit, name) is not None, name
    assert set(dir(citekit)) == set(citekit.__all__)


def test_unknown_attribute_raises_attribute_error() -> None:
    try:
        citekit.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_import_citekit_is_light() -> None:
    mods = _imported_after("import citekit")
    assert "pydantic" not in mods and "requests" not in mods and "bibtexparser" not in mods


def test_cli_import_pulls_in_neither_pydantic_nor_requests() -> None:
    mods = _imported_after("import citekit.cli")
    assert "pydantic" not in mods and "requests" not in mods


def test_help_does_not_import_heavy_modules() -> None:
    mods = _imported_after("import sys; sys.argv=['citekit','--help']\nfrom citekit.cli import main\ntry: main()\nexcept SystemExit: pass")
    assert "pydantic" not in mods and "requests" not in mods and "bibtexparser" not in mods
