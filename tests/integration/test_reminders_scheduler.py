"""Exactly one active scheduler per database, by one lease row on every backend: a standby stays
passive and takes over (§6)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from jobs.runner import LeaseLock, SchedulerRunner
from jobs.tasks import JobContext
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from notifications.delivery import drainer_from_settings

T0 = datetime(2026, 3, 8, 1, 0, tzinfo=UTC)


class Process:
    """One scheduler process: its own engine, lock and runner."""

    def __init__(self, url: str, lease_seconds: int = 30) -> None:
        self.engine = make_engine(url)
        factory = make_session_factory(self.engine)
        self.uow_factory = lambda: UnitOfWork(factory)
        # Port 9 (discard) on localhost: nothing listens, a drain would only back off.
        settings = Settings(database_url=url, smtp_port=9, scheduler_lease_seconds=lease_seconds)
        ctx = JobContext(
            settings, self.uow_factory, drainer_from_settings(settings, self.uow_factory)
        )
        self.lock = LeaseLock(self.uow_factory, lease_seconds)
        self.runner = SchedulerRunner(ctx, self.lock, poll_seconds=0.1)

    def die(self) -> None:
        """The process vanishes: its scheduler stops, its connections close, nothing unlocks."""
        self.runner._stop_scheduler()
        self.engine.dispose()


def test_a_second_scheduler_stays_passive_and_takes_over_when_the_first_dies(fresh_database_url):
    first, second = Process(fresh_database_url, lease_seconds=1), Process(fresh_database_url, 1)
    try:
        first.runner.tick()
        second.runner.tick()
        assert first.runner.scheduler is not None
        assert second.runner.scheduler is None
        first.runner.tick()  # renews
        assert first.runner.scheduler is not None
        first.die()
        second.lock.clock = lambda: datetime.now(UTC) + timedelta(seconds=2)  # the lease ran out
        for _ in range(50):  # the standby polls
            second.runner.tick()
            if second.runner.scheduler is not None:
                break
            time.sleep(0.1)
        assert second.runner.scheduler is not None
    finally:
        for p in (first, second):
            p.runner._stop_scheduler()
            p.engine.dispose()


def test_the_lease_row_is_taken_renewed_and_lost(fresh_database_url):
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    now = [T0]
    a = LeaseLock(lambda: UnitOfWork(factory), 60, holder="a", clock=lambda: now[0])
    b = LeaseLock(lambda: UnitOfWork(factory), 60, holder="b", clock=lambda: now[0])
    try:
        assert a.acquire()
        now[0] = T0 + timedelta(seconds=50)
        assert not b.acquire()
        assert a.acquire()  # renewed until T0 + 110 s
        now[0] = T0 + timedelta(seconds=100)
        assert not b.acquire()
        now[0] = T0 + timedelta(seconds=111)
        assert b.acquire()
        assert not a.acquire()
        b.release()
        assert a.acquire()
    finally:
        engine.dispose()
