"""The demo's last week of reminder sweeps: each demo user's 「我的提醒」 shows something."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from jobs.runs import run_sweep
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.uow import UnitOfWork

DAYS = 7


def sweep_last_week(
    uow_factory: Callable[[], UnitOfWork], as_of: date, *, policy: ReminderPolicy, now: datetime
) -> int:
    """Run the daily sweep for each of the last ``DAYS`` days (each date at most once, as the
    scheduler would have); returns how many reminder items were written."""
    written = 0
    for k in range(DAYS - 1, -1, -1):
        with uow_factory() as uow:
            day = as_of - timedelta(days=k)
            written += run_sweep(uow, day, policy=policy, now=now).items_created
            uow.commit()
    return written
