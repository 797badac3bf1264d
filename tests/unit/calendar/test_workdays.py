"""Working days: overrides, then chinese_calendar, then the provisional statutory fallback."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from lifecycle.calendar import (
    CalendarDate,
    DaySource,
    WorkCalendar,
    YearOverride,
    parse_override_csv,
    statutory_holidays,
)
from lifecycle.errors import ValidationFailed

OVERRIDE_2027 = YearOverride(
    year=2027,
    holidays=frozenset({date(2027, 1, 1), date(2027, 1, 4)}),
    workdays=frozenset({date(2027, 1, 9)}),
)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


# --- official calendar (chinese_calendar) -------------------------------------------------


def test_next_working_day_after_friday_is_make_up_saturday(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2026, 2, 13)) == CalendarDate(date(2026, 2, 14), False)


def test_next_working_day_after_make_up_saturday_skips_spring_festival(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2026, 2, 14)) == CalendarDate(date(2026, 2, 24), False)


def test_source_for_year(cal: WorkCalendar) -> None:
    assert cal.source_for_year(2026) is DaySource.OFFICIAL
    assert cal.source_for_year(2004) is DaySource.OFFICIAL
    assert cal.source_for_year(2027) is DaySource.FALLBACK
    assert cal.source_for_year(2003) is DaySource.FALLBACK
    assert WorkCalendar({2027: OVERRIDE_2027}).source_for_year(2027) is DaySource.OVERRIDE


def test_add_zero_working_days(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2026, 2, 13), 0) == CalendarDate(date(2026, 2, 13), False)
    assert cal.add_working_days(date(2026, 2, 15), 0) == CalendarDate(date(2026, 2, 24), False)


def test_add_working_days_negative_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValidationFailed) as info:
        cal.add_working_days(date(2026, 2, 13), -1)
    assert info.value.field == "n"


def test_working_days_between_official(cal: WorkCalendar) -> None:
    # (Fri 02-13, Tue 02-24]: Sat 02-14 (make-up) and Tue 02-24.
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == (2, False)
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == (0, False)
    with pytest.raises(ValidationFailed):
        cal.working_days_between(date(2026, 2, 13), date(2026, 2, 12))


# --- fallback (no published calendar) ------------------------------------------------------


def test_add_working_days_into_unpublished_year_is_provisional(cal: WorkCalendar) -> None:
    result = cal.add_working_days(date(2026, 12, 20), 15)
    # 9 in December (21-25, 28-31), then 01-04, 05, 06, 07, 08, 11 -> the 15th is 2027-01-11.
    assert result == CalendarDate(date(2027, 1, 11), True)


def test_fallback_new_year_and_ordinary_weekday(cal: WorkCalendar) -> None:
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 5))
    assert not cal.is_workday(date(2027, 1, 9))  # Saturday; the fallback guesses no 调休


def test_fallback_spring_festival_2027(cal: WorkCalendar) -> None:
    # 农历除夕 2027 is 2027-02-05, 初一 2027-02-06: 除夕 through 初三 are off.
    festival = [date(2027, 2, 5) + timedelta(days=i) for i in range(4)]
    assert set(festival) <= statutory_holidays(2027)
    assert [cal.is_workday(d) for d in festival] == [False] * 4
    assert cal.is_workday(date(2027, 2, 4))
    assert cal.is_workday(date(2027, 2, 9))


def test_fallback_statutory_holidays_2027() -> None:
    assert statutory_holidays(2027) == {
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 4, 5),  # 清明
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),  # 端午
        date(2027, 9, 15),  # 中秋
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    }


@pytest.mark.parametrize("year", [2025, 2026], ids=["2025", "2026"])
def test_fallback_rules_agree_with_published_years(year: int) -> None:
    # Under the 2025 rules every statutory holiday is off in the published calendar.
    for day in statutory_holidays(year):
        assert not chinese_calendar.is_workday(day), day


def test_fallback_never_raises_far_outside_known_years(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2150, 1, 1), 3).provisional
    assert cal.next_working_day(date(1990, 12, 31)) == CalendarDate(date(1991, 1, 2), True)
    assert date(2150, 10, 1) in statutory_holidays(2150)


def test_working_days_between_across_years_is_provisional(cal: WorkCalendar) -> None:
    assert cal.working_days_between(date(2026, 12, 31), date(2027, 1, 5)) == (2, True)


# --- overrides -----------------------------------------------------------------------------


def test_override_used_in_preference_to_fallback() -> None:
    cal = WorkCalendar({2027: OVERRIDE_2027})
    assert not cal.is_workday(date(2027, 1, 4))
    assert cal.is_workday(date(2027, 1, 9))
    assert cal.next_working_day(date(2027, 1, 3)) == CalendarDate(date(2027, 1, 5), False)
    assert cal.next_working_day(date(2027, 1, 8)) == CalendarDate(date(2027, 1, 9), False)


def test_results_from_override_and_official_years_are_not_provisional() -> None:
    cal = WorkCalendar({2027: OVERRIDE_2027})
    # 2026-12-21..31: 9 workdays; then 01-05..08 (4) and Saturday 01-09 (make-up) -> 15th.
    assert cal.add_working_days(date(2026, 12, 20), 15) == CalendarDate(date(2027, 1, 11), False)
    assert cal.working_days_between(date(2026, 12, 31), date(2027, 1, 10)) == (5, False)


def test_override_takes_precedence_for_official_year() -> None:
    override = YearOverride(
        year=2026,
        holidays=frozenset({date(2026, 3, 2)}),
        workdays=frozenset(),
    )
    cal = WorkCalendar({2026: override})
    assert cal.source_for_year(2026) is DaySource.OVERRIDE
    assert not cal.is_workday(date(2026, 3, 2))
    # The override replaces the whole year: the official make-up Saturday is not listed.
    assert not cal.is_workday(date(2026, 2, 14))
    assert WorkCalendar().is_workday(date(2026, 3, 2))


def test_override_must_match_its_key() -> None:
    with pytest.raises(ValidationFailed) as info:
        WorkCalendar({2028: OVERRIDE_2027})
    assert info.value.field == "overrides"


def test_year_override_refuses_dates_of_another_year_and_conflicts() -> None:
    with pytest.raises(ValidationFailed) as info:
        YearOverride(year=2027, holidays=frozenset({date(2028, 1, 1)}), workdays=frozenset())
    assert info.value.field == "holidays"
    with pytest.raises(ValidationFailed) as info:
        YearOverride(
            year=2027,
            holidays=frozenset({date(2027, 1, 9)}),
            workdays=frozenset({date(2027, 1, 9)}),
        )
    assert info.value.code == "conflicting_day_kind"


def test_from_overrides_refuses_duplicate_year() -> None:
    with pytest.raises(ValidationFailed):
        WorkCalendar.from_overrides([OVERRIDE_2027, OVERRIDE_2027])


# --- CSV import ----------------------------------------------------------------------------


def test_parse_override_csv_with_header_and_chinese_kinds() -> None:
    text = (
        "\ufeffdate,kind\r\n"
        "2027-01-01,holiday\n"
        "2027-01-04,休\n"
        "\n"
        "2027/1/9,班,元旦调休\n"
        "2028-01-01,Holiday\n"
    )
    overrides = parse_override_csv(text)
    assert overrides == [
        OVERRIDE_2027,
        YearOverride(year=2028, holidays=frozenset({date(2028, 1, 1)}), workdays=frozenset()),
    ]
    assert WorkCalendar.from_overrides(overrides).is_workday(date(2027, 1, 9))


def test_parse_override_csv_without_header() -> None:
    assert parse_override_csv("2027-01-09,workday") == [
        YearOverride(year=2027, holidays=frozenset(), workdays=frozenset({date(2027, 1, 9)}))
    ]


@pytest.mark.parametrize(
    ("text", "field", "code", "line_text"),
    [
        (
            "date,kind\n2027-01-01,holiday\n2027-02-30,holiday\n",
            "lines.3.date",
            "invalid_date",
            "第3行",
        ),
        ("2027-01-01,holiday\nnot-a-date,holiday\n", "lines.2.date", "invalid_date", "第2行"),
        ("2027-01-01,holiday\n2027-01-09,加班\n", "lines.2.kind", "unknown_day_kind", "第2行"),
        ("2027-01-01\n", "lines.1.kind", "unknown_day_kind", "第1行"),
        (
            "2027-01-09,workday\n2027-01-10,休\n2027-01-09,holiday\n",
            "lines.3.date",
            "conflicting_day_kind",
            "第3行",
        ),
    ],
    ids=["bad-date", "not-a-date", "unknown-kind", "missing-kind", "both-kinds"],
)
def test_parse_override_csv_errors_name_the_line(
    text: str, field: str, code: str, line_text: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_override_csv(text)
    assert info.value.field == field
    assert info.value.code == code
    assert line_text in info.value.message


def test_parse_override_csv_reports_every_bad_line() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse_override_csv("2027-13-01,holiday\n2027-01-02,x\n2027-01-03,holiday\n")
    assert [p.field for p in info.value.problems] == ["lines.1.date", "lines.2.kind"]
    assert "第1行" in info.value.message
    assert "第2行" in info.value.message


def test_official_days_match_chinese_calendar(cal: WorkCalendar) -> None:
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
