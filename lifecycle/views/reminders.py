"""Read models of the reminder and outbox pages and their JSON twins (fields as they are): my
reminders with delivery status, the outbox with counts, one mail, the daily jobs' runs (§6)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from lifecycle.accounts.service import stored_email
from lifecycle.occasions.model import WARNING_KINDS
from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.reminders.outbox import OutboxFilter
from lifecycle.reminders.policy import ARRIVED, step_label, told_as_of
from lifecycle.reminders.repository import HistoryFilter
from lifecycle.schemes.words import occasion_kind_label
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DAILY_JOB_LABELS, OUTBOX_STATUS_LABELS, DailyJob, OutboxStatus


class ReminderEntry(BaseModel, frozen=True):
    """One reminder addressed to the caller, with the delivery status of the mail carrying it."""

    id: int
    kind: str
    kind_label: str
    designation_id: int | None  # None: an application's
    union_id: int  # the union that must act: another than the reader's own when passed on
    acting_union_name: str
    title: str
    subject: str
    due_on: date
    lead_step: str
    step_label: str
    # A warning's ``due_on`` is the day it began (never overdue, no due date); an undated step's
    # is the day it began waiting (无规定办理期限), as the digest says.
    warning: bool
    undated: bool
    sweep_date: date
    # The day of the digest that carries it (one folded into a later day's: that day's), as of
    # which ``step_label`` reads, as that mail does; the sweep date where no digest carries it.
    mail_date: date
    link: str
    mail_id: int | None
    mail_status: OutboxStatus | None
    mail_status_label: str
    sent_at: datetime | None
    failure_reason: str | None
    # Where the reminded occasion stands today (the occasion index): still outstanding, with the
    # union that must act now (another once this union's step is done), or no longer in 待办.
    # None: an application's reminder, whose progress is on the application's page.
    outstanding: bool | None = None
    now_acting_union_name: str | None = None
    progress_label: str = ""


class OutboxEntry(BaseModel, frozen=True):
    """One mail of the outbox as an administrator sees it: of a digest carrying items of unions
    outside the reader's subtree (a contact above who passes on several districts' items), only
    the items of the reader's own subtree, and how many others it carries."""

    id: int
    kind: str
    recipient_email: str
    recipient_name: str
    item_count: int  # the items the reader may read
    other_item_count: int = 0  # items of unions outside the reader's subtree, not shown
    status: OutboxStatus
    status_label: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    smtp_reply: str | None
    last_error: str | None
    failure_reason: str | None
    # A failed mail may be sent again while its recipient is still a union's contact.
    can_retry: bool = False


class OutboxDetail(OutboxEntry, frozen=True):
    """One mail with the reminder items it lists (the single view)."""

    items: list[dict[str, Any]]


def _columns(row: object, model: type[BaseModel]) -> dict[str, Any]:
    """The fields of ``model`` that ``row`` has as attributes, as stored."""
    return {name: getattr(row, name) for name in model.model_fields if hasattr(row, name)}


def _entry(
    item: ReminderItem, mail: OutboxMessage | None, acting: str, scheme_code: str | None
) -> ReminderEntry:
    status = mail.status if mail else None
    reason = mail.failure_reason if mail else None
    if item.left_out is not None:  # its mail went without it
        status, reason = OutboxStatus.WITHDRAWN, item.left_out
    day = _mail_day(mail) or item.sweep_date
    warning = item.kind in WARNING_KINDS
    return ReminderEntry(
        **_columns(item, ReminderEntry),
        acting_union_name=acting,
        kind_label=occasion_kind_label(item.kind, scheme_code),  # in its title's scheme's words
        step_label=step_label(told_as_of(item.lead_step, item.due_on, day, warning=warning)),
        mail_date=day,
        warning=warning,
        undated=item.lead_step == ARRIVED,
        mail_id=mail.id if mail else None,
        mail_status=status,
        mail_status_label=OUTBOX_STATUS_LABELS[status] if status else "未生成邮件",
        sent_at=mail.sent_at if mail and status is OutboxStatus.SENT else None,
        failure_reason=reason,
    )


def _mail_day(mail: OutboxMessage | None) -> date | None:
    """The day a digest is dated (its ``as_of``); None for another mail."""
    day = mail.payload.get("as_of") if mail and isinstance(mail.payload, dict) else None
    return date.fromisoformat(day) if isinstance(day, str) else None


