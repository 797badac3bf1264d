"""When a Yangpu leader's continuation needs their and the unit's consent [Y13]: at the legal
retirement age, or on the day they retired when that came first (early retirement, reading 42a).
Pure: dates in, dates out."""

from __future__ import annotations

from datetime import date, timedelta

from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.errors import FieldProblem, Problems


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


def consent_date_problems(
    leader: str, led_since: date, leader_consented_on: date | None, unit_consented_on: date | None
) -> list[FieldProblem]:
    """The leader's and the unit's consent to go on leading [Y13] are given by this leader, about
    this workshop: not dated before ``leader`` took the lead of it (``led_since``: the start of
    the leader history's last tenure; None: unreadable, refused by the form)."""
    problems = Problems()
    for field, on, label in (
        ("leader_consented_on", leader_consented_on, "本人同意日期"),
        ("unit_consented_on", unit_consented_on, "单位同意日期"),
    ):
        if on is not None and on < led_since:
            problems.add(
                field,
                "before_leading",
                cite(
                    f"{label}不能早于{leader}开始担任带头人的日期（{chinese_date(led_since)}）"
                    "（[Y13]）"
                ),
            )
    return problems.items
