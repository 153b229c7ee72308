"""A persistent HTTP response cache in SQLite, storing JSON and text, never pickles.

One row per request (method, URL, Accept): status, content type, body text and an expiry time.
Only responses the HTTP layer has validated are stored: 200s with the right content type that
parsed, and 404s with a short TTL. 5xx, 429, timeouts and bad bodies are never written.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


class ResponseCache:
    """A thread-safe SQLite cache. ``path=None`` keeps it in memory (for one process)."""

    def __init__(self, path: Path | str | None, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path) if self.path else ":memory:", check_same_thread=False)
        with self._lock:
            if self.path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()

    def get(self, key: str) -> CachedResponse | None:
        """The stored response for ``key`` if it has not expired."""
        with self._lock:
            row = self._db.execute(
                "SELECT key, status, content_type, body, url, stored, expires FROM responses WHERE key = ?", (key,)
            ).fetchone()
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
            with self._lock:
                rows = self._db.execute(
                    "SELECT key, status, content_type, body, url, stored, expires FROM responses "
                    f"WHERE key IN ({marks})", chunk,
                ).fetchall()
            for row in rows:
                hit = CachedResponse(*row)
                if hit.expires > now:
                    out[hit.key] = hit
        return out

    def put(self, key: str, *, status: int, content_type: str, body: str, url: str, ttl: float) -> None:
        """Store a validated response for ``ttl`` seconds."""
        if status not in (200, 404):
            raise ValueError(f"refusing to cache status {status}")
        now = self._clock()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, status, content_type, body, url, now, now + ttl),
            )
            self._db.commit()

    def put_many(self, rows: list[tuple[str, str, str, str]], *, ttl: float) -> None:
        """Store several 200 responses, each ``(key, content_type, body, url)``, in one transaction."""
        now = self._clock()
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO responses VALUES (?, 200, ?, ?, ?, ?, ?)",
                [(k, ct, body, url, now, now + ttl) for k, ct, body, url in rows],
            )
            self._db.commit()

    def keys(self) -> list[str]:
        """Every stored key, expired or not (for tests and ``cache info``)."""
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT key FROM responses ORDER BY key")]

    def statuses(self) -> dict[str, int]:
        """Every stored key with its status."""
        with self._lock:
            return dict(self._db.execute("SELECT key, status FROM responses").fetchall())

    def clear(self) -> None:
        """Delete every row."""
        with self._lock:
            self._db.execute("DELETE FROM responses")
            self._db.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
