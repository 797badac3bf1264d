"""`workshops scheduler` as DEPLOY.md §3 runs it: two processes on one database, one active.

The active one runs the day's audit and sweep once at start-up when they were missed, logs each
(DEPLOY.md §6: on the `workshops.jobs` logger), and on SIGTERM releases the lease; the standby
then takes over and runs neither job again for the same day. A run missed while both were down
is the missed day's; a database that stops answering stands the scheduler by until it answers.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from cli.main import app
from lifecycle.clock import now_utc, to_shanghai
from lifecycle.config import get_settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.audit import AUDIT_JOB
from lifecycle.reminders.service import SWEEP_JOB
from lifecycle.uow import UnitOfWork
from tests.conftest import as_service_role

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "import sys; sys.argv[0] = 'workshops'; from cli.main import app; sys.exit(app())"
WAIT = 90  # seconds a line may take to appear on a loaded machine (not a measurement)


class Scheduler:
    """One `workshops scheduler` process whose output lines are collected as they come."""

    def __init__(self, env: dict[str, str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, "scheduler"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, words: str, nth: int = 1) -> str:
        """The ``nth`` line (seen before or coming) holding ``words``."""
        for line in self.seen:
            if words in line:
                nth -= 1
                if nth == 0:
                    return line
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no line with {words!r} in {self.seen}") from None
            self.seen.append(line)
            if words in line:
                nth -= 1
                if nth == 0:
                    return line

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=WAIT)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _env(url: str, tmp_path: Path, **settings: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if "DATABASE_URL" not in k},
        "DATABASE_URL": url,
        "WORKSHOPS_FILES_DIR": str(tmp_path / "files"),
        "WORKSHOPS_SCHEDULER_LEASE_SECONDS": "3",
        "WORKSHOPS_SMTP_PORT": "1",  # nothing to send; never a real server
        **{f"WORKSHOPS_{name.upper()}": value for name, value in settings.items()},
    }


def _two_hours_ahead() -> tuple[str, date]:
    """A daily time two hours from now (Asia/Shanghai) and the day it last fell due: a
    scheduler started now is before the day's time, with the last one due yesterday's."""
    ahead = to_shanghai(now_utc()) + timedelta(hours=2)
    return ahead.strftime("%H:%M"), (ahead - timedelta(days=1)).date()


def _run_dates(url: str, job: str, since: date) -> set[date]:
    engine = make_engine(url)
    try:
        with UnitOfWork(make_session_factory(engine)) as uow:
            return uow.reminders.run_dates(job, since)
    finally:
        engine.dispose()


def test_a_run_missed_yesterday_is_yesterdays_and_todays_waits_for_its_time(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Started before the day's times with yesterday's audit and sweep missed (within the
    grace): each runs once for yesterday; today's wait for their time; a standby taking over
    fires neither again."""
    url = as_service_role(fresh_database_url)
    at, yesterday = _two_hours_ahead()
    grace = str(25 * 3600)
    env = _env(url, tmp_path, audit_time=at, sweep_time=at, sweep_misfire_grace_seconds=grace)
    active = Scheduler(env)
    standby: Scheduler | None = None
    try:
        assert f"funding audit {yesterday}:" in active.wait_for("funding audit")
        assert f"sweep {yesterday}: 0 items, 0 digests" in active.wait_for(": 0 items, 0 digests")
        standby = Scheduler(env)
        standby.wait_for("调度器已启动")
        assert active.stop() == 0
        standby.wait_for("scheduler active")
        assert standby.stop() == 0
    finally:
        active.kill()
        if standby is not None:
            standby.kill()
    assert "Traceback" not in "".join(active.seen + standby.seen)
    assert [line for line in standby.seen if "workshops.jobs" in line] == []
    assert _run_dates(url, AUDIT_JOB, yesterday) == {yesterday}
    assert _run_dates(url, SWEEP_JOB, yesterday) == {yesterday}


