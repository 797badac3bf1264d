"""Fixtures of the reminder and scheduler e2e tests: a real SMTP server (aiosmtpd) and a
committed world whose settings point at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
