"""Every trigger of the scheduler, declared in one place (DOMAIN.md §6)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined

from jobs.runs import JobRuns
from jobs.tasks import JobContext, daily_sweep, outbox_drain
from lifecycle.config import Settings
from lifecycle.reminders.service import SWEEP_JOB


def sweep_time(settings: Settings) -> time:
    """The configured daily sweep time (HH:MM)."""
    return time.fromisoformat(settings.sweep_time)


def sweep_trigger(settings: Settings) -> BaseTrigger:
    """Every day at ``sweep_time`` (default 07:30) in the service's time zone."""
    at = sweep_time(settings)
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=ZoneInfo(settings.timezone))


def drain_trigger(settings: Settings) -> BaseTrigger:
    """Every minute."""
    return IntervalTrigger(minutes=1, timezone=ZoneInfo(settings.timezone))


def last_sweep_fire(settings: Settings, now: datetime) -> datetime:
    """The most recent scheduled sweep time at or before ``now``."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    fire = datetime.combine(local.date(), sweep_time(settings), tzinfo=local.tzinfo)
    return fire if fire <= local else fire - timedelta(days=1)


def sweep_first_run(ctx: JobContext) -> Any:
    """On start-up, a sweep missed while down is due at once (misfire grace + coalesce run it
    once); otherwise the trigger decides."""
    fire = last_sweep_fire(ctx.settings, ctx.clock())
    with ctx.uow_factory() as uow:
        ran = JobRuns(uow.session).dates(SWEEP_JOB, fire.date())
    return undefined if fire.date() in ran else fire


def drain_first_run(ctx: JobContext) -> Any:
    """The outbox is drained right after start-up."""
    return ctx.clock()


@dataclass(frozen=True)
class JobSpec:
    """One job: its id, callable, trigger, misfire grace and first run."""

    id: str
    func: Callable[[JobContext], object]
    trigger: Callable[[Settings], BaseTrigger]
    misfire_grace_time: Callable[[Settings], int]
    first_run: Callable[[JobContext], Any]


JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        id="reminder_sweep",
        func=daily_sweep,
        trigger=sweep_trigger,
        misfire_grace_time=lambda s: s.sweep_misfire_grace_seconds,
        first_run=sweep_first_run,
    ),
    JobSpec(
        id="outbox_drain",
        func=outbox_drain,
        trigger=drain_trigger,
        misfire_grace_time=lambda _s: 50,
        first_run=drain_first_run,
    ),
)


def add_jobs(scheduler: BaseScheduler, ctx: JobContext) -> None:
    """Register every job; coalesce, one instance at a time."""
    for spec in JOBS:
        scheduler.add_job(
            spec.func,
            trigger=spec.trigger(ctx.settings),
            args=[ctx],
            id=spec.id,
            name=spec.id,
            misfire_grace_time=spec.misfire_grace_time(ctx.settings),
            coalesce=True,
            max_instances=1,
            next_run_time=spec.first_run(ctx),
            replace_existing=True,
        )
