"""Use cases on the working-day calendar: build it from the overrides, import override years."""

from __future__ import annotations

from lifecycle.calendar.workdays import WorkCalendar, parse_override_csv
from lifecycle.uow import UnitOfWork


def work_calendar(uow: UnitOfWork) -> WorkCalendar:
    """The official calendar with the admin's overrides first."""
    return WorkCalendar(uow.calendar.overrides())


def import_overrides(uow: UnitOfWork, csv_text: str) -> dict[int, int]:
    """Replace the overridden years found in `csv_text`; returns days written per year."""
    years = parse_override_csv(csv_text)
    uow.calendar.replace_years(years)
    return {y.year: len(y.holidays) + len(y.workdays) for y in years}
