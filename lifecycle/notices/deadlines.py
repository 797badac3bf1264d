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
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.notices.model import RectificationNotice
from lifecycle.occasions.model import OccasionKind
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.policy import reaches
from lifecycle.reminders.service import routes_of
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
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


# The mail item's kind: the 整改期限 is the addressee's to meet [Y12].
_KIND = OccasionKind.RECTIFICATION_DEADLINE.value


def _tell_addressee(uow: UnitOfWork, confirmed: Confirmed, now: datetime) -> None:
    """One mail (through the outbox, sent after the commit) to each contact of the addressed
    union who receives its 整改 reminders, or of the nearest union above it with one, as the
    daily reminders are routed (DOMAIN.md §6): the notice's 「届时另行通知」."""
    notice = confirmed.notice
    recipients = uow.reminders.recipients()
    routes = routes_of(uow, recipients)
    to = routes.to(notice.addressee_union_id, _KIND)
    if to is None:
        return
    designation = uow.designations.get(notice.designation_id, EVERYTHING)
    moved = "" if confirmed.was == confirmed.now else f"（原暂定{chinese_date(confirmed.was)}）"
    item = {
        "kind": _KIND,
        "kind_label": "整改期限确认",
        "title": f"{notice.number}的整改期限确认为{chinese_date(confirmed.now)}{moved}",
        "subject": designation.title if designation is not None else notice.number,
        "due_on": confirmed.now.isoformat(),
        "step_label": "国务院节假日安排公布后确认",
        "link": f"/notices/{notice.id}",
        "union_id": notice.addressee_union_id,  # whose item: who reads it in the outbox
        "on_behalf_of": routes.behalf(notice.addressee_union_id, _KIND),
    }
    for contact in recipients[to]:
        if not reaches(contact.role, _KIND):
            continue
        payload = {
            "as_of": to_shanghai(now).date().isoformat(),
            "name": contact.digest_name,
            "items": [item],
        }
        uow.outbox.add(
            OutboxMessage(
                kind="reminder_digest",
                dedup_key=f"notice-deadline:{notice.id}:{confirmed.now}:{contact.email}",
                recipient_email=contact.email,
                recipient_name=contact.digest_name,
                payload=payload,
                next_attempt_at=now,
            )
        )
