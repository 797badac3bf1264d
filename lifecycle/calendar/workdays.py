"""Working days on the Chinese official calendar: overrides, then chinese_calendar, then rules.

Order of knowledge for a year: (1) the admin-maintained override table for that year; (2) the
``chinese_calendar`` package when it knows the year (the State Council's published notices);
(3) a fallback of weekends plus the statutory holidays of 《全国年节及纪念日放假办法》 as amended in
force from 2025-01-01, with every result that rests on it marked provisional. The fallback never
guesses 调休 make-up workdays nor 补假 days, because only the yearly notice fixes them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import chinese_calendar
from lunar_python import Lunar  # type: ignore[import-untyped,unused-ignore]

from lifecycle.errors import Problems, ValidationFailed

# Years whose official arrangement the installed chinese_calendar ships.
_OFFICIAL_FIRST_YEAR: int = min(chinese_calendar.holidays).year
_OFFICIAL_LAST_YEAR: int = max(chinese_calendar.holidays).year

# Years for which the fallback can place the lunar festivals and 清明 (lunar-python: lunar years
# 1900..2099; chinese_calendar's 寿星 formula is astronomically right for 2004..2099, not 2100).
_LUNAR_FIRST_YEAR = 1900
_LUNAR_LAST_YEAR = 2099

_SATURDAY = 5


class DaySource(StrEnum):
    """Where the workday status of a year comes from."""

    OVERRIDE = "override"  # admin-maintained table
    OFFICIAL = "official"  # chinese_calendar (published State Council notice)
    FALLBACK = "fallback"  # weekends + statutory holidays; provisional


@dataclass(frozen=True)
class YearOverride:
    """The official holidays and make-up workdays (调休) of one year, maintained by an admin."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        """Refuse dates of another year and a date that is both a holiday and a workday."""
        problems = Problems()
        for name, days in (("holidays", self.holidays), ("workdays", self.workdays)):
            for day in sorted(days):
                if day.year != self.year:
                    problems.add(
                        name,
                        "date_outside_year",
                        f"{day.isoformat()} 不属于 {self.year} 年",
                    )
        for day in sorted(self.holidays & self.workdays):
            problems.add(
                "workdays",
                "conflicting_day_kind",
                f"{day.isoformat()} 不能同时是放假日和调休上班日",
            )
        problems.raise_if_any()

    def is_workday(self, day: date) -> bool:
        """A make-up workday works; otherwise Monday–Friday not listed as a holiday."""
        if day in self.workdays:
            return True
        return day.weekday() < _SATURDAY and day not in self.holidays


@dataclass(frozen=True)
class CalendarDate:
    """A computed date and whether it rests on a not-yet-published (fallback) calendar."""

    value: date
    provisional: bool


def _next_day(day: date) -> date:
    """The following calendar day, refused as a validation error past date.max."""
    try:
        return day + timedelta(days=1)
    except OverflowError:
        raise ValidationFailed(
            "日期超出可计算范围", code="date_out_of_range", field="date"
        ) from None


def _qingming(year: int) -> date:
    """清明 solar-term date (chinese_calendar's 寿星 formula; valid for 1900..2099)."""
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    for day, name in terms:
        if name == "清明":
            found: date = day
            return found
    raise AssertionError(f"no 清明 in April {year}")  # pragma: no cover - formula always yields one


def _lunar_to_solar(year: int, month: int, day: int) -> date:
    """Gregorian date of a (non-leap) lunar date via lunar-python."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=512)
def statutory_holidays(year: int) -> frozenset[date]:
    """Statutory holidays of a year per 《全国年节及纪念日放假办法》 as amended, from 2025-01-01."""
    # 元旦 1-1; 春节 除夕–正月初三; 清明 the solar term; 劳动节 5-1..5-2; 端午 五月初五;
    # 中秋 八月十五; 国庆 10-1..10-3. Outside 1900..2099 the lunar festivals and 清明 cannot be
    # placed and are omitted (the result is provisional anyway).
    days: set[date] = {
        date(year, 1, 1),
        date(year, 5, 1),
        date(year, 5, 2),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }
    if _LUNAR_FIRST_YEAR <= year <= _LUNAR_LAST_YEAR:
        new_year = _lunar_to_solar(year, 1, 1)
        days.update(new_year + timedelta(days=offset) for offset in range(-1, 3))
        days.add(_qingming(year))
        days.add(_lunar_to_solar(year, 5, 5))
        days.add(_lunar_to_solar(year, 8, 15))
    return frozenset(days)


class WorkCalendar:
    """Working-day arithmetic over overrides, the official calendar and the statutory fallback."""

    def __init__(self, overrides: Mapping[int, YearOverride] | None = None) -> None:
        """Keep a copy of the admin overrides, keyed by year."""
        table = dict(overrides or {})
        for year, override in table.items():
            if override.year != year:
                raise ValidationFailed(
                    f"年度调整表的年份 {override.year} 与键 {year} 不一致",
                    code="override_year_mismatch",
                    field="overrides",
                )
        self._overrides: dict[int, YearOverride] = table

    @classmethod
    def from_overrides(cls, overrides: Iterable[YearOverride]) -> WorkCalendar:
        """Build a calendar from a list of overrides (e.g. parse_override_csv's result)."""
        table: dict[int, YearOverride] = {}
        for override in overrides:
            if override.year in table:
                raise ValidationFailed(
                    f"{override.year} 年的调整表重复",
                    code="duplicate_override_year",
                    field="overrides",
                )
            table[override.year] = override
        return cls(table)

    def source_for_year(self, year: int) -> DaySource:
        """Override first, then chinese_calendar if it knows the year, else the fallback."""
        if year in self._overrides:
            return DaySource.OVERRIDE
        if _OFFICIAL_FIRST_YEAR <= year <= _OFFICIAL_LAST_YEAR:
            return DaySource.OFFICIAL
        return DaySource.FALLBACK

    def _classify(self, day: date) -> tuple[bool, DaySource]:
        """Whether `day` is a workday, and which source decided it."""
        source = self.source_for_year(day.year)
        if source is DaySource.OVERRIDE:
            return self._overrides[day.year].is_workday(day), source
        if source is DaySource.OFFICIAL:
            # Same rule as chinese_calendar.is_workday, without its per-call scan of the table.
            official = day in chinese_calendar.workdays or (
                day.weekday() < _SATURDAY and day not in chinese_calendar.holidays
            )
            return official, source
        workday = day.weekday() < _SATURDAY and day not in statutory_holidays(day.year)
        return workday, source

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a working day on the best-known calendar of its year."""
        return self._classify(day)[0]

    def next_working_day(self, day: date) -> CalendarDate:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def add_working_days(self, start: date, n: int) -> CalendarDate:
        """The n-th working day after `start` (n=0: `start` if a workday, else the next one)."""
        if n < 0:
            raise ValidationFailed("工作日天数不能为负数", code="negative_working_days", field="n")
        provisional = False
        day = start
        remaining = n
        if n == 0:
            workday, source = self._classify(start)
            provisional = source is DaySource.FALLBACK
            if workday:
                return CalendarDate(start, provisional)
            remaining = 1
        while remaining:
            day = _next_day(day)
            workday, source = self._classify(day)
            provisional = provisional or source is DaySource.FALLBACK
            if workday:
                remaining -= 1
        return CalendarDate(day, provisional)

    def working_days_between(self, start: date, end: date) -> tuple[int, bool]:
        """Count of working days in (start, end], and whether any day came from the fallback."""
        if end < start:
            raise ValidationFailed("结束日期不能早于开始日期", code="invalid_window", field="end")
        count = 0
        provisional = False
        day = start
        while day < end:
            day = day + timedelta(days=1)
            workday, source = self._classify(day)
            provisional = provisional or source is DaySource.FALLBACK
            count += workday
        return count, provisional


_HEADER_FIRST_CELLS = frozenset({"date", "day", "日期"})
_KINDS: dict[str, bool] = {"holiday": False, "休": False, "workday": True, "班": True}
_KIND_LABELS = {False: "放假", True: "上班"}
_DATE_RE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def _parse_date(text: str) -> date | None:
    """YYYY-MM-DD (or YYYY/M/D) to a date, None when it is not a real date."""
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_override_csv(text: str) -> list[YearOverride]:
    """Parse an admin import of `date,kind` lines (holiday/workday or 休/班; header optional)."""
    # Blank lines are skipped and columns after the second (e.g. a note) are ignored. Every bad
    # line is reported at once; each problem names the line number and the column.
    problems = Problems()
    kinds: dict[date, tuple[bool, int]] = {}
    lines = text.removeprefix("\ufeff").splitlines()
    seen_content = False
    for number, row in enumerate(csv.reader(lines), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        first_content, seen_content = not seen_content, True
        if first_content and cells[0].casefold() in _HEADER_FIRST_CELLS:
            continue
        where = f"lines.{number}"
        day = _parse_date(cells[0])
        if day is None:
            problems.add(
                f"{where}.date",
                "invalid_date",
                f"第{number}行：日期“{cells[0]}”无效，应为 YYYY-MM-DD",
            )
        raw_kind = cells[1] if len(cells) > 1 else ""
        is_workday = _KINDS.get(raw_kind.casefold())
        if is_workday is None:
            problems.add(
                f"{where}.kind",
                "unknown_day_kind",
                f"第{number}行：类型“{raw_kind}”无效，应为 holiday/休 或 workday/班",
            )
        if day is None or is_workday is None:
            continue
        previous = kinds.get(day)
        if previous is not None and previous[0] != is_workday:
            problems.add(
                f"{where}.date",
                "conflicting_day_kind",
                f"第{number}行：{day.isoformat()} 已在第{previous[1]}行登记为"
                f"{_KIND_LABELS[previous[0]]}，不能又登记为{_KIND_LABELS[is_workday]}",
            )
            continue
        if previous is None:
            kinds[day] = (is_workday, number)
    problems.raise_if_any()

    by_year: dict[int, tuple[set[date], set[date]]] = {}
    for day, (is_workday, _line) in kinds.items():
        holidays, workdays = by_year.setdefault(day.year, (set(), set()))
        (workdays if is_workday else holidays).add(day)
    return [
        YearOverride(year=year, holidays=frozenset(h), workdays=frozenset(w))
        for year, (h, w) in sorted(by_year.items())
    ]
