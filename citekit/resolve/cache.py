"""A persistent HTTP response cache in SQLite, storing JSON and text, never pickles.

One row per request (method, URL, Accept): status, content type, body text and an expiry time.
Only responses the HTTP layer has validated are stored: 200s with the right content type that
parsed and passed the service's check of the record (see :mod:`citekit.resolve.http`), and 404s
with a short TTL. 5xx, 429, timeouts, bad bodies and records of another identifier are never written.

The cache is a convenience, so it degrades instead of stopping the run; each degradation is one
warning in :attr:`ResponseCache.warnings` (the CLI prints them):

========================================  ===========================================================
what happens                              what the cache does
========================================  ===========================================================
the file is corrupt (truncated, random    moves it aside to ``<name>.corrupt-<time>`` and starts a new
bytes, not a database) or a directory     one; the run goes on
sits in its place
another process holds a lock longer       bypassed for the rest of the run (no reads, no writes)
than ``timeout``
read-only file or directory, or a         reads still served when possible; writes stop
directory that cannot be created          (bypassed entirely when it cannot even be opened)
the disk is full                          writes stop; reads go on
========================================  ===========================================================
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT NOT NULL,
    stored REAL NOT NULL,
    expires REAL NOT NULL
)
"""
_COLUMNS = "key, status, content_type, body, url, stored, expires"
T = TypeVar("T")


@dataclass(frozen=True)
class CachedResponse:
    """A stored response."""

    key: str
    status: int
    content_type: str
    body: str
    url: str
    stored: float
    expires: float


def cache_key(method: str, url: str, accept: str) -> str:
    """The row key of a request: the method, the full URL (query included) and the Accept header."""
    return f"{method.upper()} {url} accept={accept}"


def _kind(exc: sqlite3.Error) -> str:
    """Classify an SQLite error: corrupt, locked, readonly, full or other."""
    text = str(exc).lower()
    if any(s in text for s in ("not a database", "malformed", "disk image", "file is encrypted")):
        return "corrupt"
    if "locked" in text or "busy" in text:
        return "locked"
    if "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
        return "readonly"
    if "full" in text or "disk i/o" in text or "no space" in text:
        return "full"
    return "other"


