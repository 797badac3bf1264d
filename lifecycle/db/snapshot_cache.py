"""Results of read-only questions, reused only while the database has provably not changed.

A cached answer is kept with the database version it was computed under and is served again only
when the current read-only transaction sees that same version, read from the database itself on
every use, so several service instances (or any other writer) can never be served a stale answer:

- PostgreSQL: ``pg_current_snapshot()``. Equal snapshots (xmin, xmax, in-progress ids) mean that no
  transaction wrote anything or finished in between: every row reads the same. The version is read
  before the answer's queries (READ COMMITTED takes a fresh snapshot per statement), so an answer
  is never older than its version.
- SQLite: ``PRAGMA data_version`` on a connection that never writes moves whenever anyone
  commits (``lifecycle.db.engine.DataVersion``). It is read just before each read-only
  transaction begins, so again an answer is never older than its version.

Only read-only units of work on an engine (``UnitOfWork(read_only=True)``) use the cache; anything
else computes afresh. Access checks are not cached: callers check scope and credentials first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from lifecycle.db.engine import READ_ONLY, SNAPSHOT_VERSION

T = TypeVar("T")

MAX_ENTRIES = 512


class SnapshotCache:
    """``get(session, key, compute)``: the answer for ``key``, recomputed when the data moved."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[Any, Any]] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        self.enabled = True  # off: always compute (benchmarks measure the uncached path so)

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer when the database version is unchanged, else ``compute()``."""
        version = self._version(session) if self.enabled else None
        if version is None:
            return compute()
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            with self._lock:
                computing = self._computing.setdefault(key, threading.Lock())
            # One computation per key at a time: requests arriving meanwhile wait for it and
            # reuse it when they read the same version (after a commit, not every reader
            # recomputes).
            with computing:
                entry = self._entries.get(key)
                if entry is None or entry[0] != version:
                    self.misses += 1
                    value = compute()
                    self._store(key, (version, value))
                    return value
        self.hits += 1
        return cast(T, entry[1])

    def _store(self, key: Hashable, entry: tuple[Any, Any]) -> None:
        with self._lock:
            if key not in self._entries and len(self._entries) >= self.max_entries:
                oldest = next(iter(self._entries))
                del self._entries[oldest]
                self._computing.pop(oldest, None)
            self._entries[key] = entry

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._computing.clear()

    @staticmethod
    def _version(session: Session) -> Hashable | None:
        """The database version this transaction reads, or None: do not cache."""
        if not session.info.get(READ_ONLY):
            return None
        conn: Connection = session.connection()
        if not conn.get_execution_options().get(READ_ONLY):
            return None  # e.g. a session joined to an outer connection (tests): never cached
        dialect = conn.dialect.name
        if dialect == "postgresql":
            snapshot: str = conn.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one()
            return snapshot
        if dialect == "sqlite":
            version: int | None = conn.info.get(SNAPSHOT_VERSION)
            return version
        return None
