"""Read models for the pages: a recipient's reminder history, the outbox, retrying a failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.policy import step_label
from lifecycle.reminders.service import _label
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import OUTBOX_STATUS_LABELS, OutboxStatus


@dataclass(frozen=True)
class HistoryRow:
    """One reminder a recipient got (or will get), with its mail's delivery status."""

    sweep_date: date
    kind_label: str
    title: str
    subject: str
    due_on: date
    step_label: str
    link: str
    mail_id: int | None
    mail_status: OutboxStatus | None
    mail_status_label: str
    sent_at: datetime | None
    failure_reason: str | None


@dataclass(frozen=True)
class OutboxRow:
    """One mail of the outbox as an administrator sees it."""

    id: int
    kind: str
    recipient_email: str
    recipient_name: str
    item_count: int
    status: OutboxStatus
    status_label: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    smtp_reply: str | None
    last_error: str | None
    failure_reason: str | None


def reminder_history(
    uow: UnitOfWork, email: str, *, scope: Scope, limit: int = 200
) -> list[HistoryRow]:
    """The reminders addressed to ``email`` inside ``scope``, newest sweep first (§6)."""
    rows = []
    for item, mail in uow.reminders.history(email.strip().lower(), scope, limit=limit):
        status = mail.status if mail is not None else None
        rows.append(
            HistoryRow(
                sweep_date=item.sweep_date,
                kind_label=_label(item.kind),
                title=item.title,
                subject=item.subject,
                due_on=item.due_on,
                step_label=step_label(item.lead_step),
                link=item.link,
                mail_id=mail.id if mail is not None else None,
                mail_status=status,
                mail_status_label=OUTBOX_STATUS_LABELS[status] if status else "未生成邮件",
                sent_at=mail.sent_at if mail is not None else None,
                failure_reason=mail.failure_reason if mail is not None else None,
            )
        )
    return rows


def _row(m: OutboxMessage) -> OutboxRow:
    items = m.payload.get("items", []) if isinstance(m.payload, dict) else []
    return OutboxRow(
        id=m.id,
        kind=m.kind,
        recipient_email=m.recipient_email,
        recipient_name=m.recipient_name,
        item_count=len(items),
        status=m.status,
        status_label=OUTBOX_STATUS_LABELS[m.status],
        attempts=m.attempts,
        next_attempt_at=m.next_attempt_at,
        created_at=m.created_at,
        sent_at=m.sent_at,
        smtp_reply=m.smtp_reply,
        last_error=m.last_error,
        failure_reason=m.failure_reason,
    )


def outbox_messages(
    uow: UnitOfWork, status: OutboxStatus | None = None, *, limit: int = 100, offset: int = 0
) -> list[OutboxRow]:
    """The outbox (pending, sent, failed), newest first; for administrators."""
    return [_row(m) for m in uow.outbox.by_status(status, limit=limit, offset=offset)]


def outbox_counts(uow: UnitOfWork) -> dict[OutboxStatus, int]:
    """How many mails stand in each status."""
    return uow.outbox.counts()


def retry_message(uow: UnitOfWork, message_id: int, *, now: datetime) -> OutboxRow:
    """Put a failed mail back in the queue, due now (an administrator's action)."""
    message = uow.outbox.get(message_id)
    if message is None:
        raise NotFound("邮件不存在", field="message_id")
    if message.status is not OutboxStatus.FAILED:
        raise ValidationFailed("只有发送失败的邮件可以重试", field="message_id", code="not_failed")
    # Set on the loaded row (not a bulk UPDATE) so the audit trail records who retried it and the
    # before/after of every field.
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now
    message.attempts = 0
    message.failure_reason = None
    message.claimed_until = None
    message.claim_token = None
    uow.session.flush()
    return _row(message)
