"""Exactly one active scheduler per database: an advisory lock (PostgreSQL) or a lease row.

Either lock: ``acquire`` becomes the leader if nobody is (True while this process leads),
``still_held`` tells whether this process still leads (renewing a lease), ``release`` gives
leadership up.
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from jobs.runs import JobRuns
from lifecycle.clock import now_utc
from lifecycle.errors import ConflictError
from lifecycle.uow import UnitOfWork

# "wksh" + 1: the advisory lock key of the workshops scheduler.
ADVISORY_KEY = 0x776B7368_0001
LEASE_NAME = "scheduler"


class AdvisoryLock:
    """``pg_try_advisory_lock`` held on a dedicated connection: it dies with the process."""

    def __init__(self, engine: Engine, key: int = ADVISORY_KEY) -> None:
        self.engine = engine
        self.key = key
        self.conn: Connection | None = None

    def acquire(self) -> bool:
        if self.conn is not None:
            return self.still_held()
        conn = self.engine.connect()
        try:
            got = bool(
                conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            )
            conn.commit()
        except DBAPIError:
            conn.close()
            return False
        if got:
            self.conn = conn
        else:
            conn.close()
        return got

    def still_held(self) -> bool:
        if self.conn is None:
            return False
        try:
            held = self.conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid()"
                    " AND ((classid::bigint << 32) | objid::bigint) = :k"
                ),
                {"k": self.key},
            ).scalar()
            self.conn.commit()
        except DBAPIError:
            self._drop()
            return False
        if not held:
            self._drop()
        return bool(held)

    def release(self) -> None:
        if self.conn is None:
            return
        with contextlib.suppress(DBAPIError):  # else the connection is gone, and the lock with it
            self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            self.conn.commit()
        self._drop()

    def _drop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(DBAPIError):
                self.conn.close()
        self.conn = None


class LeaseLock:
    """A lease row renewed by the leader; a standby takes over once it has expired (SQLite)."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        lease_seconds: int,
        *,
        holder: str | None = None,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.uow_factory = uow_factory
        self.lease = timedelta(seconds=lease_seconds)
        # host:pid:random — who holds the lease
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.clock = clock
        self.held = False

    def acquire(self) -> bool:
        now = self.clock()
        try:
            with self.uow_factory() as uow:
                self.held = JobRuns(uow.session).take_lease(
                    LEASE_NAME, self.holder, now, now + self.lease
                )
                uow.commit()
        except ConflictError:
            self.held = False
        return self.held

    def still_held(self) -> bool:
        return self.acquire()

    def release(self) -> None:
        with self.uow_factory() as uow:
            JobRuns(uow.session).drop_lease(LEASE_NAME, self.holder)
            uow.commit()
        self.held = False


LeaderLock = AdvisoryLock | LeaseLock


def leader_lock(
    engine: Engine, uow_factory: Callable[[], UnitOfWork], lease_seconds: int
) -> LeaderLock:
    """The advisory lock on PostgreSQL, the lease row elsewhere."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    return LeaseLock(uow_factory, lease_seconds)
