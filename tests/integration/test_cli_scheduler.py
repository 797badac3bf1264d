"""`workshops scheduler` as DEPLOY.md §3 runs it: two processes on one database, one active.

The active one runs the day's audit and sweep once at start-up when they were missed, logs each
(DEPLOY.md §6: on the `workshops.jobs` logger), and on SIGTERM releases the lease; the standby
then takes over and runs neither job again for the same day.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.clock import today_shanghai
from lifecycle.config import get_settings
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

    def wait_for(self, words: str) -> str:
        """The first line (seen before or coming) holding ``words``."""
        for line in self.seen:
            if words in line:
                return line
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no line with {words!r} in {self.seen}") from None
            self.seen.append(line)
            if words in line:
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
        assert "workshops.jobs: sweep" in active.wait_for(": 0 items, 0 digests")
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
    # Taking over before the day's sweep time, it may fire the sweep it sees missed: the day's
    # job-run row makes that a no-op (DEPLOY.md §3: each job idempotent on its own as well).
    standby_sweeps = [line for line in standby.seen if "workshops.jobs: sweep" in line]
    assert all("(already ran)" in line for line in standby_sweeps), standby_sweeps
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        again = CliRunner().invoke(app, ["sweep", "--as-of", today_shanghai().isoformat()])
    finally:
        get_settings.cache_clear()
    assert again.exit_code == 0, again.output
    assert "的提醒已生成过" in again.output
