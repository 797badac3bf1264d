"""The reminder policy: lead days, the day itself, the first day overdue and weekly after it;
defaults for new kinds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from lifecycle.config import MAX_LEAD_DAYS, Settings
from lifecycle.occasions.index import MIN_AHEAD
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.reminders.policy import (
    NEW,
    ReminderPolicy,
    announcement_dates,
    arrival_since,
    arrival_step,
    lead_step,
    step_label,
    told_as_of,
)

DUE = date(2026, 3, 15)


def occasion(kind: OccasionKind = OccasionKind.CYCLE_INSPECTION, **kw: object) -> Occasion:
    values: dict[str, object] = {
        "kind": kind,
        "designation_id": 1,
        "due_on": DUE,
        "union_id": 2,
        "status": OccasionStatus.UPCOMING,
        "title": "第1个管理周期末实地检查",
        "link": "/designations/1#inspections",
        "key": "cycle_inspection:1:1",
        "subject": "张师傅数控攻关劳模创新工作室（杨浦 2023-001）",
    }
    values.update(kw)
    return Occasion(**values)  # type: ignore[arg-type]


def announced_days(policy: ReminderPolicy, o: Occasion, start: date, end: date) -> list[date]:
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [d for d in days if lead_step(o, d, policy) is not None]


def test_default_policy_announces_60_30_7_on_the_day_the_first_day_late_then_weekly() -> None:
    policy = ReminderPolicy()
    got = announced_days(policy, occasion(), date(2025, 12, 1), date(2026, 4, 30))
    assert got == [
        date(2026, 1, 14),
        date(2026, 2, 13),
        date(2026, 3, 8),
        date(2026, 3, 15),
        date(2026, 3, 16),  # the first day overdue (DOMAIN.md §3: overdue on 1 January)
        date(2026, 3, 23),
        date(2026, 3, 30),
        date(2026, 4, 6),
        date(2026, 4, 13),
        date(2026, 4, 20),
        date(2026, 4, 27),
    ]


def test_a_filing_due_31_december_is_mailed_overdue_on_1_january() -> None:
    filing = occasion(OccasionKind.SELF_CHECK_FILING, due_on=date(2026, 12, 31))
    policy = ReminderPolicy()
    assert lead_step(filing, date(2027, 1, 1), policy) == "overdue-1"
    assert announced_days(policy, filing, date(2027, 1, 1), date(2027, 1, 15)) == [
        date(2027, 1, 1),
        date(2027, 1, 8),
        date(2027, 1, 15),
    ]


def test_the_due_dates_announced_on_a_day_cover_every_step_the_policy_gives() -> None:
    policy = ReminderPolicy()
    as_of = date(2027, 1, 15)
    earliest = date(2026, 1, 1)
    dates = set(announcement_dates(policy, as_of, earliest))
    for n in range(-70, (as_of - earliest).days + 1):
        due = as_of - timedelta(days=n)
        if lead_step(occasion(due_on=due), as_of, policy) is not None:
            assert due in dates, due
    assert {date(2027, 1, 14), date(2027, 1, 7)} <= dates  # the first day late, a week on


def test_steps_are_named_for_the_dedup_key_and_read_in_chinese() -> None:
    policy = ReminderPolicy()
    assert lead_step(occasion(), date(2026, 2, 13), policy) == "before-30"
    assert lead_step(occasion(), DUE, policy) == "on-day"
    assert lead_step(occasion(), date(2026, 3, 30), policy) == "overdue-15"
    assert step_label("before-30") == "还有30天到期"
    assert step_label("on-day") == "今日到期"
    assert step_label("overdue-14") == "已逾期14天"


def test_done_occasions_are_never_announced() -> None:
    done = occasion(status=OccasionStatus.DONE)
    assert announced_days(ReminderPolicy(), done, date(2026, 1, 1), date(2026, 5, 1)) == []


def test_lead_days_per_kind_and_the_default_for_every_other_kind() -> None:
    policy = ReminderPolicy.from_settings(
        Settings(
            reminder_lead_days=[30, 0],
            reminder_overdue_every_days=7,
            reminder_lead_days_by_kind={OccasionKind.SELF_CHECK_FILING.value: [14, 3]},
        )
    )
    filing = occasion(OccasionKind.SELF_CHECK_FILING)
    assert lead_step(filing, DUE - timedelta(days=14), policy) == "before-14"
    assert lead_step(filing, DUE - timedelta(days=30), policy) is None
    # A kind the policy never heard of flows through with the default lead days.
    other = occasion(OccasionKind.MATCHING_FUNDS)
    assert lead_step(other, DUE - timedelta(days=30), policy) == "before-30"
    assert policy.horizon_days == 30


@pytest.mark.parametrize("every", [0, -1])
def test_no_repeat_when_the_overdue_interval_is_off(every: int) -> None:
    policy = ReminderPolicy(overdue_every_days=every)
    assert lead_step(occasion(), DUE + timedelta(days=1), policy) == "overdue-1"
    assert lead_step(occasion(), DUE + timedelta(days=8), policy) is None


def test_a_warning_repeats_weekly_from_its_start_and_is_never_called_overdue() -> None:
    policy = ReminderPolicy()
    for kind in (OccasionKind.DRIFT_NO_PROJECT, OccasionKind.LEADER_RETIREMENT):
        warning = occasion(kind, status=OccasionStatus.DUE, standing=True)
        assert lead_step(warning, DUE - timedelta(days=7), policy) is None  # not begun
        assert lead_step(warning, DUE, policy) == "warning-0"
        assert lead_step(warning, DUE + timedelta(days=1), policy) is None
        assert lead_step(warning, DUE + timedelta(days=7), policy) == "warning-7"
    assert step_label("warning-0") == "预警"
    assert step_label("warning-7") == "预警已持续7天"
    # The due dates a day's read fetches include the warnings' starts.
    assert {DUE, DUE - timedelta(days=7)} <= set(announcement_dates(policy, DUE, date(2026, 1, 1)))


@pytest.mark.parametrize(
    "setting",
    [
        {"reminder_lead_days": [60, 366]},
        {"reminder_lead_days": [-1]},
        {"reminder_lead_days_by_kind": {"cycle_inspection": [400]}},
    ],
)
def test_a_lead_beyond_the_occasion_indexs_reach_is_refused_at_start_up(
    setting: dict[str, object],
) -> None:
    with pytest.raises(ValidationError, match="提前提醒的天数须在 0 到 365 之间"):
        Settings(**setting)  # type: ignore[arg-type]


def test_the_occasion_index_reaches_beyond_the_longest_allowed_lead() -> None:
    longest = Settings(reminder_lead_days=[MAX_LEAD_DAYS]).reminder_lead_days[0]
    assert MIN_AHEAD.days > longest
    assert ReminderPolicy.from_settings(Settings(reminder_lead_days=[365, 0])).horizon_days == 365


def test_a_step_waiting_with_no_date_of_its_own_reads_as_waited_after_a_week() -> None:
    assert step_label("arrived") == "新到待办"
    assert step_label("waiting-30") == "已等待30天"


def test_a_duty_arisen_past_its_first_lead_day_is_told_as_new_by_the_next_sweep() -> None:
    """A 整改通知 issued 20 days before its deadline is told as new by the first sweep from the
    previous one's day on (not at the 7-day step); one that arose before its first lead day, a
    duty on a lead day, late, done, a warning or arisen before the previous sweep is not."""
    policy = ReminderPolicy()
    issued = DUE - timedelta(days=20)
    notice = occasion(OccasionKind.RECTIFICATION_DEADLINE, arose_on=issued)
    assert arrival_step(notice, issued + timedelta(days=1), policy, since=issued) == NEW
    assert arrival_step(notice, issued, policy, since=issued) == NEW  # the day's own sweep
    # Arisen before the previous sweep's day: that sweep told it already (or it was not new).
    assert (
        arrival_step(notice, issued + timedelta(days=2), policy, since=issued + timedelta(1))
        is None
    )
    assert arrival_step(notice, issued - timedelta(days=1), policy, since=issued) is None  # not yet
    on_lead = occasion(arose_on=DUE - timedelta(days=9))
    assert arrival_step(on_lead, DUE - timedelta(days=7), policy, since=DUE - timedelta(9)) is None
    early = occasion(arose_on=DUE - timedelta(days=61))  # the 60-day step tells it
    assert arrival_step(early, DUE - timedelta(days=60), policy, since=DUE - timedelta(61)) is None
    for other in (
        occasion(status=OccasionStatus.DONE, arose_on=issued),
        occasion(OccasionKind.LEADER_RETIREMENT, standing=True, arose_on=issued),
        occasion(arose_on=None),
    ):
        assert arrival_step(other, issued + timedelta(days=1), policy, since=issued) is None
    late = occasion(arose_on=DUE + timedelta(days=1))
    assert arrival_step(late, DUE + timedelta(days=1), policy, since=DUE) is None
    by_kind = ReminderPolicy(by_kind={OccasionKind.SELF_CHECK_FILING.value: (14, 3)})
    filing = occasion(OccasionKind.SELF_CHECK_FILING, arose_on=DUE - timedelta(days=20))
    assert arrival_step(filing, DUE - timedelta(days=19), by_kind, DUE - timedelta(20)) is None
    filing = occasion(OccasionKind.SELF_CHECK_FILING, arose_on=DUE - timedelta(days=10))
    assert arrival_step(filing, DUE - timedelta(days=10), by_kind, DUE - timedelta(10)) == NEW
    # Worded as of the digest's day; still new, and late, once it is late (folded in later).
    assert step_label(told_as_of(NEW, DUE, DUE - timedelta(days=19), warning=False)) == (
        "新到待办，还有19天到期"
    )
    assert step_label(told_as_of(NEW, DUE, DUE, warning=False)) == "新到待办，今日到期"
    assert step_label(told_as_of(NEW, DUE, DUE + timedelta(2), warning=False)) == (
        "新到待办，已逾期2天"
    )
    # The days a sweep reads from: the previous sweep's, at most the longest lead back.
    assert arrival_since(policy, DUE, DUE - timedelta(days=3)) == DUE - timedelta(days=3)
    assert arrival_since(policy, DUE, None) == DUE - timedelta(days=60)
    assert arrival_since(policy, DUE, DUE - timedelta(days=400)) == DUE - timedelta(days=60)


def test_a_duty_already_late_when_it_arose_is_told_as_new_and_late_by_the_next_sweep() -> None:
    """A leader's death recorded five days after it: the 附件3 owed from that day is late when it
    arises, told by the next sweep 「新到待办，已逾期N天」 (not left to the weekly repeat), once;
    on an overdue repeat day the repeat tells it; one that arose before the previous sweep not."""
    policy = ReminderPolicy()
    died, recorded = DUE, DUE + timedelta(days=5)
    change = occasion(OccasionKind.CHANGE_REQUEST_DUE, standing=True, arose_on=recorded)
    next_sweep = recorded + timedelta(days=1)
    assert arrival_step(change, next_sweep, policy, since=recorded) == NEW
    assert step_label(told_as_of(NEW, died, next_sweep, warning=False)) == "新到待办，已逾期6天"
    assert arrival_step(change, recorded, policy, since=recorded) == NEW  # that day's own sweep
    # Arisen before the previous sweep's day: that sweep told it.
    after = recorded + timedelta(days=2)
    assert arrival_step(change, after, policy, since=recorded + timedelta(days=1)) is None
    # On a weekly repeat day (the 8th day late) the repeat tells it: not twice.
    on_repeat = occasion(
        OccasionKind.CHANGE_REQUEST_DUE, standing=True, arose_on=died + timedelta(8)
    )
    assert lead_step(on_repeat, died + timedelta(days=8), policy) == "overdue-8"
    assert arrival_step(on_repeat, died + timedelta(days=8), policy, since=died) is None
