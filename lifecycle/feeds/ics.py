"""A user's union's inspections and deadlines as an RFC 5545 calendar, behind their secret:
its subtree's designation occasions and inspections, and the dated application steps waiting for
the user's own union that their role acts on (as 我的待办 lists them)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.errors import NotFound
from lifecycle.feeds.subscriptions import feed_reader
from lifecycle.inspections.model import (
    INSPECTION_KIND_LABELS,
    INSPECTION_RESULT_LABELS,
    Inspection,
)
from lifecycle.intake.occasions import held_steps
from lifecycle.occasions.model import (
    OCCASION_STATUS_LABELS,
    OccasionKind,
    OccasionStatus,
    kinds_acted_on,
)
from lifecycle.occasions.service import occasions_for_union
from lifecycle.uow import UnitOfWork
from lifecycle.views.home_tree import home_tree

# Dated obligations belong in a calendar; drift warnings are states, not appointments.
FEED_KINDS = frozenset(OccasionKind) - {
    OccasionKind.DRIFT_NO_PROJECT,
    OccasionKind.DRIFT_NO_ACHIEVEMENT,
}
PAST_DAYS = 365
FUTURE_DAYS = 3 * 366


def user_calendar(
    uow: UnitOfWork, token: str, *, as_of: date, now: datetime, base_url: str
) -> bytes:
    """The ICS document of what the address's user may read now (their union's subtree); an
    unknown, revoked or no longer fitting address is NotFound, naming nothing."""
    found = feed_reader(uow, token)
    if found is None:
        raise NotFound("日历订阅地址无效", field="token")
    reader, union_name = found
    start, end = as_of - timedelta(days=PAST_DAYS), as_of + timedelta(days=FUTURE_DAYS)
    cal = Calendar()
    cal.add("prodid", "-//innovation-workshops//calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # What the calendar holds, in the words of the reader's city (no 检查 in 乐山's [L]).
    agenda = home_tree(uow, reader.union_path).agenda_word
    cal.add("x-wr-calname", f"{union_name}·创新工作室{agenda}")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    base = base_url.rstrip("/")
    scope = reader.read_scope  # what the user may read now, nothing more
    # The union's own dated application steps, as its 我的待办 lists them for this role; a step
    # still waiting is still owed however long ago its day was, as a title's undone occasion is
    # (``Window``): only what is done drops out of the feed after PAST_DAYS.
    kinds = kinds_acted_on(ROLE_PERMISSIONS[reader.role])
    steps = held_steps(
        uow, reader.union_id, kinds=kinds, due=(date.min, end), as_of=as_of, scope=scope
    )
    designations = occasions_for_union(
        uow, reader.union_id, start, end, as_of, kinds=FEED_KINDS, scope=scope
    )
    # A step due on no day of its own (a 附件3 step, ``Occasion.undated``) has no day to be on.
    for occasion in [*(o for o in designations if not o.undated), *steps]:
        status = OCCASION_STATUS_LABELS[occasion.status]
        if occasion.warning and occasion.status is not OccasionStatus.DONE:
            status = "提醒事项（自该日起提醒，无办理期限）"
        note = "（暂定：该年度放假安排尚未公布）" if occasion.provisional else ""
        cal.add_component(
            _event(
                uid=f"{occasion.key}@workshops",
                day=occasion.due_on,
                summary=f"{occasion.title}：{occasion.subject}",
                description=f"状态：{status}{note}\n{base}{occasion.link}",
                url=f"{base}{occasion.link}",
                now=now,
            )
        )
    inspections = uow.inspections.scheduled_between(scope, start, end)
    # Named as every other entry and the 日历 page name a title: 称号（编号）.
    subjects = uow.listings.designation_subjects([i.designation_id for i in inspections], scope)
    for inspection in inspections:
        link = f"{base}/designations/{inspection.designation_id}#inspections"
        cal.add_component(
            _event(
                uid=f"inspection:{inspection.id}@workshops",
                day=inspection.scheduled_on,
                summary=f"{INSPECTION_KIND_LABELS[inspection.kind]}{result_note(inspection)}："
                f"{subjects[inspection.designation_id]}",
                description=f"地点：{inspection.place}\n检查人员：{inspection.inspectors}\n{link}",
                url=link,
                now=now,
                location=inspection.place,
            )
        )
    return bytes(cal.to_ical())


def result_note(inspection: Inspection) -> str:
    """「（合格）」 or 「（不合格）」 once the result is recorded; nothing while only scheduled."""
    if inspection.result is None:
        return ""
    return f"（{INSPECTION_RESULT_LABELS[inspection.result]}）"


def _event(
    *,
    uid: str,
    day: date,
    summary: str,
    description: str,
    url: str,
    now: datetime,
    location: str | None = None,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    if location:
        event.add("location", location)
    return event
