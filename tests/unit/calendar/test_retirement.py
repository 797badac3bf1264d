"""Legal retirement under 《国务院关于渐进式提高法定退休年龄的办法》 (in force 2025-01-01)."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.calendar import (
    LegalRetirement,
    RetirementAge,
    legal_retirement,
    retirement_group_for,
)
from lifecycle.vocab import Gender, RetirementGroup

M = RetirementGroup.MALE
FC = RetirementGroup.FEMALE_CADRE
FW = RetirementGroup.FEMALE_WORKER


@pytest.mark.parametrize(
    ("group", "born", "years", "months", "retires"),
    [
        (M, (1965, 1), 60, 1, (2025, 2)),
        (M, (1965, 5), 60, 2, (2025, 7)),
        (M, (1966, 1), 60, 4, (2026, 5)),
        (M, (1976, 9), 63, 0, (2039, 9)),
        (M, (1964, 12), 60, 0, (2024, 12)),
        (FC, (1970, 1), 55, 1, (2025, 2)),
        (FC, (1981, 9), 58, 0, (2039, 9)),
        (FW, (1975, 3), 50, 2, (2025, 5)),
        (FW, (1984, 11), 55, 0, (2039, 11)),
        (FW, (1974, 12), 50, 0, (2024, 12)),
    ],
    ids=[
        "man-1965-01-first-step",
        "man-1965-05-second-step",
        "man-1966-01",
        "man-1976-09-capped-63",
        "man-1964-12-old-age",
        "woman-cadre-1970-01-first-step",
        "woman-cadre-1981-09-capped-58",
        "woman-worker-1975-03-second-step",
        "woman-worker-1984-11-capped-55",
        "woman-worker-1974-12-old-age",
    ],
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
    ("group", "born", "years", "months"),
    [
        (M, (1965, 4), 60, 1),
        (M, (1976, 8), 62, 11),
        (M, (1976, 4), 62, 10),
        (FC, (1970, 5), 55, 2),
        (FW, (1975, 2), 50, 1),
        (FW, (1984, 10), 54, 11),
        (FW, (1984, 8), 54, 10),
        (FW, (1990, 1), 55, 0),
    ],
    ids=[
        "man-1965-04-end-of-first-step",
        "man-1976-08-one-below-cap",
        "man-1976-04-two-below-cap",
        "woman-cadre-1970-05",
        "woman-worker-1975-02-end-of-first-step",
        "woman-worker-1984-10-one-below-cap",
        "woman-worker-1984-08-two-below-cap",
        "woman-worker-1990-01-after-cap",
    ],
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
