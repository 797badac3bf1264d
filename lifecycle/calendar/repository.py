"""Every query on the admin-maintained calendar overrides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.calendar.workdays import YearOverride
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed_rows


class CalendarRepository:
    """Override years: the admin's word comes before the published calendar."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def overrides(self) -> dict[int, YearOverride]:
        """Every overridden year, keyed by year."""
        holidays: dict[int, set[date]] = defaultdict(set)
        workdays: dict[int, set[date]] = defaultdict(set)
        for row in self.session.scalars(select(CalendarOverrideDay)):
            (holidays if row.kind == "holiday" else workdays)[row.day.year].add(row.day)
        years = set(holidays) | set(workdays)
        return {
            y: YearOverride(
                year=y, holidays=frozenset(holidays[y]), workdays=frozenset(workdays[y])
            )
            for y in sorted(years)
        }

    def years_page(self, window: Window) -> Listing[YearOverride]:
        """A page of the overridden years, oldest first (paged in SQL by year), each with its
        days, and how many years are overridden."""
        year = extract("year", CalendarOverrideDay.day).label("year")
        years = select(year).distinct().order_by(year)
        page = windowed_rows(self.session, years, window)
        shown = [int(y) for (y,) in page.items]
        holidays: dict[int, set[date]] = {y: set() for y in shown}
        workdays: dict[int, set[date]] = {y: set() for y in shown}
        if shown:
            stmt = select(CalendarOverrideDay).where(
                extract("year", CalendarOverrideDay.day).in_(shown)
            )
            for row in self.session.scalars(stmt):
                (holidays if row.kind == "holiday" else workdays)[row.day.year].add(row.day)
        found = [YearOverride(y, frozenset(holidays[y]), frozenset(workdays[y])) for y in shown]
        return Listing(found, page.total)

    def days(self, year: int) -> Sequence[CalendarOverrideDay]:
        stmt = (
            select(CalendarOverrideDay)
            .where(extract("year", CalendarOverrideDay.day) == year)
            .order_by(CalendarOverrideDay.day)
        )
        return self.session.scalars(stmt).all()

    def replace_years(self, years: Iterable[YearOverride]) -> int:
        """Replace whole years with the given overrides; returns the number of days written.

        Row by row through the session, so the audit log keeps each day removed or changed (a
        bulk DELETE would pass it by); a day kept as it was is not touched."""
        written = 0
        for override in years:
            wanted = dict.fromkeys(override.holidays, "holiday")
            wanted.update(dict.fromkeys(override.workdays, "workday"))
            for row in self.days(override.year):
                kind = wanted.pop(row.day, None)
                if kind is None:
                    self.session.delete(row)
                elif kind != row.kind:
                    row.kind = kind
            self.session.flush()  # the removals first: a day is unique
            for day, kind in sorted(wanted.items()):
                self.session.add(CalendarOverrideDay(day=day, kind=kind))
            written += len(override.holidays) + len(override.workdays)
        self.session.flush()
        return written
