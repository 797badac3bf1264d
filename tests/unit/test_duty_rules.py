"""Pure rules: which cycles may be inspected [Y12]; the earliest date of a 考核 step [S9]."""

from __future__ import annotations

from datetime import date

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.assessments.service import Step, step_floor
from lifecycle.inspections.cycles import (
    choose_cycle,
    cycle_no_problem,
    inspection_opens,
    nearest_cycle,
    open_cycles,
)
from lifecycle.schemes import get_scheme
from lifecycle.views.designation import cycles_of

NAMED = date(2020, 10, 16)


def test_only_begun_uninspected_cycles_are_open():
    assert open_cycles(NAMED, 3, set(), date(2026, 11, 21)) == [1, 2, 3]
    assert open_cycles(NAMED, 3, {1}, date(2026, 10, 15)) == [2]
    # A title that ended is owed no cycle begun after its end.
    assert open_cycles(NAMED, 3, {1}, date(2026, 11, 21), ended_on=date(2026, 10, 16)) == [2]


def test_the_nearest_open_cycle_end_is_the_one_meant():
    assert nearest_cycle(NAMED, 3, [2, 3], date(2026, 11, 25)) == 2
    assert nearest_cycle(NAMED, 3, [], date(2026, 11, 25)) is None


def test_a_cycle_must_be_open_and_the_date_inside_or_after_it():
    why = cycle_no_problem(NAMED, 3, 9, [2, 3], date(2026, 11, 25))
    assert why is not None
    assert why[0] == "cycle_no"
    assert "可安排的只有第2个、第3个管理周期" in why[2]
    late = cycle_no_problem(NAMED, 3, 3, [2, 3], date(2026, 10, 1))
    assert late is not None
    assert late[:2] == ("scheduled_on", "before_cycle_end")
    assert cycle_no_problem(NAMED, 3, 2, [2, 3], date(2026, 11, 25)) is None


def test_a_cycle_is_inspected_in_its_last_year_or_later_never_years_early():
    """「在每个周期末…实地检查」: cycle 2 (2023-10-16 to 2026-10-16) from 2025-10-16 on [Y12]."""
    assert inspection_opens(NAMED, 3, 2) == date(2025, 10, 16)
    early = cycle_no_problem(NAMED, 3, 2, [2, 3], date(2024, 1, 10))
    assert early is not None
    assert early[:2] == ("scheduled_on", "before_cycle_end")
    assert "周期末检查不能早于2025年10月16日" in early[2]
    assert "第十二条" in early[2]
    assert cycle_no_problem(NAMED, 3, 2, [2, 3], date(2025, 10, 15)) is not None
    assert cycle_no_problem(NAMED, 3, 2, [2, 3], date(2025, 10, 16)) is None
    assert cycle_no_problem(NAMED, 3, 2, [2, 3], date(2027, 3, 1)) is None  # late, still owed
    # Named on 29 February: the last year of cycle 1 opens on 28 February two years on.
    assert inspection_opens(date(2024, 2, 29), 3, 1) == date(2026, 2, 28)


def test_an_ended_title_has_no_current_cycle_and_stops_at_its_end():
    cycles = cycles_of(NAMED, 3, [], date(2030, 1, 1), ended_on=date(2025, 1, 5))
    assert [(c.number, c.ends_on, c.current, c.cut_short) for c in cycles] == [
        (1, date(2023, 10, 16), False, False),
        (2, date(2025, 1, 5), False, True),
    ]


def _recorded(**steps: object) -> AnnualAssessment:
    return AnnualAssessment(year=2026, outcome=AssessmentOutcome.PENDING_DISTRICT, **steps)


# 「每年期末」 [S9]: a step of the year's 考核 is dated from the year's last quarter (D1b).
OPENS = get_scheme("shanghai-model-worker").settings.annual_assessment_opens


def test_a_step_is_not_dated_before_its_years_end_the_naming_or_the_previous_step():
    unit = step_floor(Step.UNIT, 2026, date(2024, 7, 5), None, OPENS)
    assert unit.on == date(2026, 10, 1)
    assert unit.message == (
        "2026年度考核于年度期末进行，日期不能早于2026年10月1日"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条「每年期末」）"
    )
    first_year = step_floor(Step.UNIT, 2024, date(2024, 11, 5), None, OPENS)
    assert (first_year.on, first_year.message) == (
        date(2024, 11, 5),
        "日期不能早于命名日期（2024年11月5日）",
    )
    after_unit = step_floor(
        Step.DISTRICT, 2026, date(2024, 7, 5), _recorded(unit_on=date(2026, 12, 1)), OPENS
    )
    assert after_unit.on == date(2026, 12, 1)
    assert "上一环节（单位工会考核 2026年12月1日）" in after_unit.message
    city = step_floor(
        Step.CITY, 2026, date(2024, 7, 5),
        _recorded(unit_on=date(2026, 11, 1), district_on=date(2026, 12, 4)), OPENS,
    )  # fmt: skip
    assert city.on == date(2026, 12, 4)


def test_an_inspection_on_record_is_of_a_cycle_begun_by_its_day_and_cites_article_twelve():
    day = date(2022, 11, 1)
    choices = open_cycles(NAMED, 3, set(), day)
    assert choose_cycle(NAMED, 3, choices, day, None, held=True) == (1, None)
    cycle, why = choose_cycle(NAMED, 3, choices, day, 2, held=True)
    assert cycle == 2
    assert why is not None
    assert why[:2] == ("cycle_no", "cycle_not_open")
    assert "2022年11月1日已开始且尚未检查的只有第1个管理周期" in why[2]
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条" in why[2]
    none_left = choose_cycle(NAMED, 3, open_cycles(NAMED, 3, {1}, day), day, None, held=True)
    assert none_left[0] is None
    assert none_left[1] is not None
    assert none_left[1][:2] == ("cycle_no", "no_open_cycle")
