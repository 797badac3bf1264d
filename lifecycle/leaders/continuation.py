"""When a Yangpu leader's continuation needs their and the unit's consent [Y13]: at the legal
retirement age, or on the day they retired when that came first (early retirement, reading 42a).
Pure: dates in, dates out."""

from __future__ import annotations

from datetime import date, timedelta


def continuation_due(legal_retirement: date, retired_on: date | None) -> date:
    """The day the leader stops leading unless they and the unit consent to go on [Y13]: the
    legal retirement date, or the day a recorded retirement says they retired, if earlier."""
    if retired_on is not None and retired_on < legal_retirement:
        return retired_on
    return legal_retirement


def retired_early(legal_retirement: date, retired_on: date | None) -> bool:
    """Whether the leader retired before the legal retirement date (reading 42a)."""
    return retired_on is not None and retired_on < legal_retirement


def consent_opens(legal_retirement: date, retired_on: date | None, *, lead_days: int) -> date:
    """The first day a consent may be recorded: ``lead_days`` before the legal retirement date
    (the first warning), or at once from a recorded retirement that came earlier [Y13]."""
    opens = legal_retirement - timedelta(days=lead_days)
    if retired_on is not None and retired_on < opens:
        return retired_on
    return opens