class ResponseCache:
    """A thread-safe SQLite cache that degrades instead of failing. ``path=None`` keeps it in memory.

    ``timeout`` is how long to wait for another process's lock before bypassing the cache.
    """

    def __init__(self, path: Path | str | None, *, clock: Callable[[], float] = time.time,
                 timeout: float = 2.0) -> None:
        self.path = Path(path) if path is not None else None
        self._clock = clock
        self._timeout = timeout
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        #: what went wrong with the cache, one line per kind (the run went on without it)
        self.warnings: list[str] = []
        self.readable = True
        self.writable = True
        self._rebuilt = False
        with self._lock:
            self._open()

    # ------------------------------------------------------------------ degradation
    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _open(self) -> None:
        if self.path is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
            self._db.execute(_SCHEMA)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                self._move_aside("a directory is in its place")
        except OSError as exc:
            self._bypass(f"cannot create the cache directory {self.path.parent}: {exc.strerror or exc}")
            return
        try:
            db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=self._timeout)
        except sqlite3.Error as exc:
            self._bypass(f"cannot open the cache {self.path}: {exc}")
            return
        self._db = db
        try:
            db.execute(_SCHEMA)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"SELECT {_COLUMNS} FROM responses LIMIT 1").fetchall()
            db.commit()
        except sqlite3.Error as exc:
            self._degrade(exc, opening=True)

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _move_aside(self, why: str) -> None:
        assert self.path is not None
        self._close()
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(self._clock())}")
        self.path.rename(aside)
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.rename(aside.with_name(aside.name + suffix))
        self._warn(f"cache {self.path}: {why}: moved aside to {aside.name} and rebuilt")

    def _bypass(self, message: str) -> None:
        self.readable = self.writable = False
        self._warn(f"{message}; continuing without the cache")
        self._close()

    def _degrade(self, exc: sqlite3.Error, *, opening: bool = False) -> bool:
        """React to an SQLite error; True when the operation may be tried again (the cache was rebuilt)."""
        kind = _kind(exc)
        if kind == "corrupt" and self.path is not None and not self._rebuilt:
            self._rebuilt = True
            try:
                self._move_aside(f"corrupt ({exc})")
            except OSError as err:
                self._bypass(f"cache {self.path} is corrupt and cannot be moved aside: {err.strerror or err}")
                return False
            self._open()
            return self._db is not None
        if kind == "locked":
            self._bypass(f"cache {self.path} is locked by another process (waited {self._timeout:g} s)")
        elif kind == "readonly":
            self.writable = False
            if opening:
                self._bypass(f"cache {self.path} is read-only ({exc})")
            else:
                self._warn(f"cache {self.path} is read-only ({exc}); new answers are not cached")
        elif kind == "full":
            self.writable = False
            self._warn(f"cache {self.path}: the disk is full ({exc}); new answers are not cached")
        else:
            self._bypass(f"cache {self.path} failed ({exc})")
        return False

    def _run(self, op: Callable[[sqlite3.Connection], T], default: T, *, write: bool = False) -> T:
        """Run ``op`` on the database under the lock; on an SQLite error degrade and return ``default``."""
        with self._lock:
            for _ in range(2):
                if self._db is None or not self.readable or (write and not self.writable):
                    return default
                try:
                    return op(self._db)
                except sqlite3.Error as exc:
                    try:
                        self._db.rollback()
                    except sqlite3.Error:
                        pass
                    if not self._degrade(exc):
                        return default
            return default

    # ------------------------------------------------------------------ reading
    def get(self, key: str) -> CachedResponse | None:
        """The stored response for ``key`` if it has not expired."""
        row = self._run(lambda db: db.execute(f"SELECT {_COLUMNS} FROM responses WHERE key = ?", (key,)).fetchone(),
                        None)
        if row is None:
            return None
        hit = CachedResponse(*row)
        return hit if hit.expires > self._clock() else None

    def get_many(self, keys: list[str]) -> dict[str, CachedResponse]:
        """The unexpired responses for several keys at once (one query per 500 keys)."""
        out: dict[str, CachedResponse] = {}
        now = self._clock()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT {_COLUMNS} FROM responses WHERE key IN ({marks})"
            empty: list[tuple[str, int, str, str, str, float, float]] = []

            def select(db: sqlite3.Connection, q: str = query, c: list[str] = chunk) -> list[Any]:
                return db.execute(q, c).fetchall()

            rows = self._run(select, empty)
            for row in rows:
                hit = CachedResponse(*row)
                if hit.expires > now:
                    out[hit.key] = hit
        return out

    # ------------------------------------------------------------------ writing
    def put(self, key: str, *, status: int, content_type: str, body: str, url: str, ttl: float) -> None:
        """Store a validated response for ``ttl`` seconds."""
        if status not in (200, 404):
            raise ValueError(f"refusing to cache status {status}")
        now = self._clock()

        def op(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (key, status, content_type, body, url, now, now + ttl))
            db.commit()

        self._run(op, None, write=True)

    def put_many(self, rows: list[tuple[str, str, str, str]], *, ttl: float) -> None:
        """Store several 200 responses, each ``(key, content_type, body, url)``, in one transaction."""
        now = self._clock()

        def op(db: sqlite3.Connection) -> None:
            db.executemany("INSERT OR REPLACE INTO responses VALUES (?, 200, ?, ?, ?, ?, ?)",
                           [(k, ct, body, url, now, now + ttl) for k, ct, body, url in rows])
            db.commit()

        self._run(op, None, write=True)

    def delete(self, key: str) -> None:
        """Forget one stored response (an entry that no longer passes validation)."""
        def op(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM responses WHERE key = ?", (key,))
            db.commit()

        self._run(op, None, write=True)

    def keys(self) -> list[str]:
        """Every stored key, expired or not (for tests and ``cache info``)."""
        return self._run(lambda db: [r[0] for r in db.execute("SELECT key FROM responses ORDER BY key")], [])

    def statuses(self) -> dict[str, int]:
        """Every stored key with its status."""
        return self._run(lambda db: dict(db.execute("SELECT key, status FROM responses").fetchall()), {})

    def clear(self) -> None:
        """Delete every row."""
        def op(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM responses")
            db.commit()

        self._run(op, None, write=True)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                except sqlite3.Error:
                    pass
                self._db = None
