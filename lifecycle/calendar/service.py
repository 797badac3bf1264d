"""Use cases on the working-day calendar: build it from the overrides, import override years."""

from __future__ import annotations

from datetime import datetime

from lifecycle.accounts.principal import Principal
from lifecycle.calendar.workdays import WorkCalendar, parse_override_csv
from lifecycle.errors import DomainError
from lifecycle.notices.deadlines import confirm_deadlines
from lifecycle.uow import UnitOfWork

CALENDAR_REFUSAL = (
    "节假日安排是全服务共用的参考数据，本服务所有工会（包括不归您管辖的工会）的工作日期限都按它计算，"
    "只能由管辖全部工会的系统管理员导入；请联系服务器运维人员以 workshops calendar import 命令导入"
)


class CalendarNotYours(DomainError):
    """An admin replacing the holiday calendar that unions outside their subtree count by."""

    code = "calendar_not_yours"
    http_status = 403


def calendar_refusal(by: Principal | None, *, others_count_by_it: bool) -> str | None:
    """Why ``by`` may not replace the holiday calendar (None: they may). It is one for the
    whole service and every union's working-day deadlines count by it (national: 国务院 放假
    安排), so only an admin whose subtree holds every union changes it — not a district's, and
    not one city's while the service holds another city's tree (``others_count_by_it``: some
    union lies outside ``by``'s subtree). ``by`` None is the server's operator
    (``workshops calendar``), who always may."""
    if by is None or not others_count_by_it:
        return None
    return CALENDAR_REFUSAL


def may_replace_calendar(uow: UnitOfWork, by: Principal | None) -> str | None:
    """``calendar_refusal`` for ``by`` with the union tree as stored."""
    outside = by is not None and uow.unions.any_outside(by.scope)
    return calendar_refusal(by, others_count_by_it=outside)


def work_calendar(uow: UnitOfWork) -> WorkCalendar:
    """The official calendar with the admin's overrides first."""
    return WorkCalendar(uow.calendar.overrides())


def import_overrides(
    uow: UnitOfWork, csv_text: str, *, by: Principal | None, now: datetime
) -> dict[int, int]:
    """Replace the overridden years found in `csv_text` (only as ``calendar_refusal`` allows
    ``by``), then confirm the open notices' provisional deadlines they settle; returns days
    written per year."""
    refusal = may_replace_calendar(uow, by)
    if refusal is not None:
        raise CalendarNotYours(refusal, field="actor")
    years = parse_override_csv(csv_text)
    uow.calendar.replace_years(years)
    # The open 整改通知 whose deadline waited for these years are counted again [Y12].
    confirm_deadlines(uow, now=now)
    return {y.year: len(y.holidays) + len(y.workdays) for y in years}
