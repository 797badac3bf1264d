"""A provisional 整改期限 confirmed once the year's holiday arrangement is known [Y12].

A deadline counted in working days into a year whose State Council arrangement is not yet
published rests on the statutory holidays alone and is marked provisional; the notice promises
「待国务院公布…节假日安排后予以确认，届时另行通知」. When the calendar learns that year (an
override imported), each open notice resting on it is counted again from its 发文日期: its
deadline becomes the confirmed one (moved where 调休 or 补假 change it) and the mark goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lifecycle.calendar.workdays import WorkCalendar
from lifecycle.clock import chinese_date
from lifecycle.notices.mail import mail_about
from lifecycle.notices.model import RectificationNotice
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork

REASON = "国务院节假日安排已导入，按公布的安排确认整改期限"


@dataclass(frozen=True)
class Confirmed:
    """One notice whose provisional deadline was counted again: the old and the new."""

    notice: RectificationNotice
    was: date
    now: date
    still_provisional: bool


def confirm_deadlines(uow: UnitOfWork, *, now: datetime) -> list[Confirmed]:
    """Count every open provisional deadline again on the calendar as it now stands (overrides
    first); change those whose date or provisional mark differs, logged with ``REASON``; the
    addressee of each one confirmed is told (「届时另行通知」)."""
    calendar = WorkCalendar(uow.calendar.overrides())
    changed: list[Confirmed] = []
    with uow.because(REASON):
        for notice, scheme_code in uow.notices.provisional_open():
            settings = get_scheme(scheme_code).settings
            if not settings.rectification_counts_working_days:
                continue
            counted = calendar.add_working_days(
                notice.issued_on, settings.rectification_deadline_days
            )
            if (counted.value, counted.provisional) == (notice.deadline, True):
                continue
            was = notice.deadline
            notice.deadline, notice.deadline_provisional = counted.value, counted.provisional
            changed.append(Confirmed(notice, was, counted.value, counted.provisional))
    for confirmed in changed:
        if not confirmed.still_provisional:
            _tell_addressee(uow, confirmed, now)
    return changed


def _tell_addressee(uow: UnitOfWork, confirmed: Confirmed, now: datetime) -> None:
    """The addressed union's contacts are told the confirmed deadline (「届时另行通知」)."""
    notice = confirmed.notice
    moved = "" if confirmed.was == confirmed.now else f"（原暂定{chinese_date(confirmed.was)}）"
    line = {
        "kind_label": "整改期限确认",
        "title": f"{notice.number}的整改期限确认为{chinese_date(confirmed.now)}{moved}",
        "due_on": confirmed.now.isoformat(),
        "step_label": "国务院节假日安排公布后确认",
        "link": f"/notices/{notice.id}",
    }
    key = f"notice-deadline:{notice.id}:{confirmed.now}"
    mail_about(uow, notice, notice.addressee_union_id, line, key=key, now=now)
