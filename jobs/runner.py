"""The scheduler process: passive until it leads, then runs the registry; steps down if it loses
the lease row (one per database, every backend) or the database stops answering."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import or_, update
from sqlalchemy.exc import InterfaceError, OperationalError

from jobs.tasks import JobContext, add_jobs
from lifecycle.clock import now_utc
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.db.rows import insert_on_conflict
from lifecycle.errors import ConflictError
from lifecycle.reminders.model import SchedulerLease
from lifecycle.uow import UnitOfWork
from notifications.delivery import drainer_from_settings

LEASE_NAME = "scheduler"
DOWN = (OperationalError, InterfaceError)  # the database not answering (down, restarted, gone)


class LeaseLock:
    """A lease row renewed by the leader; a standby takes over once it has expired."""

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
                lease = insert_on_conflict(uow.session, SchedulerLease.__table__)
                uow.session.execute(lease.on_conflict_do_nothing(), [row])
                taken = uow.session.execute(take, execution_options={"synchronize_session": False})
                uow.commit()
        except ConflictError:
            return False
        return bool(getattr(taken, "rowcount", 0))

    def release(self) -> None:
        """Give the lease up at once (a clean shutdown)."""
        with self.uow_factory() as uow:
            lease = uow.session.get(SchedulerLease, LEASE_NAME)
            if lease is not None and lease.holder == self.holder:
                uow.session.delete(lease)
            uow.commit()


log = logging.getLogger("workshops.scheduler")
STANDING_BY = "数据库无法使用（%s）：已停止运行任务，转为待命，每 %g 秒重试取得调度主控锁"
ANSWERING = "数据库已恢复：重新争取调度主控锁"


class SchedulerRunner:
    """Leader election around one BackgroundScheduler; ``run`` blocks until ``stop``."""

    def __init__(self, ctx: JobContext, lock: LeaseLock, poll_seconds: float) -> None:
        self.ctx = ctx
        self.lock = lock
        self.poll_seconds = poll_seconds
        self.scheduler: BackgroundScheduler | None = None
        self.stopping = threading.Event()
        self.down = False  # the last round found the database not answering

    def _stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None

    def tick(self) -> None:
        """One election round: take over when free, step down when leadership is lost or the
        database does not answer (no job runs without a lease); tried again the next round."""
        was_down, self.down = self.down, False
        try:
            held = self.lock.acquire()  # renews the lease while it is held
        except DOWN as err:
            held, self.down = False, True
            if not was_down:  # once an outage: the next rounds try again quietly
                log.warning(STANDING_BY, err, self.poll_seconds)
        if was_down and not self.down:
            log.warning(ANSWERING)
        if held and self.scheduler is None:
            scheduler = BackgroundScheduler(timezone=ZoneInfo(self.ctx.settings.timezone))
            add_jobs(scheduler, self.ctx)
            scheduler.start()
            self.scheduler = scheduler
            log.info("scheduler active")
        elif not held and self.scheduler is not None:
            log.warning("scheduler lost leadership; standing by")
            self._stop_scheduler()

    def run(self) -> None:
        """Elect and run until ``stop``."""
        try:
            while not self.stopping.is_set():
                self.tick()
                self.stopping.wait(self.poll_seconds)
        finally:
            self._stop_scheduler()
            with suppress(*DOWN):  # not answering: the lease runs out by itself
                self.lock.release()

    def stop(self) -> None:
        self.stopping.set()


def build_runner(settings: Settings) -> SchedulerRunner:
    """A runner on the configured database and mail server (nothing connects until ``run``)."""
    engine = make_engine(settings.database_url)
    uow_factory = partial(UnitOfWork, make_session_factory(engine))
    ctx = JobContext(settings, uow_factory, drainer_from_settings(settings, uow_factory))
    lock = LeaseLock(uow_factory, settings.scheduler_lease_seconds)
    return SchedulerRunner(ctx, lock, poll_seconds=max(settings.scheduler_lease_seconds / 3, 1))


def start_in_background(settings: Settings) -> tuple[SchedulerRunner, threading.Thread]:
    """Run the scheduler inside another process (``scheduler_in_service``), in a daemon thread."""
    runner = build_runner(settings)
    thread = threading.Thread(target=runner.run, name="workshops-scheduler", daemon=True)
    thread.start()
    return runner, thread
