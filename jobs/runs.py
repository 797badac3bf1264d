"""Job runs: which dates a job ran for (DOMAIN.md §6).

A job-run row is the claim on one job for one date, written in the transaction that does the
job's work: a rerun or a second scheduler finds it and does nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lifecycle.reminders.model import JobRun
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.repository import insert_or_ignore
from lifecycle.reminders.service import SWEEP_JOB, SweepResult, sweep
from lifecycle.uow import UnitOfWork


class JobRuns:
    """Job-run claims, on the session of a unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, job: str, run_date: date, now: datetime) -> int | None:
        """Claim ``job`` for ``run_date``: its id, or None when another run already holds it."""
        stmt = insert_or_ignore(self.session, JobRun.__table__).returning(JobRun.__table__.c.id)
        row = {"job": job, "run_date": run_date, "started_at": now}
        row |= {"items_created": 0, "messages_created": 0}
        return self.session.scalars(stmt, [row]).first()

    def record(self, run_id: int, items: int, messages: int) -> None:
        """What a claimed run created."""
        stmt = update(JobRun).where(JobRun.id == run_id)
        self.session.execute(stmt.values(items_created=items, messages_created=messages))

    def last_date(self, job: str) -> date | None:
        """The latest date ``job`` ran for."""
        return self.session.scalar(select(func.max(JobRun.run_date)).where(JobRun.job == job))

    def dates(self, job: str, since: date) -> set[date]:
        """The dates ``job`` ran for since ``since``."""
        stmt = select(JobRun.run_date).where(JobRun.job == job, JobRun.run_date >= since)
        return set(self.session.scalars(stmt))


def run_sweep(
    uow: UnitOfWork, as_of: date, *, policy: ReminderPolicy, now: datetime, detail: bool = True
) -> SweepResult:
    """The sweep for ``as_of`` at most once: a job-run claim row in the same transaction."""
    runs = JobRuns(uow.session)
    run_id = runs.claim(SWEEP_JOB, as_of, now)
    if run_id is None:
        return SweepResult(as_of, 0, (), already_ran=True)
    result = sweep(uow, as_of, policy=policy, now=now, detail=detail)
    runs.record(run_id, result.items_created, len(result.digests))
    return result


def dates_to_sweep(uow: UnitOfWork, today: date, catch_up_days: int) -> list[date]:
    """Today, plus the last ``catch_up_days`` dates no sweep ran for (missed while down)."""
    runs = JobRuns(uow.session)
    last = runs.last_date(SWEEP_JOB)
    if last is None or catch_up_days <= 0:
        return [today]
    since = max(last + timedelta(days=1), today - timedelta(days=catch_up_days))
    done = runs.dates(SWEEP_JOB, since)
    days = [since + timedelta(days=n) for n in range((today - since).days + 1)]
    return [d for d in days if d not in done] or [today]
