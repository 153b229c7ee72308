"""``citekit bulk check``: its own LocalCluster, the summary, exit codes, problems named on stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from tests.bulk.conftest import BULK_DATA


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citekit", "bulk", "check", *args], capture_output=True, text=True,
                          env=env, check=False, timeout=180)


def test_a_folder_checked_on_a_local_cluster_then_resumed(mirror: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(BULK_DATA / "pmc-style.nxml", src / "pmc-style.nxml")
    (src / "refs.bib").write_text("@article{ok, author={Chiang, Colby}, title={The impact of structural variation on "
                                  "human gene expression}, journal={Nat Genet}, year={2017}, volume={49}, "
                                  "pages={692--699}, doi={10.1038/ng.3834}}\n", encoding="utf-8")
    (src / "notes.md").write_text("not a reference list\n", encoding="utf-8")  # not a readable suffix: left out
    env = {**os.environ, "CITEKIT_MIRROR": str(mirror)}
    done = _cli(str(src), "-o", str(tmp_path / "out"), "--workers", "1", "--to", "json", env=env)
    assert done.returncode == 1, done.stderr  # one entry could not be read
    assert f"citekit: {src / 'pmc-style.nxml'}:51: entry 'B5' no element-citation or mixed-citation in this ref" \
        in done.stderr.splitlines()
    assert "Traceback" not in done.stderr, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["partitions"], summary["done"], summary["references"], summary["problems"]) == (2, 2, 6, 1)
    assert summary["failed"] == [] and summary["workers"] == 1
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8")) == summary
    refs = pq.read_table(tmp_path / "out" / "references").to_pylist()
    assert sorted(r["reference"] for r in refs) == ["B1", "B2", "B3", "B4", "B6", "ok"]
    again = _cli(str(src), "-o", str(tmp_path / "out"), env=env)
    assert again.returncode == 0, again.stderr
    assert "0 files checked, 2 already done, 0 failed" in again.stderr
    inside = _cli(str(tmp_path), "-o", str(tmp_path / "out"), env=env)  # DIR's own run.json is no input
    assert inside.returncode == 0 and "citekit: 2 files" not in inside.stderr, inside.stderr
    assert "0 files checked, 2 already done, 0 failed" in inside.stderr


def test_usage_errors_exit_2_before_any_cluster(mirror: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CITEKIT_MIRROR"}
    (tmp_path / "a.bib").write_text("@article{a, title={x}}\n", encoding="utf-8")
    no_mirror = _cli(str(tmp_path / "a.bib"), "-o", str(tmp_path / "out"), env=env)
    assert no_mirror.returncode == 2 and "give --mirror DIR or set CITEKIT_MIRROR" in no_mirror.stderr
    missing = _cli(str(tmp_path / "nope.bib"), "-o", str(tmp_path / "out"), "--mirror", str(mirror), env=env)
    assert missing.returncode == 2 and "nope.bib" in missing.stderr and "no such file or folder" in missing.stderr
    bad_mirror = _cli(str(tmp_path / "a.bib"), "-o", str(tmp_path / "out"), "--mirror", str(tmp_path), env=env)
    assert bad_mirror.returncode == 2 and "not a citekit mirror" in bad_mirror.stderr
    assert not (tmp_path / "out").exists()


def test_scheduler_runs_on_that_cluster(mirror: Path, tmp_path: Path, cluster: Any) -> None:
    src = tmp_path / "pmc-style.nxml"
    shutil.copy(BULK_DATA / "pmc-style.nxml", src)
    both = _cli(str(src), "-o", str(tmp_path / "out"), "--mirror", str(mirror), "--scheduler",
                cluster.scheduler_address, "--workers", "2")
    assert both.returncode == 2 and "--workers starts a LocalCluster" in both.stderr
    done = _cli(str(src), "-o", str(tmp_path / "out"), "--mirror", str(mirror), "--scheduler",
                cluster.scheduler_address, "--to", "json")
    assert done.returncode == 1, done.stderr  # B5 cannot be read
    summary = json.loads(done.stdout)
    assert (summary["workers"], summary["references"], summary["failed"]) == (2, 5, [])
    assert f"Dask scheduler {cluster.scheduler_address}" in done.stderr
