"""In Chromium: the district officer works the 待办 list; the admin edits an address and sees the
reminders that address gets. Screenshots go to ``test-artifacts/browser/dashboard-<backend>/``."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jobs.tasks import sweep_last_week
from lifecycle.clock import now_utc, today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.occasions import index
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, free_port, login

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _prepare(database_url: str) -> None:
    """The demo as ``workshops demo`` leaves it: index built, the last week's reminders swept."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        as_of = today_shanghai()
        with UnitOfWork(factory) as uow:
            index.ensure(uow, as_of, now_utc())
            uow.commit()
        sweep_last_week(lambda: UnitOfWork(factory), as_of, policy=ReminderPolicy(), now=now_utc())
    finally:
        engine.dispose()


def _serve(database_url: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    """``workshops serve --port N`` with no base URL configured: links must follow the port."""
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOPS_BASE_URL"}
    env |= {"DATABASE_URL": database_url, "WORKSHOPS_FILES_DIR": str(folder / "files")}
    log = (folder / "service.log").open("wb")
    command = [str(Path(sys.executable).parent / "workshops"), "serve", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, (folder / "service.log").read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError((folder / "service.log").read_text())


def test_the_officer_works_the_todo_list_and_the_admin_edits_an_address(
    demo_today: DemoCopy, tmp_path, chromium
):
    backend = demo_today.url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"dashboard-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    _prepare(demo_today.url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _serve(demo_today.url, port, tmp_path)
    try:
        with chromium.lent() as browser:
            _officer_works_the_todo_list(browser, base, shots)
            _admin_edits_an_address(browser, base, shots)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert sorted(p.name for p in shots.glob("*.png")) == [
        "1-dashboard.png",
        "2-my-todo.png",
        "3-filtered.png",
        "4-item.png",
        "5-calendar.png",
        "6-user.png",
        "7-user-saved.png",
    ]


def _officer_works_the_todo_list(browser, base: str, shots: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    page.wait_for_url(f"{base}/login")  # the front door is the login page
    login(page, base, "yangpu", DEMO_PASSWORD)
    assert page.locator("#my-todo h2").inner_text().startswith("我的待办")
    page.screenshot(path=shots / "1-dashboard.png", full_page=True)
    page.get_by_role("link", name="我的待办").first.click()
    page.wait_for_url(re.compile(r"/todo\?mine=1"))
    total = int(re.search(r"共 (\d+) 项", page.locator("#items").inner_text()).group(1))
    assert 0 < total < 20
    page.screenshot(path=shots / "2-my-todo.png", full_page=True)
    page.select_option("select[name=kind]", "cycle_inspection")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"kind=cycle_inspection"))
    items = page.locator("#items ul.items li")
    assert items.count() >= 1
    assert all("实地检查" in text for text in items.all_inner_texts())
    page.screenshot(path=shots / "3-filtered.png", full_page=True)
    items.first.locator("a").click()
    page.wait_for_url(re.compile(r"/designations/\d+#inspections"))
    page.screenshot(path=shots / "4-item.png", full_page=True)
    page.get_by_role("link", name="日历").first.click()
    page.wait_for_url(f"{base}/calendar")
    page.get_by_role("button", name="生成订阅地址").click()
    page.wait_for_url(re.compile(r"/calendar"))
    assert page.locator("#feed-url").input_value().startswith(base + "/calendar/")
    page.screenshot(path=shots / "5-calendar.png", full_page=True)
    context.close()


def _admin_edits_an_address(browser, base: str, shots: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, "admin", DEMO_PASSWORD)
    page.goto(base + "/admin/users")
    page.get_by_role("link", name="unit", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/users/\d+$"))
    page.screenshot(path=shots / "6-user.png", full_page=True)
    page.fill("#f-email", "yp-officer@example.cn")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/admin/users/\d+\?saved=1"))
    reminders = page.locator("#reminders")
    assert "yp-officer@example.cn" in reminders.inner_text()
    assert reminders.locator("tbody tr").count() >= 1
    assert "暂无提醒" not in reminders.inner_text()
    page.screenshot(path=shots / "7-user-saved.png", full_page=True)
    context.close()
