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

Edges that answer a request before opening any transaction read the version outside one with
``engine_version`` (a connection of its own per engine, never the pool) and use ``peek``/``put``
with it: the same rule, the version read before anything it labels. In an event loop,
``engine_version_async`` does the same on PostgreSQL without blocking the loop, and requests that
ask while a read is under way share the *next* read (one that starts after they asked, so it
still sees every commit made before them): one round trip serves a burst of requests.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Final, TypeVar, cast

import psycopg
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from lifecycle.db.engine import READ_ONLY, SNAPSHOT_VERSION, DataVersion

T = TypeVar("T")

MAX_ENTRIES = 512
MISSING: Final = object()  # ``peek`` found nothing for this version


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

    def peek(self, key: Hashable, version: Hashable | None) -> Any:
        """The answer stored for ``key`` under exactly ``version``, else ``MISSING``."""
        if version is None or not self.enabled:
            return MISSING
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            return MISSING
        self.hits += 1
        return entry[1]

    def put(self, key: Hashable, version: Hashable | None, value: Any) -> None:
        """Keep ``value`` for ``key`` under ``version``, read before ``value`` was computed."""
        if version is None or not self.enabled:
            return
        self.misses += 1
        self._store(key, (version, value))

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


class _PostgresVersion:
    """``pg_current_snapshot()`` on an autocommit connection of its own (one per engine)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = create_engine(engine.url, poolclass=StaticPool, isolation_level="AUTOCOMMIT")
        self._raw: Any = None
        self._lock = threading.Lock()

    def read(self) -> Hashable:
        with self._lock:
            try:
                if self._raw is None:
                    self._raw = self._engine.raw_connection()
                cursor = self._raw.cursor()
                try:
                    cursor.execute("SELECT pg_current_snapshot()::text")
                    return str(cursor.fetchone()[0])
                finally:
                    cursor.close()
            except Exception:
                raw, self._raw = self._raw, None  # connect afresh on the next read
                if raw is not None:
                    raw.invalidate()
                raise

    def close(self) -> None:
        with self._lock:
            self._raw = None
            self._engine.dispose()


class _SqliteVersion(DataVersion):
    def close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()


_readers: weakref.WeakKeyDictionary[Engine, _PostgresVersion | _SqliteVersion] = (
    weakref.WeakKeyDictionary()
)
_readers_lock = threading.Lock()


def engine_version(bind: Any) -> Hashable | None:
    """The version of the database behind ``bind`` read outside any transaction, or None
    (not an engine of its own, e.g. a test's connection: nothing may be cached then)."""
    if not isinstance(bind, Engine):
        return None
    reader = _readers.get(bind) or _reader_for(bind)
    return None if reader is None else reader.read()


def _reader_for(engine: Engine) -> _PostgresVersion | _SqliteVersion | None:
    with _readers_lock:
        found = _readers.get(engine)
        if found is not None:
            return found
        database = engine.url.database
        reader: _PostgresVersion | _SqliteVersion
        if engine.dialect.name == "postgresql":
            reader = _PostgresVersion(engine)
        elif (
            engine.dialect.name == "sqlite"
            and database
            and database != ":memory:"
            and not engine.url.query
        ):
            reader = _SqliteVersion(database)
        else:
            return None
        _readers[engine] = reader
        # Disposing of the engine closes its reader too (a test drops its database after).
        event.listen(engine, "engine_disposed", _forget)
        return reader


def _forget(engine: Engine) -> None:
    with _readers_lock:
        reader = _readers.pop(engine, None)
    if reader is not None:
        reader.close()


SNAPSHOT_SQL = "SELECT pg_current_snapshot()::text"  # the async read's statement


class _AsyncPostgresVersion:
    """``pg_current_snapshot()`` on an async autocommit connection of one event loop's own.

    Callers join the next read that has not started yet; the runner starts it as soon as the
    read under way (if any) has finished. A read thus always starts after each of its callers
    asked, so its snapshot is at least as new as anything committed before they asked.
    """

    def __init__(self, engine: Engine) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(False)
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._next: asyncio.Future[str] | None = None
        self._runner: asyncio.Task[None] | None = None

    async def read(self) -> str:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
            if self._runner is None or self._runner.done():
                self._runner = asyncio.ensure_future(self._run())
        return await asyncio.shield(self._next)

    async def _run(self) -> None:
        while self._next is not None:
            waiting, self._next = self._next, None
            try:
                value = await self._query()
            except Exception as err:  # every caller of this read gets the failure
                waiting.set_exception(err)
                waiting.exception()  # retrieved: a read nobody awaits any more stays quiet
            else:
                waiting.set_result(value)

    async def _query(self) -> str:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
            cursor = await self._conn.execute(SNAPSHOT_SQL, prepare=True)
            row = await cursor.fetchone()
            assert row is not None
            return str(row[0])
        except Exception:
            self.close()  # connect afresh on the next read
            raise

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            conn.pgconn.finish()  # synchronous: the engine may be disposed outside its loop


# engine → event loop → its reader (an async connection belongs to the loop that made it).
_async_readers: weakref.WeakKeyDictionary[
    Engine, weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _AsyncPostgresVersion]
] = weakref.WeakKeyDictionary()


async def engine_version_async(bind: Any) -> Hashable | None:
    """``engine_version`` for a coroutine: on PostgreSQL read without blocking the event loop
    and shared by the requests that asked while a read was under way (see the module)."""
    if not isinstance(bind, Engine) or bind.dialect.name != "postgresql":
        return engine_version(bind)
    loop = asyncio.get_running_loop()
    with _readers_lock:
        per_loop = _async_readers.get(bind)
        if per_loop is None:
            per_loop = _async_readers[bind] = weakref.WeakKeyDictionary()
            event.listen(bind, "engine_disposed", _forget_async)
        reader = per_loop.get(loop)
        if reader is None:
            reader = per_loop[loop] = _AsyncPostgresVersion(bind)
    return await reader.read()


def _forget_async(engine: Engine) -> None:
    with _readers_lock:
        per_loop = _async_readers.pop(engine, None)
    for reader in list(per_loop.values()) if per_loop is not None else []:
        reader.close()