def _listed(m: OutboxMessage) -> list[Any]:
    """What a mail's payload lists: a digest's items, nothing for another kind of mail."""
    listed: list[Any] = m.payload.get("items", []) if isinstance(m.payload, dict) else []
    return listed


def _payload_lines(m: OutboxMessage) -> list[dict[str, Any]]:
    """The lines a mail carries: none of a digest folded into a later day's (its items moved
    there, or were left out as settled), whatever its payload listed when written."""
    if m.status is OutboxStatus.SUPERSEDED:
        return []
    return [i for i in _listed(m) if isinstance(i, dict)]


def _line_union(line: dict[str, Any]) -> int | None:
    union_id = line.get("union_id")
    return union_id if isinstance(union_id, int) and not isinstance(union_id, bool) else None


def readable_lines(
    uow: UnitOfWork, mails: Sequence[OutboxMessage], scope: Scope
) -> dict[int, tuple[list[dict[str, Any]], int]]:
    """Each mail's lines a reader of ``scope`` may read, and how many others it carries: a line
    is the acting union's (DOMAIN §1: nobody reads another district's data), named in the line
    since it carries ``union_id``, before that by the mail's reminder item of the same kind,
    link and date; a line matched to no item (a 「发送提醒」 mail of before) is read where the
    mail's every item is (a mail carrying none is in scope by its recipient, a contact in it)."""
    lines = {m.id: _payload_lines(m) for m in mails}
    if scope.path_prefix is None:
        return {i: (ls, 0) for i, ls in lines.items()}
    items: dict[int, list[dict[str, Any]]] = {i: [] for i in lines}
    for item in uow.reminders.items_of(lines.keys()):
        items[item["outbox_id"]].append(item)
    named = {u for ls in lines.values() for line in ls if (u := _line_union(line)) is not None}
    inside = uow.unions.inside(
        named | {i["union_id"] for its in items.values() for i in its}, scope
    )
    shown: dict[int, tuple[list[dict[str, Any]], int]] = {}
    for mail_id, ls in lines.items():
        by_line: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        for i in items[mail_id]:
            by_line[(i["kind"], i["link"], i["due_on"].isoformat())].add(i["union_id"])
        every = all(i["union_id"] in inside for i in items[mail_id])
        kept = []
        for line in ls:
            own = _line_union(line)
            unions = {own} if own is not None else by_line.get(_line_key(line), set())
            if (unions and unions <= inside) or (not unions and every):
                kept.append(line)
        shown[mail_id] = (kept, len(ls) - len(kept))
    return shown


def _line_key(line: dict[str, Any]) -> tuple[str, str, str]:
    return (str(line.get("kind")), str(line.get("link")), str(line.get("due_on")))


def outbox_entry(
    m: OutboxMessage, shown: tuple[list[dict[str, Any]], int], contacts: Collection[str]
) -> OutboxEntry:
    """The read form of one mail, with the lines its reader may read (``readable_lines``);
    ``contacts``: which of the recipients are still a union's contact."""
    kept, others = shown
    return OutboxEntry(
        **_columns(m, OutboxEntry),
        item_count=len(kept),
        other_item_count=others,
        status_label=OUTBOX_STATUS_LABELS[m.status],
        can_retry=m.status is OutboxStatus.FAILED and m.recipient_email in contacts,
    )


def _contacts(uow: UnitOfWork, mails: Sequence[OutboxMessage]) -> set[str]:
    return uow.reminders.contacts_among({m.recipient_email for m in mails})


class Mailbox(BaseModel, frozen=True):
    """Whether a user's e-mail address receives reminder mail: the digests go to the unions'
    contacts (DOMAIN §6), so an address receives them only as some union's contact; the user's
    own address lists, in 我的提醒, what was sent there. ``union_recipients``: (name, e-mail) of
    the contacts of the user's own union, where its reminders go instead."""

    email: str | None
    contact_of: tuple[str, ...]
    union_name: str
    union_recipients: tuple[tuple[str, str], ...]


def reminder_contact_of(uow: UnitOfWork, email: str | None) -> list[str]:
    """The unions whose contact ``email`` is (trimmed, lower-case): where its reminder mail
    comes from; none, and no reminder mail reaches it."""
    address = stored_email(email)
    return uow.unions.contact_unions(address) if address else []


