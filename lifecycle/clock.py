"""The only place that reads the clock; edges (requests, jobs, CLI) call it, rules never do."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now_utc() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def today_shanghai() -> date:
    """Today's date in Asia/Shanghai, the date every rule is judged on."""
    return datetime.now(SHANGHAI).date()


def to_shanghai(moment: datetime) -> datetime:
    """An aware instant shown in Asia/Shanghai."""
    return moment.astimezone(SHANGHAI)
