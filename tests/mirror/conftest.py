"""Fixtures of the mirror tests: the recorded real Crossref works, and data files made from them."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
WORKS_DIR = DATA / "fixtures" / "real" / "crossref-works"
MIRROR_DATA = DATA / "mirror"


def recorded_works() -> list[dict[str, Any]]:
    """Every recorded ``/works/{doi}`` message (the independent source the tests compare with)."""
    out = []
    for f in sorted(WORKS_DIR.glob("*.json")):
        if f.name.endswith(".meta.json"):
            continue
        body = json.loads(f.read_text(encoding="utf-8"))
        if body.get("message-type") == "work":
            out.append(body["message"])
    return out


def write_data_file(path: Path, items: list[Any]) -> Path:
    """A Crossref public-data file: gzipped ``{"items": [...]}``."""
    path.write_bytes(gzip.compress(json.dumps({"items": items}).encode("utf-8"), compresslevel=1, mtime=0))
    return path


def varied(works: list[dict[str, Any]], tag: str) -> list[dict[str, Any]]:
    """Copies of real works under new DOIs (``10.5555/<tag>.<n>``): synthetic, for volume only."""
    out = []
    for i, w in enumerate(works):
        c = copy.deepcopy(w)
        c["DOI"] = f"10.5555/{tag}.{i}"
        out.append(c)
    return out


@pytest.fixture(scope="session")
def works() -> list[dict[str, Any]]:
    return recorded_works()


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    """A mirror built from the committed test data (part-0 and part-1)."""
    from citekit.mirror import build

    report = build([MIRROR_DATA / "part-0.json.gz", MIRROR_DATA / "part-1.json.gz"], tmp_path / "m")
    assert report.ok
    return tmp_path / "m"