def mailbox(uow: UnitOfWork, email: str | None, union_id: int, union_name: str) -> Mailbox:
    """Where a user's reminders are mailed, read for 我的账号, 我的提醒 and the admin's page of
    the user."""
    return Mailbox(
        email=stored_email(email),
        contact_of=tuple(reminder_contact_of(uow, email)),
        union_name=union_name,
        union_recipients=tuple(uow.unions.union_recipients(union_id)),
    )


def my_reminders(
    uow: UnitOfWork,
    email: str | None,
    scope: Scope,
    flt: HistoryFilter = HistoryFilter(),
    *,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[ReminderEntry], int]:
    """The reminders sent to the caller's own address (none without an address), newest first."""
    if not email or not email.strip():
        return [], 0
    rows, total = uow.reminders.history(
        email.strip().lower(), scope, flt, limit=limit, offset=offset
    )
    schemes = uow.designations.scheme_codes(
        {item.designation_id for item, _, _ in rows if item.designation_id is not None}
    )
    designation_keys = [item.occasion_key for item, _, _ in rows if item.designation_id]
    now = uow.reminders.acting_now(designation_keys)
    entries = [
        _with_progress(
            _entry(item, mail, acting, schemes.get(item.designation_id or 0)),
            now.get(item.occasion_key),
        )
        for item, mail, acting in rows
    ]
    return entries, total


def _with_progress(entry: ReminderEntry, acting_now: tuple[int, str] | None) -> ReminderEntry:
    """``entry`` with where its occasion stands: ``acting_now`` is the union that must act on it
    now (None: no longer outstanding)."""
    if entry.designation_id is None:
        return entry
    if acting_now is None:
        update = {"outstanding": False, "progress_label": "已办结，不再列入待办"}
    elif acting_now[0] == entry.union_id:
        update = {"outstanding": True, "progress_label": "尚未办结"}
    else:
        label = f"本环节已办结，现待{acting_now[1]}办理"
        update = {"outstanding": True, "progress_label": label}
    return entry.model_copy(
        update={**update, "now_acting_union_name": acting_now and acting_now[1]}
    )


def mail_entry(uow: UnitOfWork, m: OutboxMessage, scope: Scope) -> OutboxEntry:
    """One mail as a reader of ``scope`` sees it."""
    return outbox_entry(m, readable_lines(uow, [m], scope)[m.id], _contacts(uow, [m]))


def outbox_listing(
    uow: UnitOfWork, scope: Scope, flt: OutboxFilter, *, limit: int, offset: int
) -> tuple[list[OutboxEntry], int, dict[OutboxStatus, int]]:
    """A page of the outbox, the number matching, and how many in scope match ``flt`` in each
    status (its status aside)."""
    rows, total = uow.outbox.page(scope, flt, limit=limit, offset=offset)
    shown, contacts = readable_lines(uow, rows, scope), _contacts(uow, rows)
    entries = [outbox_entry(m, shown[m.id], contacts) for m in rows]
    return entries, total, uow.outbox.counts(scope, flt)


class JobRunEntry(BaseModel, frozen=True):
    """One run of a daily job: the date it ran for, when, and what it wrote (the sweep: reminder
    items and digests; the audit: new findings). The whole service's figures: a run is the
    system's, not a union's."""

    job: DailyJob
    job_label: str
    run_date: date
    started_at: datetime
    items_created: int
    messages_created: int


def job_runs(uow: UnitOfWork, job: DailyJob, *, limit: int, offset: int = 0) -> list[JobRunEntry]:
    """The latest ``limit`` runs of a daily job after the first ``offset``, the latest date
    first (the administrator's check that the scheduler ran)."""
    return [
        JobRunEntry(
            job=job,
            job_label=DAILY_JOB_LABELS[job],
            run_date=run.run_date,
            started_at=run.started_at,
            items_created=run.items_created,
            messages_created=run.messages_created,
        )
        for run in uow.reminders.runs(job.value, limit, offset)
    ]


def job_run_count(uow: UnitOfWork, job: DailyJob) -> int:
    """How many runs of a daily job are kept (the total its pages add up to)."""
    return uow.reminders.run_count(job.value)


def outbox_message(uow: UnitOfWork, message_id: int, scope: Scope) -> OutboxDetail | None:
    """One mail with the items it lists, or None outside ``scope``."""
    m = uow.outbox.in_scope(message_id, scope)
    if m is None:
        return None
    shown = readable_lines(uow, [m], scope)[m.id]
    return OutboxDetail(**dict(outbox_entry(m, shown, _contacts(uow, [m]))), items=shown[0])
