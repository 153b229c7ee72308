"""One partition (one input file) of a bulk check, as a Dask worker runs it: read, check, write Parquet.

:func:`check_partition` reads the file (:func:`read_source`: JATS ref-lists by :mod:`citekit.bulk.jats`,
BibTeX, CSL-JSON, RIS and text lists by :mod:`citekit.formats`), checks its references with
:class:`citekit.check.Checker` (the same identify steps, rules and finding codes as ``citekit check``)
against the local mirror only (offline: the mirror is the source, nothing goes to the network), and
writes three Parquet files named after the source path (:func:`partition_name`):

=======================  ==================================================================================
``problems/NAME``        entries that could not be read: ``source``, ``line``, ``reference``, ``field``, ``message``
``findings/NAME``        ``source``, ``reference``, ``number``, ``code``, ``severity``, ``field``, ``cited``,
                         ``record``, ``message``: the findings of ``citekit check``
``references/NAME``      one row per reference: ``source``, ``reference`` (key or number), ``number``,
                         ``identified_by``, ``doi`` (of the record compared with), ``findings``
=======================  ==================================================================================

Each file is written to a temporary name and renamed (atomic on POSIX), ``references/`` last: it
is the partition's commit marker, so a partition is done exactly when its ``references/`` file
exists, and a task run twice (a worker killed after writing, the task rescheduled) rewrites the
same three files: every reference appears once in the output.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citekit.formats.base import FailedEntry
    from citekit.model import Reference
    from citekit.resolve.api import Resolver

#: suffixes read as JATS XML (PMC's open-access files are ``.nxml``)
JATS_SUFFIXES = (".xml", ".nxml", ".jats")
DATASETS = ("problems", "findings", "references")
#: how many unreadable entries a partition names in its result (all are in ``problems/``)
PROBLEM_LINES = 3
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_local = threading.local()


def partition_name(source: str | os.PathLike[str]) -> str:
    """The partition's file name: the source's stem (readable) and a hash of its absolute path (unique)."""
    path = Path(source).resolve()
    digest = hashlib.sha1(str(path).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return f"{_SAFE.sub('_', path.stem)[:40]}-{digest}.parquet"


def schemas() -> dict[str, Any]:
    """The Parquet schema of each dataset (fixed, so empty partitions have the same columns)."""
    import pyarrow as pa

    s, i = pa.string(), pa.int32()
    return {
        "problems": pa.schema([("source", s), ("line", i), ("reference", s), ("field", s), ("message", s)]),
        "findings": pa.schema([("source", s), ("reference", s), ("number", i), ("code", s), ("severity", s),
                               ("field", s), ("cited", s), ("record", s), ("message", s)]),
        "references": pa.schema([("source", s), ("reference", s), ("number", i), ("identified_by", s), ("doi", s),
                                 ("findings", i)]),
    }


@dataclass
class Item:
    """One reference read from a source: the reference and, for mixed citations, the text as printed."""

    reference: Reference
    text: str | None = None


@dataclass
class PartitionResult:
    """What one partition did (returned to the client; the data itself is in the Parquet files)."""

    source: str
    name: str
    references: int
    findings: int
    problems: int
    seconds: float
    worker: str  #: host:pid of the process that ran it
    peak_rss: int  #: the worker process's peak resident memory so far, bytes
    cpu_seconds: float  #: CPU time the partition took in the worker (the rate a free core would give)
    #: the first few entries that could not be read, as messages naming file, line, entry and field
    problem_lines: list[str] = field(default_factory=list)


def read_source(path: Path) -> tuple[list[Item], list[FailedEntry]]:
    """The references of one file, and the entries (or the whole file) that could not be read."""
    from citekit.errors import CitekitError
    from citekit.formats import read
    from citekit.formats.base import FailedEntry

    if path.suffix.lower() in JATS_SUFFIXES:
        from citekit.bulk.jats import read_jats

        try:
            data = path.read_bytes()
        except OSError as exc:
            return [], [FailedEntry(f"cannot read: {exc.strerror or exc}")]
        got = read_jats(data, str(path))
        return [Item(r.reference, r.text) for r in got.refs], got.failed
    try:
        result = read(path)
    except CitekitError as exc:
        return [], [FailedEntry(exc.message if hasattr(exc, "message") else str(exc))]
    return [Item(r) for r in result.items], list(result.failed)


def resolver(mirror: str) -> Resolver:
    """This thread's resolver over the mirror (offline: the mirror is the only source), opened once."""
    cache: dict[str, Resolver] = _local.__dict__.setdefault("resolvers", {})
    if mirror not in cache:
        from citekit.resolve.api import Resolver
        from citekit.resolve.config import ResolverConfig

        cache[mirror] = Resolver(ResolverConfig(mirror_dir=Path(mirror), offline=True, cache_dir=None, budget=None))
    return cache[mirror]


