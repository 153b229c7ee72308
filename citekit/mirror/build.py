"""Loading Crossref public-data files into a :class:`~citekit.mirror.store.MirrorStore`.

A data file is gzipped (or plain) JSON ``{"items": [work, ...]}``. Each file is loaded in one
transaction together with its row in ``loaded_files`` (keyed by the SHA-256 of its bytes), so a
build killed mid-file leaves nothing of that file, and a re-run skips every file already
committed, under any name. A work with the same DOI as a stored one replaces it (``update``).

Bad input is data: an unreadable file, or a work that is not an object or has no valid DOI, is
a :class:`Problem` naming the file and the item index; the other works and files are loaded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.errors import InvalidIdentifier
from citekit.ids import DOI
from citekit.mirror.index import index_row
from citekit.mirror.store import MirrorStore, encode

#: called after each file: (file, works loaded from it or -1 when skipped, files done, files in all)
FileProgress = Callable[[Path, int, int, int], None]


@dataclass(frozen=True)
class Problem:
    """One thing that could not be loaded: the file, the item's 0-based index (None: the whole file), why."""

    file: str
    item: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.item is None else f"{self.file}: item {self.item}"
        return f"{where}: {self.message}"


@dataclass
class BuildReport:
    """What a build or update did."""

    files_loaded: int = 0
    files_skipped: int = 0  #: already committed by an earlier (maybe killed) run
    works_added: int = 0
    works_replaced: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was refused."""
        return not self.problems


def read_items(raw: bytes, name: str) -> list[Any]:
    """The ``items`` of a data file's bytes (gzip is detected by its magic number); ``ValueError`` naming the fault."""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"not a readable gzip file ({exc})") from exc
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON ({exc})") from exc
    if isinstance(body, dict) and isinstance(body.get("message"), dict) and "items" in body["message"]:
        body = body["message"]  # a saved /works list response reads the same
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        raise ValueError('not a Crossref data file: expected an object {"items": [work, ...]}')  # noqa: TRY004 (bad input, reported as a Problem)
    items: list[Any] = body["items"]
    return items


def _check_work(work: Any) -> DOI:
    """The DOI of a loadable work; ``ValueError`` saying why it is not one."""
    if not isinstance(work, dict):
        raise ValueError(f"work is not an object but {type(work).__name__}")  # noqa: TRY004 (bad input, reported as a Problem)
    if not isinstance(work.get("DOI"), str):
        raise ValueError(f"work without a DOI string (DOI = {str(work.get('DOI'))[:40]!r})")  # noqa: TRY004 (bad input, reported as a Problem)
    try:
        doi = DOI.parse(work["DOI"], prose=False)
    except InvalidIdentifier as exc:
        raise ValueError(f"field DOI: {exc.message}") from exc
    for key in ("title", "container-title", "author"):
        if key in work and not isinstance(work[key], list):
            raise ValueError(f"work {doi.value!r}: field {key} is {type(work[key]).__name__}, not a list")
    return doi


def load_file(store: MirrorStore, path: Path, report: BuildReport) -> int:
    """Load one file in one transaction; the works loaded, ``-1`` when skipped (already loaded or unreadable)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.problems.append(Problem(name, None, f"cannot read: {exc.strerror}"))
        return -1
    digest = hashlib.sha256(raw).hexdigest()
    if store.is_loaded(digest):
        report.files_skipped += 1
        return -1
    try:
        items = read_items(raw, name)
    except ValueError as exc:
        report.problems.append(Problem(name, None, str(exc)))
        return -1
    loaded = bad = 0
    with store.transaction() as db:
        for i, work in enumerate(items):
            try:
                doi = _check_work(work)
                row = index_row(work)
                blob = encode(work)
            except (ValueError, TypeError, AttributeError) as exc:
                report.problems.append(Problem(name, i, str(exc)))
                bad += 1
                continue
            if store.put(db, doi.key, blob, row):
                report.works_replaced += 1
            else:
                report.works_added += 1
            loaded += 1
        db.execute("INSERT INTO loaded_files(sha256, name, works, problems) VALUES (?, ?, ?, ?)",
                   (digest, path.name, loaded, bad))
    report.files_loaded += 1
    return loaded


def expand(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders as their ``*.json.gz`` / ``*.json`` files in name order."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.name.endswith((".json.gz", ".json", ".gz")))
        else:
            out.append(p)
    return out


def build(inputs: Iterable[str | Path], directory: str | Path, *, create: bool = True,
          progress: FileProgress | None = None) -> BuildReport:
    """Build (or resume, or update) the mirror in ``directory`` from data files or folders of them."""
    files = expand(inputs)
    report = BuildReport()
    store = MirrorStore(directory, create=create)
    try:
        for n, path in enumerate(files, 1):
            got = load_file(store, path, report)
            if progress is not None:
                progress(path, got, n, len(files))
    finally:
        store.close()
    return report


__all__ = ["BuildReport", "FileProgress", "Problem", "build", "expand", "load_file", "read_items"]
