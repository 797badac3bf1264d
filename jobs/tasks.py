"""The jobs: each opens a unit of work, calls one lifecycle service with the trigger's date."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from jobs.runs import dates_to_sweep, run_sweep
from lifecycle.clock import now_utc, to_shanghai
from lifecycle.config import Settings
from lifecycle.occasions import index as occasion_index
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import SweepResult
from lifecycle.uow import UnitOfWork
from notifications.delivery import Drainer, DrainReport

log = logging.getLogger("workshops.jobs")


@dataclass
class JobContext:
    """What every job needs, built once at the edge."""

    settings: Settings
    uow_factory: Callable[[], UnitOfWork]
    drainer: Drainer
    clock: Callable[[], datetime] = field(default=now_utc)


def daily_sweep(ctx: JobContext) -> list[SweepResult]:
    """Sweep today (Asia/Shanghai) and any recent date a sweep was missed for (DOMAIN.md §6)."""
    now = ctx.clock()
    today = to_shanghai(now).date()
    with ctx.uow_factory() as uow:
        # The occasion index must reach the reminders' horizon; a rebuild is rare (see index.py).
        built = occasion_index.ensure(uow, today, now)
        uow.commit()
    if built is not None:
        log.info("occasion index rebuilt through %s: %d entries", built.through, built.entries)
    with ctx.uow_factory() as uow:
        days = dates_to_sweep(uow, today, ctx.settings.sweep_catch_up_days)
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
    return results


def outbox_drain(ctx: JobContext) -> DrainReport:
    """Send what the outbox holds that is due."""
    report = ctx.drainer.drain(ctx.clock)
    if report.sent or report.retried or report.failed:
        log.info(
            "drain: %d sent, %d to retry, %d failed", report.sent, report.retried, report.failed
        )
    return report
