"""Every trigger of the scheduler, declared in one place (DOMAIN.md §6)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined

from jobs.tasks import JobContext, daily_sweep, outbox_drain
from lifecycle.reminders.service import SWEEP_JOB


def add_jobs(scheduler: BaseScheduler, ctx: JobContext) -> None:
    """Register every job; coalesce, one instance at a time.

    The sweep runs every day at ``sweep_time`` (default 07:30) in the service's time zone; on
    start-up a sweep missed while down is due at once (misfire grace + coalesce run it once),
    otherwise the trigger decides. The outbox is drained every minute, and right after start-up.
    """
    settings = ctx.settings
    zone = ZoneInfo(settings.timezone)
    at = time.fromisoformat(settings.sweep_time)
    local = ctx.clock().astimezone(zone)
    fire = datetime.combine(local.date(), at, tzinfo=local.tzinfo)  # the last one due by now
    if fire > local:
        fire -= timedelta(days=1)
    with ctx.uow_factory() as uow:
        swept = fire.date() in uow.reminders.run_dates(SWEEP_JOB, fire.date())
    common: dict[str, Any] = {
        "args": [ctx],
        "coalesce": True,
        "max_instances": 1,
        "replace_existing": True,
    }
    scheduler.add_job(
        daily_sweep,
        trigger=CronTrigger(hour=at.hour, minute=at.minute, timezone=zone),
        id=SWEEP_JOB,
        name=SWEEP_JOB,
        misfire_grace_time=settings.sweep_misfire_grace_seconds,
        next_run_time=undefined if swept else fire,
        **common,
    )
    scheduler.add_job(
        outbox_drain,
        trigger=IntervalTrigger(minutes=1, timezone=zone),
        id="outbox_drain",
        name="outbox_drain",
        misfire_grace_time=50,
        next_run_time=ctx.clock(),
        **common,
    )
