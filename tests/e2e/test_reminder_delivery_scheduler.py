"""Time travel through the real scheduler path: APScheduler with the registry's triggers, under
a frozen clock, sweeping and draining to a real SMTP server day after day (DOMAIN.md §6)."""

from __future__ import annotations

import queue
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
)
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from jobs.tasks import add_jobs
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import OutboxStatus
from tests.e2e.reminder_support import World, yangpu_titles

pytestmark = pytest.mark.e2e

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = date(2026, 1, 10)
END = date(2026, 4, 20)


class Clockwork:
    """Moves the frozen clock and lets the running scheduler act on it, one job at a time."""

    def __init__(self, freezer, scheduler: BackgroundScheduler) -> None:
        self.freezer = freezer
        self.scheduler = scheduler
        self.events: queue.Queue[JobEvent] = queue.Queue()
        mask = EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES
        scheduler.add_listener(self.events.put, mask)

    def move_to(self, moment: datetime) -> None:
        self.freezer.move_to(moment)
        self.scheduler.wakeup()

    def wait_for(self, job_id: str) -> JobEvent:
        while True:
            event = self.events.get(timeout=30)
            if event.code == EVENT_JOB_ERROR:
                raise AssertionError(f"job {event.job_id} failed") from event.exception
            if event.job_id == job_id:
                return event


def _scheduler() -> BackgroundScheduler:
    """The production scheduler class; jobs run one at a time in its thread, so the clock can
    only move between two runs (the thread pool would race the test's clock moves)."""
    return BackgroundScheduler(timezone=SHANGHAI, executors={"default": DebugExecutor()})


def _pending(world: World) -> int:
    with world.uow_factory() as u:
        return u.outbox.counts(EVERYTHING)[OutboxStatus.PENDING]


@pytest.mark.freeze_time("2026-01-10 07:29:00+08:00", real_asyncio=True)
def test_yangpu_title_reminders_arrive_on_lead_dates_and_weekly_while_overdue(freezer, world):
    _tree, [title], address = yangpu_titles(world)
    scheduler = _scheduler()
    add_jobs(scheduler, world.context())
    clock = Clockwork(freezer, scheduler)
    scheduler.start()
    try:
        clock.wait_for("outbox_drain")  # drained right after start-up
        day = START
        while day <= END:
            clock.move_to(datetime.combine(day, time(7, 30, 1), SHANGHAI))
            event = clock.wait_for("reminder_sweep")
            assert event.code == EVENT_JOB_EXECUTED
            minute = 1
            while _pending(world):
                clock.move_to(datetime.combine(day, time(7, 30 + minute, 5), SHANGHAI))
                clock.wait_for("outbox_drain")
                minute += 1
                assert minute < 10, "the drain did not empty the outbox"
            day += timedelta(days=1)
    finally:
        scheduler.shutdown(wait=True)

    mine = [m for m in world.server.inbox.messages() if m["To"].addresses[0].addr_spec == address]
    got = [_subject_day(str(m["Subject"])) for m in mine]
    due = date(2026, 3, 15)
    # 60, 30 and 7 days ahead, the day itself, the first day overdue, then weekly from it.
    expected = [due - timedelta(days=n) for n in (60, 30, 7, 0)] + [
        due + timedelta(days=1 + 7 * k) for k in range(6)
    ]
    assert got == [d for d in expected if d <= END]
    assert got[:4] == [date(2026, 1, 14), date(2026, 2, 13), date(2026, 3, 8), date(2026, 3, 15)]
    for message in mine:
        text = message.get_body(("plain",)).get_content()
        assert f"/designations/{title.id}#inspections" in text
        assert "2026年3月15日" in text


@pytest.mark.freeze_time("2026-03-08 10:15:00+08:00", real_asyncio=True)
def test_a_sweep_missed_while_down_runs_once_on_start_up(freezer, world):
    _tree, _titles, address = yangpu_titles(world)
    scheduler = _scheduler()
    add_jobs(scheduler, world.context())
    clock = Clockwork(freezer, scheduler)
    scheduler.start()  # 07:30 passed while the process was down
    try:
        assert clock.wait_for("reminder_sweep").code == EVENT_JOB_EXECUTED
        sweep_job = scheduler.get_job("reminder_sweep")
        assert sweep_job.next_run_time == datetime(2026, 3, 9, 7, 30, tzinfo=SHANGHAI)
        clock.move_to(datetime(2026, 3, 8, 10, 16, 5, tzinfo=SHANGHAI))
        while _pending(world):
            clock.wait_for("outbox_drain")
    finally:
        scheduler.shutdown(wait=True)
    # A second scheduler started the same day finds the claim row and sweeps nothing.
    again = _scheduler()
    add_jobs(again, world.context())
    second = Clockwork(freezer, again)
    again.start()
    try:
        assert second.wait_for("outbox_drain").code == EVENT_JOB_EXECUTED
        tomorrow = datetime(2026, 3, 9, 7, 30, tzinfo=SHANGHAI)
        assert again.get_job("reminder_sweep").next_run_time == tomorrow
        assert all(e.job_id != "reminder_sweep" for e in list(second.events.queue))
    finally:
        again.shutdown(wait=True)
    recipients = [m["To"].addresses[0].addr_spec for m in world.server.inbox.messages()]
    assert recipients == [address]


def _subject_day(subject: str) -> date:
    """The day a digest's subject names, as Chinese text writes it: 「…（2026年1月14日）」."""
    found = re.search(r"（(\d{4})年(\d{1,2})月(\d{1,2})日）$", subject)
    assert found is not None, subject
    return date(int(found[1]), int(found[2]), int(found[3]))
