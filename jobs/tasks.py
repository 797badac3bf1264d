"""The jobs, each calling one lifecycle service with the trigger's date in a unit of work, and
every trigger of the scheduler (DOMAIN.md §6). A job-run row claims a job for a date in the
transaction doing its work: a rerun or a second scheduler finds it and does nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined

from lifecycle.clock import now_utc
from lifecycle.config import Settings
from lifecycle.funding.audit import AUDIT_JOB, SYSTEM_AUDITOR, AuditReport, run_audit
from lifecycle.occasions import index as occasion_index
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import SWEEP_JOB, SweepResult, sweep
from lifecycle.scope import EVERYTHING
from lifecycle.submissions.service import prune_submissions
from lifecycle.uow import UnitOfWork
from notifications.delivery import Drainer, DrainReport

log = logging.getLogger("workshops.jobs")
DEMO_DAYS = 7


def run_sweep(
    uow: UnitOfWork, as_of: date, *, policy: ReminderPolicy, now: datetime, detail: bool = True
) -> SweepResult:
    """The sweep for ``as_of`` at most once: a job-run claim row in the same transaction, which
    keeps how many items and digests it wrote."""
    if not uow.reminders.claim_run(SWEEP_JOB, as_of, now):
        return SweepResult(as_of, 0, (), already_ran=True)
    result = sweep(uow, as_of, policy=policy, now=now, detail=detail)
    uow.reminders.record_run(
        SWEEP_JOB, as_of, items=result.items_created, messages=len(result.digests)
    )
    return result


def dates_to_sweep(uow: UnitOfWork, today: date, catch_up_days: int) -> list[date]:
    """Today, plus the dates after the last sweep's, at most ``catch_up_days`` back (missed)."""
    last = uow.reminders.last_run_date(SWEEP_JOB)
    if last is None or catch_up_days <= 0:
        return [today]
    since = max(last + timedelta(days=1), today - timedelta(days=catch_up_days))
    return [since + timedelta(days=n) for n in range((today - since).days + 1)] or [today]


def sweep_last_week(
    uow_factory: Callable[[], UnitOfWork], as_of: date, *, policy: ReminderPolicy, now: datetime
) -> int:
    """The sweeps of the last ``DEMO_DAYS`` days (each at most once) for the demo's 「我的提醒」;
    how many reminder items were written."""
    written = 0
    for k in range(DEMO_DAYS - 1, -1, -1):
        with uow_factory() as uow:
            day = as_of - timedelta(days=k)
            written += run_sweep(uow, day, policy=policy, now=now).items_created
            uow.commit()
    return written


@dataclass
class JobContext:
    """What every job needs, built once at the edge."""

    settings: Settings
    uow_factory: Callable[[], UnitOfWork]
    drainer: Drainer
    clock: Callable[[], datetime] = field(default=now_utc)


def due_day(ctx: JobContext, at: str) -> date:
    """The day the daily time ``at`` last fell due (service's zone): a run's day, however late."""
    local = ctx.clock().astimezone(ZoneInfo(ctx.settings.timezone))
    return local.date() - timedelta(days=int(local.time() < time.fromisoformat(at)))


def daily_sweep(ctx: JobContext) -> list[SweepResult]:
    """Sweep the due day, and any recent date a sweep was missed for (DOMAIN.md §6); again for
    a day that fell due while it ran (its fire skipped: one at a time)."""
    now = ctx.clock()
    today = due_day(ctx, ctx.settings.sweep_time)
    with ctx.uow_factory() as uow:
        # The occasion index must reach the reminders' horizon; a rebuild is rare (see index.py).
        built = occasion_index.ensure(uow, today, now)
        pruned = prune_submissions(uow, now)  # one-time form keys past their 30 days
        days = dates_to_sweep(uow, today, ctx.settings.sweep_catch_up_days)
        uow.commit()
    log.info("form keys pruned: %d", pruned)
    if built is not None:
        log.info("occasion index rebuilt through %s: %d entries", built.through, built.entries)
    policy = ReminderPolicy.from_settings(ctx.settings)
    results = []
    for day in days:
        with ctx.uow_factory() as uow:
            result = run_sweep(uow, day, policy=policy, now=now, detail=False)
            uow.commit()
        log.info(
            "sweep %s: %d items, %d digests%s",
            day,
            result.items_created,
            len(result.digests),
            " (already ran)" if result.already_ran else "",
        )
        results.append(result)
    return daily_sweep(ctx) if due_day(ctx, ctx.settings.sweep_time) != today else results


def run_daily_audit(uow: UnitOfWork, as_of: date, *, now: datetime) -> AuditReport | None:
    """The full 专款专用 audit of the whole registry as of ``as_of`` at most once (a job-run claim
    in the same transaction): findings that only time brings (配套 not paid in its period, an
    end dated back) appear without anyone's write; None when it already ran for that date."""
    if not uow.reminders.claim_run(AUDIT_JOB, as_of, now):
        return None
    # The whole registry: the system's scope, named here rather than defaulted.
    report = run_audit(uow, as_of=as_of, actor=SYSTEM_AUDITOR, scope=EVERYTHING)
    uow.reminders.record_run(AUDIT_JOB, as_of, items=report.stored, messages=0)
    return report


def daily_audit(ctx: JobContext) -> AuditReport | None:
    """Audit every designation's money as of the due day, again for one due meanwhile [Y16][S10]."""
    now, day = ctx.clock(), due_day(ctx, ctx.settings.audit_time)
    with ctx.uow_factory() as uow:
        report = run_daily_audit(uow, day, now=now)
        uow.commit()
    if report is not None:
        log.info(
            "funding audit %s: %d designations, %d new findings, %d closed",
            report.as_of,
            report.designations,
            report.stored,
            len(report.closed),
        )
    return daily_audit(ctx) if due_day(ctx, ctx.settings.audit_time) != day else report


def outbox_drain(ctx: JobContext) -> DrainReport:
    """Send what the outbox holds that is due."""
    report = ctx.drainer.drain(ctx.clock)
    if report.sent or report.retried or report.failed or report.withdrawn:
        counts = (report.sent, report.retried, report.failed, report.withdrawn)
        log.info("drain: %d sent, %d to retry, %d failed, %d withdrawn", *counts)
    return report


def add_jobs(scheduler: BaseScheduler, ctx: JobContext) -> None:
    """Register every job (coalesced, one at a time): the audit and the sweep daily at
    ``audit_time`` and ``sweep_time`` in the service's zone, each at once on start-up, for its
    day, if the last one due did not run and is within the grace; the drain every minute."""
    settings = ctx.settings
    zone = ZoneInfo(settings.timezone)
    common: dict[str, Any] = {
        "args": [ctx],
        "coalesce": True,
        "max_instances": 1,
        "replace_existing": True,
    }
    for job, func, at in (
        (AUDIT_JOB, daily_audit, settings.audit_time),
        (SWEEP_JOB, daily_sweep, settings.sweep_time),
    ):
        daily = time.fromisoformat(at)
        fire = datetime.combine(due_day(ctx, at), daily, tzinfo=zone)  # last due, up to now
        with ctx.uow_factory() as uow:
            ran = fire.date() in uow.reminders.run_dates(job, fire.date())
        scheduler.add_job(
            func,
            trigger=CronTrigger(hour=daily.hour, minute=daily.minute, timezone=zone),
            id=job,
            name=job,
            misfire_grace_time=settings.sweep_misfire_grace_seconds,
            next_run_time=undefined if ran else fire,
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
