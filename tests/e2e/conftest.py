"""Fixtures of the e2e tests: a real SMTP server (aiosmtpd) and a committed world whose settings
point at it (reminders, scheduler); one Chromium per worker process, lent to the browser tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.browser_support import CHROMIUM, Chromium
from tests.e2e.reminder_support import SmtpServer, World, make_world


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    smtp = SmtpServer()
    smtp.start()
    yield smtp
    smtp.stop()


@pytest.fixture
def world(fresh_database_url: str, server: SmtpServer) -> Iterator[World]:
    w = make_world(fresh_database_url, server)
    yield w
    w.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """One headless Chromium for this worker process, lent to a block of each browser test
    (``tests/e2e/browser_support.py``)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    process = Chromium(sync_api)
    yield process
    process.close()