def test_a_run_missed_beyond_the_grace_is_said_in_chinese(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """APScheduler's own warning for a run missed beyond its grace ("Run time of job … was
    missed by …") is said on our logger, in Chinese, naming the job and how late it was."""
    url = as_service_role(fresh_database_url)
    at, yesterday = _two_hours_ahead()
    env = _env(url, tmp_path, audit_time=at, sweep_time=at, sweep_misfire_grace_seconds="60")
    scheduler = Scheduler(env)
    try:
        line = scheduler.wait_for("任务“每日提醒”已错过运行时间")
        assert "workshops.scheduler:" in line
        assert "迟了21小时" in line or "迟了22小时" in line, line
        scheduler.wait_for("任务“每日专款专用审计”已错过运行时间")
        assert scheduler.stop() == 0
    finally:
        scheduler.kill()
    said = "".join(scheduler.seen)
    assert "was missed by" not in said
    assert "apscheduler" not in said
    assert _run_dates(url, SWEEP_JOB, yesterday) == set()


@contextmanager
def _closed_for_maintenance(url: str) -> Iterator[None]:
    """The database refusing every connection and its sessions cut, as a PostgreSQL restart
    or failover does, until the block ends."""
    parsed = make_url(url)
    name = parsed.database
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            yield
        finally:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_a_database_outage_stands_the_scheduler_by_until_it_answers(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """The database stops answering while the scheduler holds the lease: it says so in
    Chinese, stops its jobs and stands by (before, it exited 1), then takes the lease again and
    runs once the database answers."""
    if not fresh_database_url.startswith("postgresql"):
        pytest.skip(
            "SQLite: a write lock held is a lost race (the lease not taken, standing by as "
            "before); run as root, its file cannot be made unreadable"
        )
    scheduler = Scheduler(_env(as_service_role(fresh_database_url), tmp_path))
    try:
        scheduler.wait_for("scheduler active")
        with _closed_for_maintenance(fresh_database_url):
            line = scheduler.wait_for("转为待命")
            assert "数据库无法使用（数据库暂不接受连接" in line or "连接被中断" in line, line
            scheduler.wait_for("scheduler lost leadership")
            time.sleep(4)  # four rounds of trying the lease (a third of the 3 s lease each)
            assert scheduler.process.poll() is None  # still there, standing by
        scheduler.wait_for("数据库已恢复")
        scheduler.wait_for("scheduler active", nth=2)
        assert scheduler.stop() == 0
    finally:
        scheduler.kill()
    said = "".join(scheduler.seen)
    assert "Traceback" not in said
    assert "raised an exception" not in said  # a job the outage failed: said in Chinese
    assert said.count("转为待命") == 1  # said once an outage, retried quietly


def test_two_schedulers_run_the_days_jobs_once_and_log_them(
    fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = as_service_role(fresh_database_url)
    env = {
        **{k: v for k, v in os.environ.items() if "DATABASE_URL" not in k},
        "DATABASE_URL": url,
        "WORKSHOPS_FILES_DIR": str(tmp_path / "files"),
        "WORKSHOPS_SCHEDULER_LEASE_SECONDS": "3",
        # The last audit and sweep time is always within a day: both run at start-up.
        "WORKSHOPS_SWEEP_MISFIRE_GRACE_SECONDS": str(25 * 3600),
        "WORKSHOPS_SMTP_PORT": "1",  # nothing to send; never a real server
    }
    active = Scheduler(env)
    standby: Scheduler | None = None
    try:
        active.wait_for("调度器已启动")
        assert "workshops.scheduler: scheduler active" in active.wait_for("scheduler active")
        assert "workshops.jobs: funding audit" in active.wait_for("funding audit")
        swept = active.wait_for(": 0 items, 0 digests")
        assert "workshops.jobs: sweep" in swept
        day = swept.split("workshops.jobs: sweep ")[1].split(":")[0]  # today's, or yesterday's
        standby = Scheduler(env)
        standby.wait_for("调度器已启动")
        assert active.stop() == 0
        assert "调度器已停止" in "".join(active.seen)
        standby.wait_for("scheduler active")  # the lease released, the standby takes it
        assert standby.stop() == 0
    finally:
        active.kill()
        if standby is not None:
            standby.kill()
    said = "".join(standby.seen)
    assert "Traceback" not in said + "".join(active.seen)
    assert "funding audit" not in said  # the day's audit ran once, in the first process
    # The last sweep due ran (its job-run row): taking over, it fires none (DEPLOY.md §3).
    assert [line for line in standby.seen if "workshops.jobs: sweep" in line] == []
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        again = CliRunner().invoke(app, ["sweep", "--as-of", day])
    finally:
        get_settings.cache_clear()
    assert again.exit_code == 0, again.output
    assert "的提醒已生成过" in again.output
