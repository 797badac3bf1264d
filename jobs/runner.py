"""The scheduler process: passive until it leads, then runs the registry; steps down if it loses."""

from __future__ import annotations

import logging
import threading
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from jobs.leader import LeaderLock, leader_lock
from jobs.tasks import JobContext, add_jobs
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from notifications.delivery import drainer_from_settings

log = logging.getLogger("workshops.scheduler")


class SchedulerRunner:
    """Leader election around one BackgroundScheduler; ``run`` blocks until ``stop``."""

    def __init__(self, ctx: JobContext, lock: LeaderLock, poll_seconds: float) -> None:
        self.ctx = ctx
        self.lock = lock
        self.poll_seconds = poll_seconds
        self.scheduler: BackgroundScheduler | None = None
        self.stopping = threading.Event()

    @property
    def active(self) -> bool:
        return self.scheduler is not None

    def _start(self) -> None:
        scheduler = BackgroundScheduler(timezone=ZoneInfo(self.ctx.settings.timezone))
        add_jobs(scheduler, self.ctx)
        scheduler.start()
        self.scheduler = scheduler
        log.info("scheduler active")

    def _stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None

    def tick(self) -> None:
        """One election round: take over when free, step down when leadership is lost."""
        if self.scheduler is None:
            if self.lock.acquire():
                self._start()
        elif not self.lock.still_held():
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
            self.lock.release()

    def stop(self) -> None:
        self.stopping.set()


def build_runner(settings: Settings) -> SchedulerRunner:
    """A runner on the configured database and mail server (nothing connects until ``run``)."""
    engine = make_engine(settings.database_url)
    uow_factory = partial(UnitOfWork, make_session_factory(engine))
    ctx = JobContext(settings, uow_factory, drainer_from_settings(settings, uow_factory))
    lock = leader_lock(engine, uow_factory, settings.scheduler_lease_seconds)
    return SchedulerRunner(ctx, lock, poll_seconds=max(settings.scheduler_lease_seconds / 3, 1))


def start_in_background(settings: Settings) -> tuple[SchedulerRunner, threading.Thread]:
    """Run the scheduler inside another process (``scheduler_in_service``), in a daemon thread."""
    runner = build_runner(settings)
    thread = threading.Thread(target=runner.run, name="workshops-scheduler", daemon=True)
    thread.start()
    return runner, thread
