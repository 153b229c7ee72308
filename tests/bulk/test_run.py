"""The bulk check on a 2-worker LocalCluster: a worker killed mid-run, failing partitions, resuming.

The tests share one cluster (``conftest.cluster``, reached as ``--scheduler`` would); ``run``'s own
LocalCluster is started by the CLI test.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from citekit.bulk import synth
from citekit.bulk.run import Failure, run
from citekit.bulk.worker import PartitionResult, check_partition, partition_name


def _corpus(works: list[dict[str, Any]], folder: Path, n: int, per_file: int) -> list[tuple[str, int, str | None]]:
    return synth.corpus(works, folder, n, per_file=per_file, seed=3)


def _keys(out: Path) -> list[tuple[str, int]]:
    return sorted((r["source"], r["number"]) for r in pq.read_table(out / "references").to_pylist())


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(mirror: Path, synth_works: list[dict[str, Any]],
                                                            tmp_path: Path, cluster: Any) -> None:
    truth = _corpus(synth_works, tmp_path / "corpus", 150, 15)  # 10 files

    def slow(source: str, mirror: str, out: str) -> PartitionResult:
        time.sleep(0.2)  # long enough that the other worker is inside a task when one is killed
        return check_partition(source, mirror, out)

    pids: dict[str, int] = {}
    clients: list[Any] = []
    killed: list[tuple[int, list[str]]] = []

    def on_start(client: Any, dashboard: str | None) -> None:
        pids.update(client.run(os.getpid))
        clients.append(client)

    def on_result(n: int, total: int, got: PartitionResult | Failure) -> None:
        if n == 2 and not killed:
            assert isinstance(got, PartitionResult)
            address, victim = next((a, pid) for a, pid in pids.items() if not got.worker.endswith(f":{pid}"))
            busy = list(clients[0].processing().get(address, ()))  # the tasks on it as it is killed
            os.kill(victim, signal.SIGKILL)
            killed.append((victim, busy))

    report = run([tmp_path / "corpus"], tmp_path / "out", mirror, scheduler=cluster.scheduler_address,
                 on_start=on_start, on_result=on_result, task=slow)
    assert len(pids) == 2 and len(killed) == 1
    assert killed[0][1], "the killed worker was running no task"
    assert report.ok and report.partitions == 10 and len(report.done) == 10
    assert _keys(tmp_path / "out") == sorted((s, n) for s, n, _ in truth)  # every reference exactly once
    assert len(list((tmp_path / "out" / "findings").glob("*.parquet"))) == 10


def test_failing_partitions_are_retried_reported_and_resumed(mirror: Path, synth_works: list[dict[str, Any]],
                                                             tmp_path: Path, cluster: Any) -> None:
    truth = _corpus(synth_works, tmp_path / "corpus", 60, 10)  # 6 files
    files = sorted({s for s, _, _ in truth})
    flaky, broken = files[1], files[4]
    marks = tmp_path / "marks"
    marks.mkdir()

    def task(source: str, mirror: str, out: str) -> PartitionResult:
        tries = len(list(marks.glob(f"{Path(source).name}.*")))
        (marks / f"{Path(source).name}.{tries}").touch()
        if source == broken or (source == flaky and tries == 0):
            raise OSError(f"disk trouble on try {tries}")
        return check_partition(source, mirror, out)

    first = run([tmp_path / "corpus"], tmp_path / "out", mirror, scheduler=cluster.scheduler_address, retries=1, task=task)
    assert [f.source for f in first.failed] == [broken] and "disk trouble on try 1" in first.failed[0].error
    assert len(first.done) == 5 and not first.ok
    assert len(list(marks.glob(f"{Path(flaky).name}.*"))) == 2  # failed once, retried, written
    assert not (tmp_path / "out" / "references" / partition_name(broken)).exists()
    again = run([tmp_path / "corpus"], tmp_path / "out", mirror, scheduler=cluster.scheduler_address)
    assert again.ok and again.skipped == 5 and [p.source for p in again.done] == [broken]
    assert _keys(tmp_path / "out") == sorted((s, n) for s, n, _ in truth)


def test_a_mirror_that_is_not_one_stops_before_any_cluster(tmp_path: Path) -> None:
    from citekit.errors import InputError

    (tmp_path / "a.bib").write_text("@article{a, title={x}}\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a citekit mirror"):
        run([tmp_path / "a.bib"], tmp_path / "out", tmp_path / "nothing")
