"""Legal retirement under 《国务院关于渐进式延迟法定退休年龄的办法》 (in force 2025-01-01)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lifecycle.calendar import (
    LegalRetirement,
    RetirementAge,
    legal_retirement,
    retirement_group_for,
)
from lifecycle.calendar.retirement import births_retiring_between
from lifecycle.vocab import Gender, RetirementGroup
from tests.retirement_points import (
    CHECK_POINT_IDS,
    CHECK_POINTS,
    STEP_BOUNDARIES,
    STEP_BOUNDARY_IDS,
)

M = RetirementGroup.MALE
FC = RetirementGroup.FEMALE_CADRE
FW = RetirementGroup.FEMALE_WORKER


@pytest.mark.parametrize(
    ("group", "born", "years", "months", "retires"), CHECK_POINTS, ids=CHECK_POINT_IDS
)
def test_legal_retirement(
    group: RetirementGroup,
    born: tuple[int, int],
    years: int,
    months: int,
    retires: tuple[int, int],
) -> None:
    result = legal_retirement(date(born[0], born[1], 15), group)
    assert result.age == RetirementAge(years, months)
    assert result.month == retires
    assert result.date == date(retires[0], retires[1], 15)


@pytest.mark.parametrize(
    ("group", "born", "years", "months"), STEP_BOUNDARIES, ids=STEP_BOUNDARY_IDS
)
def test_step_boundaries(
    group: RetirementGroup, born: tuple[int, int], years: int, months: int
) -> None:
    assert legal_retirement(date(born[0], born[1], 1), group).age == RetirementAge(years, months)


def test_day_clamped_to_month_end() -> None:
    result = legal_retirement(date(1965, 1, 31), M)
    assert result == LegalRetirement(age=RetirementAge(60, 1), date=date(2025, 2, 28))


def test_day_clamped_to_thirty_day_month() -> None:
    # Woman worker born 1975-12-31: 50y6m -> June 2026, which has 30 days.
    assert legal_retirement(date(1975, 12, 31), FW).date == date(2026, 6, 30)


def test_leap_day_birth_kept_in_leap_year() -> None:
    assert legal_retirement(date(1964, 2, 29), M).date == date(2024, 2, 29)


def test_age_label() -> None:
    assert RetirementAge(60, 1).label == "60岁1个月"
    assert RetirementAge(63, 0).label == "63岁"


@pytest.mark.parametrize(
    ("gender", "is_cadre", "group"),
    [
        (Gender.MALE, False, M),
        (Gender.MALE, True, M),
        (Gender.FEMALE, True, FC),
        (Gender.FEMALE, False, FW),
    ],
    ids=["man-worker", "man-cadre", "woman-cadre", "woman-worker"],
)
def test_retirement_group_for(gender: Gender, is_cadre: bool, group: RetirementGroup) -> None:
    assert retirement_group_for(gender, is_cadre) is group


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 12, 4), date(2027, 12, 4)),
        (date(2024, 2, 29), date(2024, 3, 31)),  # a leap day, a one-month horizon
        (date(2030, 1, 31), date(2032, 1, 31)),  # month ends clamp
        (date(2040, 6, 1), date(2040, 6, 1)),  # one day, after every cap
    ],
)
@pytest.mark.parametrize("group", list(RetirementGroup))
def test_every_birth_date_retiring_in_the_window_lies_in_the_fetching_bound(group, start, end):
    first, last = births_retiring_between(group, start, end)
    born, retiring = date(1950, 1, 1), 0
    while born <= date(1995, 12, 31):
        if start <= legal_retirement(born, group).date <= end:
            retiring += 1
            assert first <= born <= last, born
        born += timedelta(days=1)
    assert retiring > 0
    # The bound is no wider than the group's range of ages allows (plus the clamping's days).
    assert (last - first).days <= (end - start).days + 31 * (_oldest(group) - _youngest(group) + 1)


def _youngest(group: RetirementGroup) -> int:
    return min(legal_retirement(date(y, 1, 1), group).age.total_months for y in (1950, 1995))


def _oldest(group: RetirementGroup) -> int:
    return max(legal_retirement(date(y, 1, 1), group).age.total_months for y in (1950, 1995))
