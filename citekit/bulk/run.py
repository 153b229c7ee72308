"""The bulk check on Dask: one task per input file, retried, resumable, every result accounted for.

:func:`run` plans the partitions (:func:`plan`: files, and folders' files of the suffixes the bulk
check reads), skips those already written (their ``references/`` file exists: a killed or failed
run is resumed by running it again), and submits one :func:`citekit.bulk.worker.check_partition`
task per remaining file to a Dask cluster: a ``LocalCluster`` of ``workers`` processes (one thread
each) by default, or the scheduler at ``scheduler`` (its workers must see the inputs, the mirror and
the output folder at the same paths). A task that raises is retried ``retries`` times by Dask; a
worker that dies (killed, out of memory) has its tasks rescheduled on the others. A partition that
still fails is a :class:`Failure` in the :class:`BulkReport` (never dropped silently), and the
next run tries it again. ``DIR/run.json`` records the last run's summary.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from citekit.bulk.worker import JATS_SUFFIXES, PartitionResult, check_partition, partition_name
from citekit.errors import InputError, Unreachable

#: what the bulk check reads in a folder (JATS XML, BibTeX, CSL-JSON, RIS, text lists)
SUFFIXES = (*JATS_SUFFIXES, ".bib", ".json", ".ris", ".txt")
#: seconds to wait for a scheduler given by address (``run(connect_timeout=)``, ``--connect-timeout``)
CONNECT_TIMEOUT = 15.0
#: the task a partition runs (a test may put another in; the signature is check_partition's)
Task = Callable[[str, str, str], PartitionResult]
#: called in the client after each partition: (partitions done, partitions in all, the result or None on failure)
OnResult = Callable[[int, int, "PartitionResult | Failure"], None]


@dataclass(frozen=True)
class Failure:
    """A partition that could not be checked after its retries: the file and the error."""

    source: str
    error: str


@dataclass
class BulkReport:
    """What a bulk run did: partitions done now, skipped (written by an earlier run), failed; totals."""

    output: str
    partitions: int = 0
    skipped: int = 0
    done: list[PartitionResult] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    #: of which starting the cluster (LocalCluster: spawning the worker processes)
    startup: float = 0.0
    workers: int = 0
    dashboard: str | None = None

    @property
    def ok(self) -> bool:
        """True when every partition is written."""
        return not self.failed

    @property
    def references(self) -> int:
        """References checked by this run."""
        return sum(p.references for p in self.done)

    def to_dict(self) -> dict[str, Any]:
        """The run's summary as JSON (``DIR/run.json``)."""
        return {"output": self.output, "partitions": self.partitions, "skipped": self.skipped,
                "done": len(self.done), "failed": [asdict(f) for f in self.failed], "workers": self.workers,
                "references": self.references, "findings": sum(p.findings for p in self.done),
                "problems": sum(p.problems for p in self.done), "seconds": round(self.seconds, 3),
                "startup_seconds": round(self.startup, 3),
                "references_per_second": round(self.references / (self.seconds - self.startup), 1)
                if self.seconds > self.startup else None,
                "cpu_seconds": round(sum(p.cpu_seconds for p in self.done), 3),
                "references_per_cpu_second": round(self.references / cpu, 1)
                if (cpu := sum(p.cpu_seconds for p in self.done)) else None,
                "peak_rss_per_worker": peak_memory(self.done)}


def peak_memory(done: Iterable[PartitionResult]) -> dict[str, int]:
    """The peak resident memory (bytes) each worker process reported."""
    out: dict[str, int] = {}
    for p in done:
        out[p.worker] = max(out.get(p.worker, 0), p.peak_rss)
    return out


def plan(inputs: Iterable[str | os.PathLike[str]], exclude: str | os.PathLike[str] | None = None) -> list[Path]:
    """The input files, absolute: files as given, folders as their readable files (:data:`SUFFIXES`) in name order.

    ``exclude``: a folder whose files are left out (the output folder, when an input folder holds it).
    """
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out += sorted(q.resolve() for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES
                          and not q.name.startswith("."))
        elif p.is_file():
            out.append(p.resolve())
        else:
            raise InputError("no such file or folder", source=str(p))
    skip = Path(exclude).resolve() if exclude is not None else None
    return [p for p in dict.fromkeys(out) if skip is None or not p.is_relative_to(skip)]


def written(output: Path) -> set[str]:
    """The partitions already committed in ``output`` (their ``references/`` file exists)."""
    folder = output / "references"
    return {p.name for p in folder.glob("*.parquet")} if folder.is_dir() else set()


