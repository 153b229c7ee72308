"""The mirror's SQLite store: works by normalised DOI, an FTS5 bibliographic index, loaded files.

Schema (``DIR/mirror.sqlite``, WAL journal, so readers never wait for a loading writer)::

    works(id INTEGER PRIMARY KEY, doi TEXT UNIQUE, data BLOB)   -- zlib(JSON of the work message)
    biblio  FTS5(title, author, journal, keys), rowid = works.id -- see citekit.mirror.index
    loaded_files(sha256 PRIMARY KEY, name, works, problems, loaded_at)
    meta(key PRIMARY KEY, value)                                 -- schema version

``doi`` is the DOI's normalised key (:attr:`citekit.ids.DOI.key`: lower case), so a lookup is one
B-tree probe however the DOI was written. Works are stored without the fields nothing here reads
(only :data:`KEEP`: not the cited-reference list, licences, links, affiliations, index timestamps), which keeps the
store about a third of the data file's size.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from citekit.errors import InputError
from citekit.mirror.index import Cited, IndexRow, queries, title_terms

_fast_loads: Callable[[bytes], Any] | None
try:  # an optional speed-up (the ``bulk`` extra installs it): 20,000+ DOI lookups/s instead of ~15,000
    from orjson import loads as _orjson_loads

    _fast_loads = _orjson_loads
except ImportError:  # pragma: no cover - the standard library does the same, slower
    _fast_loads = None

SCHEMA_VERSION = "1"
FILENAME = "mirror.sqlite"
#: the work fields stored: those the Crossref → Reference mapping (citekit.resolve.crossref) and the
#: index read. Everything else (cited references, licences, links, funders, affiliations, index
#: timestamps) is not stored; tests/mirror/test_service.py checks that a record from the mirror
#: equals the record mapped from the full ``/works/{doi}`` answer.
KEEP = frozenset({"DOI", "type", "subtype", "title", "subtitle", "short-title", "original-title", "container-title",
                  "short-container-title", "volume", "issue", "page", "article-number", "issued", "published",
                  "published-print", "published-online", "created", "ISSN", "issn-type", "ISBN", "isbn-type",
                  "publisher", "publisher-location", "language", "abstract", "event", "institution", "degree",
                  "update-to", "updated-by", "update-policy", "clinical-trial-number", "relation"})
PEOPLE = ("author", "editor", "chair", "translator")
#: what is kept of a contributor
PERSON_KEEP = frozenset({"family", "given", "suffix", "name", "ORCID", "authenticated-orcid", "sequence"})

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS works(id INTEGER PRIMARY KEY, doi TEXT NOT NULL UNIQUE, data BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS biblio USING fts5(title, author, journal, keys,
    tokenize = 'unicode61 remove_diacritics 2', detail = column);
CREATE TABLE IF NOT EXISTS loaded_files(sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, works INTEGER NOT NULL,
    problems INTEGER NOT NULL, loaded_at TEXT NOT NULL DEFAULT (datetime('now')));
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '{SCHEMA_VERSION}');
"""


