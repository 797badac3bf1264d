"""Scheduled duties: cycle inspections [Y12], yearly filings [Y11], 考核 [S9], 整改 [Y12]."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.occasions.facts import Window
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.rules import occasions_for
from lifecycle.vocab import DesignationStatus
from tests.unit.occasions.helpers import (
    CITY,
    DISTRICT,
    EVERYTHING_UNTIL_2030,
    SECTOR,
    SHANGHAI,
    SHANGHAI_BASE,
    UNIT,
    YANGPU,
    facts,
    notice,
)


def _of(kind, f, as_of, window=EVERYTHING_UNTIL_2030, settings=YANGPU):
    return [o for o in occasions_for(f, settings, window, as_of) if o.kind is kind]


# --- cycle-end inspections [Y12] -------------------------------------------------------------


def test_cycle_k_ends_at_naming_date_plus_three_k_years():
    found = _of(K.CYCLE_INSPECTION, facts(), date(2026, 1, 1))
    assert [(o.due_on, o.title, o.key) for o in found] == [
        (date(2026, 3, 15), "第1个管理周期末实地检查", "cycle_inspection:7:1"),
        (date(2029, 3, 15), "第2个管理周期末实地检查", "cycle_inspection:7:2"),
    ]
    first = found[0]
    assert first.union_id == DISTRICT
    assert first.link == "/designations/7#inspections"
    assert first.subject == "张师傅数控攻关劳模创新工作室（杨浦 2023-015）"


@pytest.mark.parametrize(
    ("as_of", "passed", "expected"),
    [
        (date(2026, 1, 1), frozenset(), St.UPCOMING),
        (date(2026, 2, 13), frozenset(), St.DUE),
        (date(2026, 3, 15), frozenset(), St.DUE),
        (date(2026, 3, 16), frozenset(), St.OVERDUE),
        (date(2026, 3, 16), frozenset({1}), St.DONE),
        (date(2026, 3, 16), frozenset({2}), St.OVERDUE),
    ],
)
def test_cycle_one_status(as_of, passed, expected):
    found = _of(K.CYCLE_INSPECTION, facts(passed_cycles=passed), as_of)
    assert found[0].status is expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2026, 2, 13), St.DUE), (date(2026, 3, 16), St.OVERDUE), (date(2026, 5, 1), St.OVERDUE)],
)
def test_a_scheduled_cycle_inspection_says_when_and_keeps_its_status(as_of, expected):
    """Scheduled is not held (reading 26a): the line names the day, the status is the rule's."""
    scheduled = facts(scheduled_cycles={1: date(2026, 4, 20)})
    first, second = _of(K.CYCLE_INSPECTION, scheduled, as_of)
    assert first.title == "第1个管理周期末实地检查（已安排于2026年4月20日，结果待登记）"
    assert (first.status, first.due_on, first.key) == (
        expected,
        date(2026, 3, 15),
        "cycle_inspection:7:1",
    )
    assert second.title == "第2个管理周期末实地检查"
    # A result recorded for the cycle: done, as before, whatever is still on record as scheduled.
    done = facts(passed_cycles=frozenset({1}), scheduled_cycles={1: date(2026, 4, 20)})
    (held, _) = _of(K.CYCLE_INSPECTION, done, date(2026, 5, 1))
    assert (held.title, held.status) == ("第1个管理周期末实地检查", St.DONE)


def test_a_failed_cycle_end_inspection_is_done_the_notice_takes_over():
    found = _of(K.CYCLE_INSPECTION, facts(failed_cycles=frozenset({1})), date(2026, 4, 1))
    assert found[0].status is St.DONE


def test_overdue_cycles_before_the_window_are_still_owed_unless_passed():
    window = Window(date(2026, 6, 1), date(2026, 12, 31))
    assert [o.key for o in _of(K.CYCLE_INSPECTION, facts(), date(2026, 6, 1), window)] == [
        "cycle_inspection:7:1"
    ]
    passed = facts(passed_cycles=frozenset({1}))
    assert _of(K.CYCLE_INSPECTION, passed, date(2026, 6, 1), window) == []


def test_a_29_february_naming_ends_its_cycle_on_28_february():
    found = _of(K.CYCLE_INSPECTION, facts(naming_date=date(2024, 2, 29)), date(2026, 1, 1))
    assert found[0].due_on == date(2027, 2, 28)


# --- yearly filings [Y11] --------------------------------------------------------------------


def test_both_filings_are_due_31_december_for_the_unit_union():
    window = Window(date(2026, 1, 1), date(2026, 12, 31))
    found = [
        o
        for o in occasions_for(facts(), YANGPU, window, date(2026, 12, 1))
        if o.kind in (K.SELF_CHECK_FILING, K.UNIT_EVALUATION_FILING) and o.due_on >= window.start
    ]
    assert [(o.kind, o.due_on, o.title, o.union_id, o.status) for o in found] == [
        (K.SELF_CHECK_FILING, date(2026, 12, 31), "2026年度工作室自查备案", UNIT, St.DUE),
        (K.UNIT_EVALUATION_FILING, date(2026, 12, 31), "2026年度单位工会评估备案", UNIT, St.DUE),
    ]
    assert found[0].key == "self_check_filing:7:2026"
    assert found[0].link == "/designations/7#filings"


def test_missing_filings_are_overdue_on_1_january_and_done_once_filed():
    f = facts(filings=frozenset({(2026, "self_check")}))
    found = {o.kind: o for o in _of_year(f, 2026, date(2027, 1, 1))}
    assert found[K.SELF_CHECK_FILING].status is St.DONE
    assert found[K.UNIT_EVALUATION_FILING].status is St.OVERDUE


