"""In Chromium on the real service: the administrator checks that the morning's sweep ran, finds
the digest the mail server refused for one contact, sends it again once the address is fixed on
the server's side, and the contact receives it (DOMAIN.md §6)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

import pytest

from jobs.tasks import run_sweep
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, login, served_chromium
from tests.e2e.reminder_support import Inbox, SmtpServer, add_contacts, make_world, yangpu_titles

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
SWEEP_ON = date(2026, 3, 8)  # 7 days before the first cycle end of titles named 2023-03-15
T0 = datetime(2026, 3, 7, 23, 31, tzinfo=UTC)  # 07:31 in Shanghai
REFUSED = "officer0@yp.example.cn"


class RefusingInbox(Inbox):
    """Refuses ``REFUSED`` with a permanent 550 while ``refusing`` is set."""

    refusing = True

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refusing and address == REFUSED:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    smtp = SmtpServer(inbox=RefusingInbox())
    smtp.start()
    yield smtp
    smtp.stop()


def test_the_administrator_checks_the_sweep_and_resends_a_refused_digest(
    fresh_database_url, server, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"outbox-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    world = make_world(fresh_database_url, server)
    try:
        tree, _titles, _address = yangpu_titles(world, count=2)
        add_contacts(world, tree, 2)
        with world.uow_factory() as u:
            result = run_sweep(u, SWEEP_ON, policy=ReminderPolicy(), now=T0)
            principal, password = f.user(u, Role.ADMIN, tree.city.id)
            u.commit()
        assert len(result.digests) == 3
        report = world.drainer().drain(lambda: T0)
        assert (report.sent, report.failed) == (2, 1)

        with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            login(page, base, principal.username, password)
            page.get_by_role("link", name="系统管理").first.click()
            page.get_by_role("link", name="邮件发件箱").click()
            page.wait_for_url(f"{base}/admin/outbox")
            swept = page.locator(f"#sweep-{SWEEP_ON.isoformat()}").inner_text()
            assert swept.split("\t") == [
                "2026年3月8日",
                "2026年3月8日 07:31",
                str(result.items_created),
                "3",
            ]
            page.get_by_role("link", name="发送失败（1）").click()
            page.wait_for_url(re.compile(r"status=failed"))
            assert "mailbox unavailable" in page.locator("#messages").inner_text()
            page.fill("input[name=recipient]", REFUSED.upper())
            page.get_by_role("button", name="筛选").click()
            page.wait_for_url(re.compile(r"recipient="))
            listed = page.locator("#messages")
            assert "共 1 封" in listed.inner_text()
            assert REFUSED in listed.inner_text()
            page.screenshot(path=shots / "1-refused.png", full_page=True)
            assert isinstance(server.inbox, RefusingInbox)
            server.inbox.refusing = False
            page.get_by_role("button", name="重新发送").click()
            page.wait_for_url(re.compile(r"/admin/outbox\?status=failed&retried=\d+$"))
            assert "共 0 封" in page.locator("#messages").inner_text()
            # The page says what was done (the mail, whom to, and that it waits to be sent).
            said = page.locator("#retried").inner_text()
            assert "已重新发送第" in said
            assert REFUSED in said
            assert "「待发送」" in said
            page.get_by_role("link", name="待发送（1）").click()
            assert REFUSED in page.locator("#messages").inner_text()

            # The scheduler's drain, in a thread of its own (Playwright holds this one's loop).
            with ThreadPoolExecutor(1) as pool:
                again = pool.submit(world.drainer().drain, lambda: datetime.now(UTC)).result()
            assert (again.sent, again.failed) == (1, 0)
            page.goto(f"{base}/admin/outbox?recipient={REFUSED}")
            assert "已发送" in page.locator("#messages").inner_text()
            page.screenshot(path=shots / "2-resent.png", full_page=True)
            context.close()
        delivered = [
            m for m in server.inbox.messages() if m["To"].addresses[0].addr_spec == REFUSED
        ]
        assert len(delivered) == 1
    finally:
        world.close()
