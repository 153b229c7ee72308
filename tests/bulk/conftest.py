"""Fixtures of the bulk-check tests: a mirror of the recorded real works (plus synthetic ones), corpora citing them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
WORKS_DIR = DATA / "fixtures" / "real" / "crossref-works"
BULK_DATA = DATA / "bulk"


def recorded_works() -> list[dict[str, Any]]:
    """Every recorded ``/works/{doi}`` message."""
    out = []
    for f in sorted(WORKS_DIR.glob("*.json")):
        if not f.name.endswith(".meta.json"):
            body = json.loads(f.read_text(encoding="utf-8"))
            if body.get("message-type") == "work":
                out.append(body["message"])
    return out


@pytest.fixture(scope="session")
def real_works() -> list[dict[str, Any]]:
    return recorded_works()


@pytest.fixture(scope="session")
def synth_works(real_works: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from citekit.bulk import synth

    return list(synth.snapshot(real_works, 3000, seed=7))


@pytest.fixture(scope="session")
def mirror(tmp_path_factory: pytest.TempPathFactory, real_works: list[dict[str, Any]],
           synth_works: list[dict[str, Any]]) -> Path:
    """A mirror of the 36 recorded works and 3,000 synthetic ones."""
    from citekit.bulk import synth
    from citekit.mirror import build

    root = tmp_path_factory.mktemp("bulk-mirror")
    files = synth.write_snapshot([*real_works, *synth_works], root / "snapshot", per_file=1000)
    report = build(files, root / "mirror")
    assert report.ok, report.problems
    return root / "mirror"


@pytest.fixture(scope="session")
def cluster() -> Any:
    """One 2-worker LocalCluster (one thread each) for the cluster tests, reached with ``scheduler=`` (``--scheduler``)."""
    import logging

    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as c:
        yield c