def _write(table_rows: list[dict[str, Any]], schema: Any, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    pq.write_table(pa.Table.from_pylist(table_rows, schema=schema), tmp, compression="zstd")
    os.replace(tmp, path)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def check_partition(source: str, mirror: str, out: str) -> PartitionResult:
    """Check the references of ``source`` against the mirror in ``mirror``; write the partition under ``out``."""
    from citekit.bulk.identify import IDENTIFY
    from citekit.check.engine import Checker

    start, cpu_start = time.perf_counter(), time.process_time()
    path, name = Path(source), partition_name(source)
    items, failed = read_source(path)
    res = resolver(mirror)
    report = Checker(resolver=res, offline=True, identify=IDENTIFY).run([i.reference for i in items], name=source,
                                                      texts=[i.text for i in items])
    keys = {r.number: r.key for r in report.references}
    problems = [{"source": source, "line": f.line, "reference": f.item, "field": f.field, "message": f.error}
                for f in failed]
    findings = [f for r in report.references for f in r.findings] + list(report.findings)
    finding_rows = [{"source": source, "reference": f.key or keys.get(f.ref or 0), "number": f.ref,
                     "code": str(f.code), "severity": str(f.severity), "field": f.field, "cited": _str(f.cited),
                     "record": _str(f.record), "message": f.message} for f in findings]
    per_ref: dict[int | None, int] = {}
    for f in findings:
        per_ref[f.ref] = per_ref.get(f.ref, 0) + 1
    ref_rows = [{"source": source, "reference": r.key, "number": r.number, "identified_by": r.identified_by,
                 "doi": r.record.doi if r.record is not None else None, "findings": per_ref.get(r.number, 0)}
                for r in report.references]
    root, sch = Path(out), schemas()
    _write(problems, sch["problems"], root / "problems" / name)
    _write(finding_rows, sch["findings"], root / "findings" / name)
    _write(ref_rows, sch["references"], root / "references" / name)  # last: the partition's commit marker
    return PartitionResult(source, name, len(ref_rows), len(finding_rows), len(problems),
                           time.perf_counter() - start, f"{os.uname().nodename}:{os.getpid()}",
                           peak_rss(), time.process_time() - cpu_start,
                           [_problem_line(source, f) for f in failed[:PROBLEM_LINES]])


def peak_rss() -> int:
    """This process's peak resident memory in bytes: ``VmHWM`` of /proc/self/status (Linux), else ``ru_maxrss``.

    ``ru_maxrss`` is not used on Linux: it survives ``fork`` and ``exec``, so a worker spawned by a
    big client process would report the client's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _problem_line(source: str, f: FailedEntry) -> str:
    where = ":".join([source, *([str(f.line)] if f.line else [])])
    what = "".join([f" entry {f.item!r}" if f.item else "", f" field {f.field}" if f.field else ""])
    return f"{where}:{what} {f.error}"


__all__ = ["DATASETS", "JATS_SUFFIXES", "Item", "PartitionResult", "check_partition", "partition_name", "peak_rss",
           "read_source",
           "resolver", "schemas"]
