"""Reminders over JSON: the caller's own reminder history, the outbox (admin) and its retry (§6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import CallerDep, Day, IdPath, Page, PagingDep, date_window, found
from lifecycle.reminders.outbox import OutboxFilter, retry_message
from lifecycle.reminders.repository import HistoryFilter
from lifecycle.views.reminders import (
    JobRunEntry,
    OutboxDetail,
    OutboxEntry,
    ReminderEntry,
    job_run_count,
    job_runs,
    mail_entry,
    my_reminders,
    outbox_listing,
    outbox_message,
)
from lifecycle.vocab import DailyJob, OutboxStatus

router = APIRouter(tags=["reminders"])
DateQuery = Annotated[Day | None, Query()]


# The read models are the API's answers; the subclasses keep the schema names of the API.
class ReminderOut(ReminderEntry):
    pass


class OutboxMessageOut(OutboxEntry):
    pass


class OutboxMessageDetailOut(OutboxDetail):
    pass


class JobRunOut(JobRunEntry):
    pass


class OutboxPage(Page[OutboxMessageOut]):
    counts: dict[OutboxStatus, int]


@router.get("/me/reminders", response_model=Page[ReminderOut])
def my_reminder_history(
    *,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    status: Annotated[OutboxStatus | None, Query(description="邮件投递状态")] = None,
    sweep_from: DateQuery = None,
    sweep_to: DateQuery = None,
    due_from: DateQuery = None,
    due_to: DateQuery = None,
) -> Page[ReminderOut]:
    """Reminders sent to the caller's own e-mail address and the delivery status of each."""
    date_window(sweep_from, sweep_to, "sweep_from", "sweep_to")
    date_window(due_from, due_to, "due_from", "due_to")
    flt = HistoryFilter(status, sweep_from, sweep_to, due_from, due_to)
    email = caller.principal.email
    rows, total = my_reminders(
        u, email, caller.scope, flt, limit=paging.limit, offset=paging.offset
    )
    items = [ReminderOut.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.get("/outbox", response_model=OutboxPage)
def outbox(
    *,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    status: Annotated[
        OutboxStatus | None, Query(description="待发送、已发送、发送失败、已并入次日汇总或已撤回")
    ] = None,
    created_from: DateQuery = None,
    created_to: DateQuery = None,
    recipient: Annotated[str | None, Query(max_length=254, description="收件邮箱")] = None,
) -> OutboxPage:
    """Pending, sent and failed mails, newest first, with the count in each status of the mails
    the other filters (days, recipient) match."""
    date_window(created_from, created_to, "created_from", "created_to")
    flt = OutboxFilter.of_days(status, created_from, created_to, recipient)
    rows, total, counts = outbox_listing(
        u, caller.scope, flt, limit=paging.limit, offset=paging.offset
    )
    items = [OutboxMessageOut.model_validate(r, from_attributes=True) for r in rows]
    return OutboxPage(
        items=items, total=total, limit=paging.limit, offset=paging.offset, counts=counts
    )


@router.get("/outbox/{message_id}", response_model=OutboxMessageDetailOut)
def outbox_mail(message_id: IdPath, caller: CallerDep, u: ReaderDep) -> OutboxMessageDetailOut:
    """One mail with the reminder items it lists."""
    entry = found(outbox_message(u, message_id, caller.scope), "邮件不存在", "message_id")
    return OutboxMessageDetailOut.model_validate(entry, from_attributes=True)


@router.post("/outbox/{message_id}/retry", response_model=OutboxMessageOut)
def retry(message_id: IdPath, caller: CallerDep, uow: UowDep, clock: ClockDep) -> OutboxMessageOut:
    """Put a failed mail back in the queue, due now (anything else is refused with 422)."""
    with uow(caller.principal.actor) as u:
        mail = retry_message(u, message_id, now=clock(), scope=caller.scope)
        entry = mail_entry(u, mail, caller.scope)
        u.commit()
        return OutboxMessageOut.model_validate(entry, from_attributes=True)


@router.get("/job-runs", response_model=Page[JobRunOut])
def daily_job_runs(
    *,
    u: ReaderDep,
    paging: PagingDep,
    job: Annotated[DailyJob, Query(description="每日提醒或专款专用核查")],
) -> Page[JobRunOut]:
    """The runs of a daily job, the latest date first, a page at a time as every list: the date
    it ran for, when, and what it wrote (the sweep: reminder items and digests; the audit: new
    findings); the whole service's figures."""
    runs = job_runs(u, job, limit=paging.limit, offset=paging.offset)
    items = [JobRunOut.model_validate(dict(r)) for r in runs]
    total = job_run_count(u, job)
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)
