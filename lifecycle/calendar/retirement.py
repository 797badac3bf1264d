"""Legal retirement age and date under 《国务院关于渐进式延迟法定退休年龄的办法》 (2025-01-01)."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from lifecycle.vocab import Gender, RetirementGroup


@dataclass(frozen=True)
class RetirementAge:
    """A retirement age in whole years and months, e.g. 60 years 1 month."""

    years: int
    months: int

    @property
    def total_months(self) -> int:
        """The age in months."""
        return self.years * 12 + self.months

    @property
    def label(self) -> str:
        """Chinese label, e.g. 60岁1个月 or 63岁."""
        return f"{self.years}岁{self.months}个月" if self.months else f"{self.years}岁"


@dataclass(frozen=True)
class LegalRetirement:
    """The legal retirement age of a person and the date they reach it."""

    age: RetirementAge
    date: dt.date

    @property
    def month(self) -> tuple[int, int]:
        """(year, month) of retirement."""
        return self.date.year, self.date.month


@dataclass(frozen=True)
class _GroupRule:
    """Original age, first birth month affected, months of birth per +1 month, and the cap."""

    original_years: int
    start: tuple[int, int]
    birth_months_per_step: int
    max_extra_months: int


# 办法 附件: 男职工 60→63 (from births 1965-01, +1 month per 4 months); 原55岁女职工 55→58
# (from 1970-01, per 4 months); 原50岁女职工 50→55 (from 1975-01, per 2 months).
_RULES: dict[RetirementGroup, _GroupRule] = {
    RetirementGroup.MALE: _GroupRule(60, (1965, 1), 4, 36),
    RetirementGroup.FEMALE_CADRE: _GroupRule(55, (1970, 1), 4, 36),
    RetirementGroup.FEMALE_WORKER: _GroupRule(50, (1975, 1), 2, 60),
}


def retirement_group_for(gender: Gender, is_cadre: bool) -> RetirementGroup:
    """Men 60 whatever the post; women cadres (原55岁) and women workers (原50岁) differ."""
    if gender is Gender.MALE:
        return RetirementGroup.MALE
    return RetirementGroup.FEMALE_CADRE if is_cadre else RetirementGroup.FEMALE_WORKER


def retirement_age(birth_year: int, birth_month: int, group: RetirementGroup) -> RetirementAge:
    """Age per 办法 附件: +1 month per 4 (or 2) birth months from the group's start, capped."""
    rule = _RULES[group]
    months_after_start = (birth_year - rule.start[0]) * 12 + (birth_month - rule.start[1])
    if months_after_start < 0:
        extra = 0
    else:
        extra = min(months_after_start // rule.birth_months_per_step + 1, rule.max_extra_months)
    years, months = divmod(rule.original_years * 12 + extra, 12)
    return RetirementAge(years=years, months=months)


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, the day clamped to the end of a shorter month."""
    year, month_index = divmod(day.year * 12 + (day.month - 1) + months, 12)
    month = month_index + 1
    last = monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def legal_retirement(birth_date: dt.date, group: RetirementGroup) -> LegalRetirement:
    """Legal retirement age and date (birth date + age, day clamped) under the 2025 办法."""
    age = retirement_age(birth_date.year, birth_date.month, group)
    return LegalRetirement(age=age, date=_add_months(birth_date, age.total_months))


def births_retiring_between(
    group: RetirementGroup, start: dt.date, end: dt.date
) -> tuple[dt.date, dt.date]:
    """The birth dates (first, last) of ``group`` whose legal retirement date can fall from
    ``start`` to ``end``: from the group's oldest and youngest ages, a few days wider at each end
    for the clamping of the day. A bound for fetching, not the rule: ``legal_retirement`` decides
    each person."""
    rule = _RULES[group]
    youngest = rule.original_years * 12
    oldest = youngest + rule.max_extra_months
    slack = dt.timedelta(days=4)
    return _add_months(start, -oldest) - slack, _add_months(end, -youngest) + slack


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months (a horizon such as 12 months ahead), the day clamped."""
    return _add_months(day, months)
