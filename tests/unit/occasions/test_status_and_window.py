"""The status rule, the window and the first owed year, shared by every kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lifecycle.occasions.facts import Ask, Window, due_window
from lifecycle.occasions.model import (
    APPLICATION_KINDS,
    OCCASION_KIND_ANCHORS,
    OCCASION_KIND_LABELS,
    OCCASION_STATUS_LABELS,
    OccasionKind,
    OccasionStatus,
    timeline,
)
from lifecycle.schemes import all_schemes
from tests.unit.occasions.helpers import BASE, YANGPU, facts

DUE = date(2026, 3, 15)


def obligation_years(f, settings, window):
    return Ask(f, settings, window, window.start).years()


@pytest.mark.parametrize(
    ("as_of", "done", "expected"),
    [
        (date(2026, 1, 1), False, OccasionStatus.UPCOMING),
        (date(2026, 2, 12), False, OccasionStatus.UPCOMING),  # 31 days ahead
        (date(2026, 2, 13), False, OccasionStatus.DUE),  # 30 days ahead: the window's edge
        (DUE, False, OccasionStatus.DUE),  # the due date itself
        (date(2026, 3, 16), False, OccasionStatus.OVERDUE),  # the day after
        (date(2026, 3, 16), True, OccasionStatus.DONE),
        (date(2026, 1, 1), True, OccasionStatus.DONE),
    ],
)
def test_status_rule(as_of, done, expected):
    kind = OccasionKind.CYCLE_INSPECTION  # a 30-day due window on this scheme
    due = {"due_on": DUE, "union_id": 20, "title": "第1个管理周期末实地检查", "key": "7:1"}
    ask = Ask(BASE, YANGPU, Window(as_of, as_of), as_of)
    assert ask.occasion(kind, **due, done=done).status is expected


def test_due_window_is_a_scheme_setting_with_per_kind_overrides():
    assert due_window(YANGPU, OccasionKind.CYCLE_INSPECTION) == 30
    tuned = replace(YANGPU, occasion_due_windows=(("cycle_inspection", 60),))
    assert due_window(tuned, OccasionKind.CYCLE_INSPECTION) == 60
    assert due_window(tuned, OccasionKind.SELF_CHECK_FILING) == 30


def test_window_admits_due_dates_inside_and_undone_ones_before_it():
    w = Window(date(2026, 1, 1), date(2026, 12, 31))
    assert w.admits(date(2026, 1, 1), done=True)
    assert w.admits(date(2026, 12, 31), done=False)
    assert not w.admits(date(2027, 1, 1), done=False)
    assert w.admits(date(2025, 12, 31), done=False)  # still owed
    assert not w.admits(date(2025, 12, 31), done=True)


@pytest.mark.parametrize(
    ("named", "first"),
    [
        (date(2023, 3, 15), 2023),
        (date(2023, 10, 1), 2023),  # on the cut-off: the naming year is owed
        (date(2023, 10, 2), 2024),  # after it: from the next year
        (date(2023, 12, 28), 2024),
    ],
)
def test_first_owed_year_is_the_naming_year_if_named_by_1_october(named, first):
    years = obligation_years(facts(naming_date=named), YANGPU, Window(named, date(2026, 12, 31)))
    assert years == range(first, 2027)


def test_owed_years_stop_at_the_end():
    ended = facts(ended_on=date(2025, 8, 1))
    assert obligation_years(ended, YANGPU, Window(date(2020, 1, 1), date(2030, 1, 1))) == range(
        2023, 2026
    )


def test_every_kind_and_status_has_a_label_and_every_kind_an_anchor():
    assert set(OCCASION_KIND_LABELS) == set(OccasionKind)
    assert set(OCCASION_KIND_ANCHORS) == set(OccasionKind) - APPLICATION_KINDS
    assert OCCASION_STATUS_LABELS == {
        OccasionStatus.UPCOMING: "即将到期",
        OccasionStatus.DUE: "到期",
        OccasionStatus.OVERDUE: "已逾期",
        OccasionStatus.DONE: "已完成",
    }


def test_every_scheme_makes_an_occasion_due_by_its_due_date():
    # The 待办 list reads upcoming occasions from the day after as_of on (TodoFilter.first).
    for scheme in all_schemes():
        for kind in OccasionKind:
            window = due_window(scheme.settings, kind)
            assert window >= 0, (scheme.settings.code, kind)
            assert timeline(DUE, window_days=window).due_from <= DUE
    assert timeline(DUE, window_days=0, standing=True).due_from == DUE


def test_a_standing_duty_is_late_the_day_after_its_date_and_a_warning_never():
    duty = timeline(DUE, window_days=30, standing=True)
    warning = timeline(DUE, window_days=30, standing=True, warning=True)
    for line in (duty, warning):
        assert not line.shows_on(date(2026, 3, 14))  # nothing before it begins
        assert line.status_on(DUE) is OccasionStatus.DUE
    assert duty.status_on(date(2026, 3, 16)) is OccasionStatus.OVERDUE
    assert warning.status_on(date(2030, 1, 1)) is OccasionStatus.DUE
