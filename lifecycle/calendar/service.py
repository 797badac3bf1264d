"""Use cases on the working-day calendar: build it from the overrides, import override years."""

from __future__ import annotations

from lifecycle.accounts.principal import Principal
from lifecycle.calendar.workdays import WorkCalendar, parse_override_csv
from lifecycle.errors import DomainError
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel

CALENDAR_REFUSAL = (
    "节假日安排是全服务共用的参考数据，影响所有工会的工作日期限，只能由市总工会的系统管理员导入"
)


class CalendarNotYours(DomainError):
    """An admin below a city union replacing the holiday calendar every union counts by."""

    code = "calendar_not_yours"
    http_status = 403


def calendar_refusal(by: Principal | None) -> str | None:
    """Why ``by`` may not replace the holiday calendar (None: they may): it is shared by every
    union's working-day deadlines, so only an admin of a city union (a tree's top) changes it;
    ``by`` None is the server's operator (``workshops calendar``)."""
    if by is None or by.union_level == UnionLevel.CITY:
        return None
    return CALENDAR_REFUSAL


def work_calendar(uow: UnitOfWork) -> WorkCalendar:
    """The official calendar with the admin's overrides first."""
    return WorkCalendar(uow.calendar.overrides())


def import_overrides(uow: UnitOfWork, csv_text: str, *, by: Principal | None) -> dict[int, int]:
    """Replace the overridden years found in `csv_text` (only as ``calendar_refusal`` allows
    ``by``); returns days written per year."""
    refusal = calendar_refusal(by)
    if refusal is not None:
        raise CalendarNotYours(refusal, field="actor")
    years = parse_override_csv(csv_text)
    uow.calendar.replace_years(years)
    return {y.year: len(y.holidays) + len(y.workdays) for y in years}