def _of_year(f, year, as_of):
    return [
        o
        for o in occasions_for(f, YANGPU, EVERYTHING_UNTIL_2030, as_of)
        if o.kind in (K.SELF_CHECK_FILING, K.UNIT_EVALUATION_FILING) and o.due_on.year == year
    ]


@pytest.mark.parametrize(
    ("named", "first"),
    [(date(2023, 3, 15), 2023), (date(2023, 10, 1), 2023), (date(2023, 10, 2), 2024)],
)
def test_filings_start_with_the_naming_year_if_named_by_1_october(named, first):
    found = _of(K.SELF_CHECK_FILING, facts(naming_date=named), date(2026, 1, 1))
    assert found[0].due_on == date(first, 12, 31)


def test_shanghai_titles_file_nothing_and_yangpu_titles_have_no_assessment():
    assert _of(K.SELF_CHECK_FILING, facts(SHANGHAI_BASE), date(2027, 1, 1), settings=SHANGHAI) == []
    assert _of(K.ANNUAL_ASSESSMENT, facts(), date(2027, 1, 1)) == []


# --- annual 考核 [S9] ------------------------------------------------------------------------


def _assessment(year, as_of, **changes):
    f = facts(SHANGHAI_BASE, **changes)
    found = _of(K.ANNUAL_ASSESSMENT, f, as_of, settings=SHANGHAI)
    return next(o for o in found if o.due_on.year == year)


def test_a_shanghai_title_without_a_2026_assessment_is_overdue_on_1_january_2027():
    o = _assessment(2026, date(2027, 1, 1))
    assert o.due_on == date(2026, 12, 31)
    assert o.status is St.OVERDUE
    assert o.title == "2026年度考核（待单位工会考核）"  # the unit's own union first [S9]
    assert o.union_id == UNIT
    assert o.key == "annual_assessment:8:2026"
    assert o.link == "/designations/8#assessments"


@pytest.mark.parametrize(
    ("outcome", "union", "status", "label"),
    [
        ("pending_unit", UNIT, St.DUE, "待单位工会考核"),
        ("pending_district", DISTRICT, St.DUE, "待区局（产业）工会考核"),
        ("revocation_applied", CITY, St.DUE, "已申请摘牌，待市总工会决定"),
        ("passed", DISTRICT, St.DONE, "考核合格"),
        ("kept", DISTRICT, St.DONE, "市总工会决定保留"),
    ],
)
def test_the_acting_union_follows_the_assessment_step(outcome, union, status, label):
    o = _assessment(2026, date(2026, 12, 20), assessments={2026: outcome})
    assert (o.union_id, o.status, o.title) == (union, status, f"2026年度考核（{label}）")


@pytest.mark.parametrize("named", [date(2024, 7, 5), date(2024, 10, 6), date(2024, 12, 31)])
def test_a_city_title_owes_the_assessment_of_its_naming_year_whenever_named(named):
    """「每年期末」 [S9] (reading D1a): a title named by the year end is assessed at that end,
    unlike a Yangpu title's first filing, owed the next year when named after 1 October [Y11]."""
    f = facts(SHANGHAI_BASE, naming_date=named)
    found = _of(K.ANNUAL_ASSESSMENT, f, date(2025, 1, 1), settings=SHANGHAI)
    assert [(o.due_on, o.status) for o in found[:2]] == [
        (date(2024, 12, 31), St.OVERDUE),
        (date(2025, 12, 31), St.UPCOMING),
    ]
    assert found[0].title == "2024年度考核（待单位工会考核）"
    assert _of(K.SELF_CHECK_FILING, facts(naming_date=date(2024, 10, 6)), date(2025, 1, 1))[
        0
    ].due_on == date(2025, 12, 31)


# --- 整改 deadlines and pending 撤牌 [Y12] ---------------------------------------------------


def test_an_open_notice_is_a_deadline_for_its_addressee_union():
    f = facts(status=DesignationStatus.RECTIFYING, notices=(notice(provisional=True),))
    (o,) = _of(K.RECTIFICATION_DEADLINE, f, date(2026, 5, 1))
    assert (o.due_on, o.union_id, o.status) == (date(2026, 5, 20), SECTOR, St.DUE)
    assert o.title == "整改期限（杨工创〔2026〕3号）"
    assert o.key == "rectification_deadline:5"
    assert o.link == "/notices/5"
    assert o.provisional
    (late,) = _of(K.RECTIFICATION_DEADLINE, f, date(2026, 5, 21))
    assert late.status is St.OVERDUE


def test_a_closed_notice_is_done():
    f = facts(notices=(notice(open=False),))
    (o,) = _of(K.RECTIFICATION_DEADLINE, f, date(2026, 5, 21))
    assert o.status is St.DONE


def test_revocation_is_pending_only_after_the_deadline_of_an_open_notice():
    f = facts(status=DesignationStatus.RECTIFYING, notices=(notice(),))
    assert _of(K.REVOCATION_PENDING, f, date(2026, 5, 20)) == []
    (o,) = _of(K.REVOCATION_PENDING, f, date(2026, 5, 21))
    assert (o.due_on, o.union_id, o.status) == (date(2026, 5, 21), DISTRICT, St.DUE)
    assert o.title == "逾期未整改，待确认撤牌"
    assert o.key == "revocation_pending:5"
    assert o.link == "/notices/5"  # its page, where the 撤牌 is confirmed
    (still,) = _of(K.REVOCATION_PENDING, f, date(2026, 7, 1))
    assert still.status is St.OVERDUE  # standing, not a warning: due on its day, late after
    closed = facts(notices=(notice(open=False),))
    assert _of(K.REVOCATION_PENDING, closed, date(2026, 7, 1)) == []
