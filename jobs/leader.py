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

from sqlalchemy import Connection, Engine, or_, text, update
from sqlalchemy.exc import DBAPIError

from lifecycle.clock import now_utc
from lifecycle.errors import ConflictError
from lifecycle.reminders.model import SchedulerLease
from lifecycle.reminders.repository import insert_or_ignore
from lifecycle.uow import UnitOfWork

# "wksh" + 1: the advisory lock key of the workshops scheduler.
ADVISORY_KEY = 0x776B7368_0001
LEASE_NAME = "scheduler"


class AdvisoryLock:
    """``pg_try_advisory_lock`` held on a dedicated connection: it dies with the process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.conn: Connection | None = None

    def acquire(self) -> bool:
        if self.conn is not None:
            return self.still_held()
        conn = self.engine.connect()
        with contextlib.suppress(DBAPIError):
            if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar():
                conn.commit()
                self.conn = conn
                return True
        conn.close()
        return False

    def still_held(self) -> bool:
        """A session-level advisory lock lasts as long as its session: held while it answers."""
        if self.conn is None:
            return False
        try:
            self.conn.execute(text("SELECT 1"))
            self.conn.commit()
        except DBAPIError:
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self.conn is None:
            return
        with contextlib.suppress(DBAPIError):  # else the connection is gone, and the lock with it
            self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
            self.conn.commit()
        self._drop()

    def _drop(self) -> None:
        with contextlib.suppress(DBAPIError):
            if self.conn is not None:
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

    def acquire(self) -> bool:
        """Take or renew the lease unless another holder's lease is still running."""
        now = self.clock()
        until = now + self.lease
        row = {"name": LEASE_NAME, "holder": self.holder, "expires_at": until, "acquired_at": now}
        mine_or_expired = or_(SchedulerLease.holder == self.holder, SchedulerLease.expires_at < now)
        take = (
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE_NAME, mine_or_expired)
            .values(holder=self.holder, expires_at=until)
        )
        try:
            with self.uow_factory() as uow:
                uow.session.execute(insert_or_ignore(uow.session, SchedulerLease.__table__), [row])
                taken = uow.session.execute(take, execution_options={"synchronize_session": False})
                uow.commit()
        except ConflictError:
            return False
        return bool(getattr(taken, "rowcount", 0))

    def still_held(self) -> bool:
        return self.acquire()

    def release(self) -> None:
        """Give the lease up at once (a clean shutdown)."""
        with self.uow_factory() as uow:
            lease = uow.session.get(SchedulerLease, LEASE_NAME)
            if lease is not None and lease.holder == self.holder:
                uow.session.delete(lease)
            uow.commit()


LeaderLock = AdvisoryLock | LeaseLock


def leader_lock(
    engine: Engine, uow_factory: Callable[[], UnitOfWork], lease_seconds: int
) -> LeaderLock:
    """The advisory lock on PostgreSQL, the lease row elsewhere."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    return LeaseLock(uow_factory, lease_seconds)
