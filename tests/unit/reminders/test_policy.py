"""The reminder policy: lead days, the day itself, weekly while overdue; defaults for new kinds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lifecycle.config import Settings
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.reminders.policy import ReminderPolicy, lead_step, step_label

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


def test_default_policy_announces_60_30_7_on_the_day_then_weekly() -> None:
    policy = ReminderPolicy()
    got = announced_days(policy, occasion(), date(2025, 12, 1), date(2026, 4, 30))
    assert got == [
        date(2026, 1, 14),
        date(2026, 2, 13),
        date(2026, 3, 8),
        date(2026, 3, 15),
        date(2026, 3, 22),
        date(2026, 3, 29),
        date(2026, 4, 5),
        date(2026, 4, 12),
        date(2026, 4, 19),
        date(2026, 4, 26),
    ]


def test_steps_are_named_for_the_dedup_key_and_read_in_chinese() -> None:
    policy = ReminderPolicy()
    assert lead_step(occasion(), date(2026, 2, 13), policy) == "before-30"
    assert lead_step(occasion(), DUE, policy) == "on-day"
    assert lead_step(occasion(), date(2026, 3, 29), policy) == "overdue-14"
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
    other = occasion(OccasionKind.DRIFT_NO_PROJECT)
    assert lead_step(other, DUE - timedelta(days=30), policy) == "before-30"
    assert policy.horizon_days == 30


@pytest.mark.parametrize("every", [0, -1])
def test_no_repeat_when_the_overdue_interval_is_off(every: int) -> None:
    policy = ReminderPolicy(overdue_every_days=every)
    assert lead_step(occasion(), DUE + timedelta(days=7), policy) is None


def test_a_standing_warning_repeats_weekly_from_its_start() -> None:
    warning = occasion(OccasionKind.DRIFT_NO_PROJECT, status=OccasionStatus.DUE)
    assert lead_step(warning, DUE + timedelta(days=7), ReminderPolicy()) == "overdue-7"
    assert lead_step(warning, DUE + timedelta(days=8), ReminderPolicy()) is None