def encode(work: dict[str, Any]) -> bytes:
    """The stored form of a work: its :data:`KEEP` fields (contributors' :data:`PERSON_KEEP`), JSON, zlib-compressed."""
    lean = {k: v for k, v in work.items() if k in KEEP}
    for role in PEOPLE:
        people = work.get(role)
        if isinstance(people, list):
            lean[role] = [{k: v for k, v in p.items() if k in PERSON_KEEP} if isinstance(p, dict) else p
                          for p in people]
    return zlib.compress(json.dumps(lean, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode(blob: bytes) -> dict[str, Any]:
    """A stored work back to its message dict (orjson when installed: the JSON is ~60% of a lookup's time)."""
    raw = zlib.decompress(blob)
    if _fast_loads is not None:
        try:
            fast: dict[str, Any] = _fast_loads(raw)
            return fast
        except ValueError:  # what orjson refuses and json reads (NaN, integers over 64 bits): the slow path
            pass
    work: dict[str, Any] = json.loads(raw)
    return work


class MirrorStore:
    """One mirror directory. ``MirrorStore(DIR, create=True)`` to build; the default opens an existing one.

    Thread-safe: one connection behind a lock (SQLite lookups take microseconds; the resolver's
    worker threads share it).
    """

    def __init__(self, directory: str | Path, *, create: bool = False) -> None:
        self.directory = Path(directory)
        self.path = self.directory / FILENAME
        if create:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create the mirror directory: {exc.strerror}",
                                 source=str(self.directory)) from exc
        elif not self.path.is_file():
            raise InputError(f"not a citekit mirror: {self.path} does not exist (build one with "
                             "`citekit mirror build FILES... -o DIR`)", source=str(self.directory))
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if create:
                self.db.executescript(_SCHEMA)
            version = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"not a usable citekit mirror: {exc}", source=str(self.path)) from exc
        if version is None or version[0] != SCHEMA_VERSION:
            raise InputError(f"mirror schema {version[0] if version else 'unknown'!r}, this citekit reads "
                             f"{SCHEMA_VERSION!r}: rebuild it", source=str(self.path))
        self.lock = threading.RLock()

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.db.close()

    # ------------------------------------------------------------------ writing
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception (a kill leaves nothing)."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    @staticmethod
    def put(db: sqlite3.Connection, key: str, blob: bytes, row: IndexRow) -> bool:
        """Add or replace one work inside a :meth:`transaction`; True when it replaced one."""
        old = db.execute("SELECT id FROM works WHERE doi = ?", (key,)).fetchone()
        if old is not None:
            db.execute("DELETE FROM biblio WHERE rowid = ?", (old[0],))
            db.execute("UPDATE works SET data = ? WHERE id = ?", (blob, old[0]))
            rowid = old[0]
        else:
            rowid = db.execute("INSERT INTO works(doi, data) VALUES (?, ?)", (key, blob)).lastrowid
        db.execute("INSERT INTO biblio(rowid, title, author, journal, keys) VALUES (?, ?, ?, ?, ?)",
                   (rowid, row.title, row.author, row.journal, row.keys))
        return old is not None

    def is_loaded(self, sha256: str) -> bool:
        """True when a file with this content was already committed."""
        with self.lock:
            return self.db.execute("SELECT 1 FROM loaded_files WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def loaded_files(self) -> list[tuple[str, str, int, int, str]]:
        """``(sha256, name, works, problems, loaded_at)`` of every committed file, oldest first."""
        with self.lock:
            return list(self.db.execute("SELECT sha256, name, works, problems, loaded_at FROM loaded_files "
                                        "ORDER BY rowid"))

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        """How many works the mirror holds."""
        with self.lock:
            return int(self.db.execute("SELECT count(*) FROM works").fetchone()[0])

    def get(self, key: str) -> dict[str, Any] | None:
        """The work whose normalised DOI is ``key`` (:attr:`DOI.key`), or None."""
        with self.lock:
            row = self.db.execute("SELECT data FROM works WHERE doi = ?", (key,)).fetchone()
        return None if row is None else decode(row[0])

    def get_many(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The works of those DOI keys that the mirror holds (absent keys are left out)."""
        out: dict[str, dict[str, Any]] = {}
        with self.lock:
            for i in range(0, len(keys), 500):
                chunk = list(keys[i:i + 500])
                marks = ",".join("?" * len(chunk))
                for key, blob in self.db.execute(f"SELECT doi, data FROM works WHERE doi IN ({marks})", chunk):
                    out[key] = blob
        return {k: decode(v) for k, v in out.items()}  # type: ignore[arg-type]

    def search(self, cited: Cited, limit: int = 5) -> list[dict[str, Any]]:
        """Candidate works for a citation, best first (bm25), from the first query with a fitting hit
        (:func:`citekit.mirror.index.queries`): the author-and-numbers query counts only when a hit
        shares a title word with a citation that has a title."""
        terms = set(title_terms(cited.title))
        for query in queries(cited):
            with self.lock:
                try:
                    rows = self.db.execute("SELECT w.data, biblio.title FROM biblio JOIN works w ON w.id = biblio.rowid "
                                           "WHERE biblio MATCH ? ORDER BY bm25(biblio, 4.0, 2.0, 1.0, 1.0) LIMIT ?",
                                           (query, limit)).fetchall()
                except sqlite3.OperationalError:  # a query FTS5 cannot parse is no candidate, not a crash
                    continue
            if query.startswith("author:") and " AND title:" not in query and terms \
                    and not any(terms & set(r[1].split()) for r in rows):
                continue
            if rows:
                return [decode(r[0]) for r in rows]
        return []

    def keys(self) -> Iterable[str]:
        """Every DOI key (for benchmarks and checks)."""
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT doi FROM works")]


__all__ = ["FILENAME", "KEEP", "PERSON_KEEP", "SCHEMA_VERSION", "MirrorStore", "decode", "encode"]
