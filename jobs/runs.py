"""Job runs: which dates a job ran for (DOMAIN.md §6).

A job-run row is the claim on one job for one date, written in the transaction that does the
job's work: a rerun or a second scheduler finds it and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import SWEEP_JOB, SweepResult, sweep
from lifecycle.uow import UnitOfWork

DEMO_DAYS = 7


def run_sweep(
    uow: UnitOfWork, as_of: date, *, policy: ReminderPolicy, now: datetime, detail: bool = True
) -> SweepResult:
    """The sweep for ``as_of`` at most once: a job-run claim row in the same transaction."""
    if not uow.reminders.claim_run(SWEEP_JOB, as_of, now):
        return SweepResult(as_of, 0, (), already_ran=True)
    return sweep(uow, as_of, policy=policy, now=now, detail=detail)


def dates_to_sweep(uow: UnitOfWork, today: date, catch_up_days: int) -> list[date]:
    """Today, plus the last ``catch_up_days`` dates no sweep ran for (missed while down)."""
    last = uow.reminders.last_run_date(SWEEP_JOB)
    if last is None or catch_up_days <= 0:
        return [today]
    since = max(last + timedelta(days=1), today - timedelta(days=catch_up_days))
    done = uow.reminders.run_dates(SWEEP_JOB, since)
    days = [since + timedelta(days=n) for n in range((today - since).days + 1)]
    return [d for d in days if d not in done] or [today]


def sweep_last_week(
    uow_factory: Callable[[], UnitOfWork], as_of: date, *, policy: ReminderPolicy, now: datetime
) -> int:
    """The demo's last week of sweeps, so that each demo user's 「我的提醒」 shows something: the
    sweep for each of the last ``DEMO_DAYS`` days (each date at most once, as the scheduler would
    have); returns how many reminder items were written."""
    written = 0
    for k in range(DEMO_DAYS - 1, -1, -1):
        with uow_factory() as uow:
            day = as_of - timedelta(days=k)
            written += run_sweep(uow, day, policy=policy, now=now).items_created
            uow.commit()
    return written
