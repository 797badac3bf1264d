"""The only place that reads the clock; edges (requests, jobs, CLI) call it, rules never do."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now_utc() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def instant_text(moment: datetime) -> str:
    """An aware instant as the API writes every ``*_at``: in UTC, ending in ``Z``
    (「2026-11-21T02:00:00Z」); a naive one (no zone to convert from) as it is."""
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"


def today_shanghai() -> date:
    """Today's date in Asia/Shanghai, the date every rule is judged on."""
    return datetime.now(SHANGHAI).date()


def to_shanghai(moment: datetime) -> datetime:
    """An aware instant shown in Asia/Shanghai."""
    return moment.astimezone(SHANGHAI)


def chinese_date(d: date) -> str:
    """A date as Chinese text reads it, in Arabic numerals without leading zeros (GB/T
    9704-2012 for documents; the same in messages and reminders): 2026年4月1日."""
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_month_day(d: date) -> str:
    """A day of a year already named: 7月15日."""
    return f"{d.month}月{d.day}日"