def _cluster(scheduler: str | None, workers: int | None,
             connect_timeout: float = CONNECT_TIMEOUT) -> tuple[Any, Any, str | None]:
    """A client of the scheduler, or of a new LocalCluster, and the dashboard's address when there is one;
    :class:`~citekit.errors.Unreachable` when the scheduler cannot be reached or the cluster not started."""
    try:
        return _start(scheduler, workers, connect_timeout)
    except (OSError, TimeoutError, RuntimeError) as exc:
        what = f"the Dask scheduler {scheduler}" if scheduler else "a LocalCluster"
        raise Unreachable(f"{what} could not be reached or started: {exc}", source="dask") from exc


def _start(scheduler: str | None, workers: int | None, connect_timeout: float) -> tuple[Any, Any, str | None]:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout=connect_timeout)  # type: ignore[no-untyped-call]
        return client, None, client.dashboard_link
    # the dashboard needs bokeh (not a dependency); the scheduler's HTTP server runs anyway, on a free port
    has_dashboard = importlib.util.find_spec("bokeh") is not None
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,  # type: ignore[no-untyped-call]
                           processes=True, dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
    client = Client(cluster)  # type: ignore[no-untyped-call]
    return client, cluster, client.dashboard_link if has_dashboard else None


def run(inputs: Iterable[str | os.PathLike[str]], output: str | os.PathLike[str], mirror: str | os.PathLike[str], *,
        scheduler: str | None = None, workers: int | None = None, retries: int = 2, on_start: Callable[[Any, str | None], None] | None = None,
        on_result: OnResult | None = None, task: Task = check_partition,
        connect_timeout: float = CONNECT_TIMEOUT) -> BulkReport:
    """Check every reference list in ``inputs`` against ``mirror``, writing Parquet partitions under ``output``.

    ``on_start(client, dashboard link or None)`` is called once the cluster is up; ``on_result`` after each partition.
    ``connect_timeout``: seconds to wait for the scheduler at ``scheduler`` before it counts as unreachable.
    Raises :class:`~citekit.errors.InputError` for a missing input or an unusable mirror or output,
    :class:`~citekit.errors.Unreachable` when the cluster cannot be reached or started.
    """
    from citekit.mirror.store import MirrorStore

    out = Path(output).resolve()
    files = plan(inputs, exclude=out)
    MirrorStore(Path(mirror)).close()  # an unusable mirror stops the run here, not in every task
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc.strerror}", source=str(out)) from exc
    done_before = written(out)
    todo = [f for f in files if partition_name(f) not in done_before]
    report = BulkReport(str(out), partitions=len(files), skipped=len(files) - len(todo))
    start = time.perf_counter()
    if todo:
        _submit(todo, out, str(Path(mirror).resolve()), report, scheduler, workers, retries, on_start, on_result, task,
                connect_timeout)
    report.seconds = time.perf_counter() - start
    (out / "run.json").write_text(json.dumps(report.to_dict(), indent=1) + "\n", encoding="utf-8")
    return report


def _submit(todo: list[Path], out: Path, mirror: str, report: BulkReport, scheduler: str | None, workers: int | None,
            retries: int, on_start: Callable[[Any, str | None], None] | None, on_result: OnResult | None, task: Task,
            connect_timeout: float) -> None:
    from dask.distributed import as_completed

    start = time.perf_counter()
    client, cluster, report.dashboard = _cluster(scheduler, workers, connect_timeout)
    report.startup = time.perf_counter() - start
    try:
        report.workers = len(client.scheduler_info(n_workers=-1)["workers"])
        if on_start is not None:
            on_start(client, report.dashboard)
        futures = {client.submit(task, str(f), mirror, str(out), key=f"bulk-{partition_name(f)}", retries=retries,
                                 pure=False): str(f) for f in todo}
        for n, fut in enumerate(as_completed(futures), 1):  # type: ignore[no-untyped-call]
            got: PartitionResult | Failure
            if fut.status == "finished":
                result: PartitionResult = fut.result()
                report.done.append(result)
                got = result
            else:
                try:
                    exc = fut.exception()
                    why = f"{type(exc).__name__}: {exc}"
                except Exception as err:  # noqa: BLE001 (a cancelled or lost future still becomes a reported failure)
                    why = f"{type(err).__name__}: {err}"
                got = Failure(futures[fut], why)
                report.failed.append(got)
            fut.release()
            if on_result is not None:
                on_result(n, len(todo), got)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["SUFFIXES", "BulkReport", "Failure", "OnResult", "Task", "peak_memory", "plan", "run", "written"]
