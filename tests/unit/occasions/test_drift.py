"""Drift warnings [Y3]: no project in the year, no achievement for two years."""

from __future__ import annotations

from datetime import date

from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.rules import occasions_for
from tests.unit.occasions.helpers import (
    EVERYTHING_UNTIL_2030,
    SHANGHAI,
    SHANGHAI_BASE,
    UNIT,
    YANGPU,
    facts,
)

NO_2026_PROJECT = facts(project_years=frozenset({2023, 2024, 2025}))


def _of(kind, f, as_of, window=EVERYTHING_UNTIL_2030, settings=YANGPU):
    return [o for o in occasions_for(f, settings, window, as_of) if o.kind is kind]


def test_no_project_warning_shows_from_1_october_until_a_project_is_recorded():
    assert YANGPU.drift_project_warning_from == (10, 1)
    assert _of(K.DRIFT_NO_PROJECT, NO_2026_PROJECT, date(2026, 9, 30)) == []
    (o,) = _of(K.DRIFT_NO_PROJECT, NO_2026_PROJECT, date(2026, 10, 1))
    assert (o.due_on, o.status, o.union_id) == (date(2026, 10, 1), St.DUE, UNIT)
    assert o.title == "2026年度尚未登记攻关项目"
    assert o.key == "drift_no_project:7:2026"
    assert o.link == "/designations/7#ledgers"
    (later,) = _of(K.DRIFT_NO_PROJECT, NO_2026_PROJECT, date(2026, 12, 31))
    assert later.status is St.DUE  # a warning has no "overdue"
    assert _of(K.DRIFT_NO_PROJECT, facts(), date(2026, 12, 31)) == []


def test_no_project_warning_needs_the_title_named_before_1_october():
    named_then = facts(naming_date=date(2026, 10, 1), project_years=frozenset())
    assert _of(K.DRIFT_NO_PROJECT, named_then, date(2026, 11, 1)) == []
    named_before = facts(naming_date=date(2026, 9, 30), project_years=frozenset())
    assert [o.due_on for o in _of(K.DRIFT_NO_PROJECT, named_before, date(2026, 11, 1))] == [
        date(2026, 10, 1)
    ]


def test_no_project_warning_lapses_at_the_end_of_its_year():
    empty = facts(project_years=frozenset())
    window = Window(date(2025, 1, 1), date(2027, 12, 31))
    found = _of(K.DRIFT_NO_PROJECT, empty, date(2026, 10, 1), window)
    assert [o.key for o in found] == ["drift_no_project:7:2026"]
    assert found[0].days.shows_until == date(2026, 12, 31)
    assert _of(K.DRIFT_NO_PROJECT, empty, date(2026, 12, 31), window) != []
    assert _of(K.DRIFT_NO_PROJECT, empty, date(2027, 1, 1), window) == []
    # A window starting after as_of's year still shows the warning standing on as_of.
    later = Window(date(2027, 1, 1), date(2027, 3, 31))
    assert [o.key for o in _of(K.DRIFT_NO_PROJECT, empty, date(2026, 11, 1), later)] == [
        "drift_no_project:7:2026"
    ]
    dashboard = Window(date(2026, 11, 1), date(2026, 12, 31))
    assert [o.key for o in _of(K.DRIFT_NO_PROJECT, empty, date(2026, 11, 1), dashboard)] == [
        "drift_no_project:7:2026"
    ]


def test_no_achievement_warning_starts_the_day_after_two_years():
    f = facts(last_achievement_on=date(2024, 5, 1))
    assert _of(K.DRIFT_NO_ACHIEVEMENT, f, date(2026, 5, 1)) == []
    (o,) = _of(K.DRIFT_NO_ACHIEVEMENT, f, date(2026, 5, 2))
    assert (o.due_on, o.status, o.union_id) == (date(2026, 5, 2), St.DUE, UNIT)
    assert o.title == "近两年无创新成果"
    assert o.key == "drift_no_achievement:7:2024-05-01"
    (later,) = _of(K.DRIFT_NO_ACHIEVEMENT, f, date(2026, 11, 21))
    assert later.status is St.DUE


def test_without_any_achievement_the_two_years_run_from_naming():
    f = facts(last_achievement_on=None)
    assert _of(K.DRIFT_NO_ACHIEVEMENT, f, date(2025, 3, 15)) == []
    (o,) = _of(K.DRIFT_NO_ACHIEVEMENT, f, date(2025, 3, 16))
    assert o.due_on == date(2025, 3, 16)


def test_a_recent_achievement_clears_the_warning():
    assert _of(K.DRIFT_NO_ACHIEVEMENT, facts(), date(2026, 11, 21)) == []


def test_shanghai_titles_have_no_drift_checks():
    f = facts(SHANGHAI_BASE, project_years=frozenset(), last_achievement_on=None)
    found = occasions_for(f, SHANGHAI, EVERYTHING_UNTIL_2030, date(2027, 1, 1))
    assert not [o for o in found if o.kind in (K.DRIFT_NO_PROJECT, K.DRIFT_NO_ACHIEVEMENT)]
