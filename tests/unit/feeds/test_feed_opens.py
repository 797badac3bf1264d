"""A feed address opens only for an active user still in the union and role it was made for,
and its token never reaches a log line."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from api.log_redaction import RedactFeedTokens, redact
from lifecycle.accounts.model import CalendarFeed
from lifecycle.feeds.subscriptions import feed_opens
from lifecycle.vocab import Role

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def _feed(revoked_at: datetime | None = None) -> CalendarFeed:
    return CalendarFeed(
        user_id=1, token_hash="0" * 64, union_id=7, role=Role.FINANCE, revoked_at=revoked_at
    )


def test_a_live_feed_opens_for_its_user_as_issued() -> None:
    assert feed_opens(_feed(), active=True, union_id=7, role=Role.FINANCE)


def test_revoked_inactive_moved_or_another_role_opens_nothing() -> None:
    assert not feed_opens(_feed(NOW), active=True, union_id=7, role=Role.FINANCE)
    assert not feed_opens(_feed(), active=False, union_id=7, role=Role.FINANCE)
    assert not feed_opens(_feed(), active=True, union_id=8, role=Role.FINANCE)
    assert not feed_opens(_feed(), active=True, union_id=7, role=Role.DISTRICT_OFFICER)


def test_the_feed_token_is_redacted_in_paths_and_log_records() -> None:
    assert redact("/calendar/abc-DEF_123.ics?x=1") == "/calendar/***.ics?x=1"
    assert redact("/calendar") == "/calendar"
    assert redact("/calendar/feed") == "/calendar/feed"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s"',
        ("127.0.0.1:1", "GET", "/calendar/s3cret.ics"),
        None,
    )
    assert RedactFeedTokens().filter(record)
    assert "s3cret" not in record.getMessage()
    assert record.getMessage() == '127.0.0.1:1 - "GET /calendar/***.ics"'
