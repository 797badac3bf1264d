"""The outbox (§6): every query (add, claim with a lease, mark sent / retry / failed, list, count),
the senders' use cases (claim a batch, record outcomes with backoff: ``outbox_*`` settings) and
the administrator's retry of a failed mail."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from operator import eq, ge, lt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select, true, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.listings.repository import Window
from lifecycle.listings.windowed import windowed
from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.reminders.repository import EMAIL_KEY, OUTBOX, S, unclaimed, where_given
from lifecycle.scope import Scope
from lifecycle.unions.model import Union, UnionContact
from lifecycle.vocab import OutboxStatus

if TYPE_CHECKING:  # the unit of work imports this module
    from lifecycle.uow import UnitOfWork


@dataclass(frozen=True)
class OutboxFilter:
    """Which mails of the outbox to list; times are bounds on ``created_at`` (UTC-aware)."""

    status: OutboxStatus | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    recipient_email: str | None = None

    @classmethod
    def of_days(
        cls,
        status: OutboxStatus | None,
        created_from: date | None,
        created_to: date | None,
        recipient: str | None,
    ) -> OutboxFilter:
        """Mails created on Shanghai calendar days ``created_from`` … ``created_to`` (inclusive)
        to ``recipient`` (any case)."""
        before = created_to + timedelta(days=1) if created_to and created_to < date.max else None
        return cls(
            status,
            _midnight(created_from),
            _midnight(before),
            recipient.strip().lower() if recipient and recipient.strip() else None,
        )


def _midnight(day: date | None) -> datetime | None:
    """The first instant of a Shanghai calendar day."""
    return None if day is None else datetime.combine(day, time(0), tzinfo=SHANGHAI)


def _visible(scope: Scope) -> ColumnElement[bool]:
    """A mail is in scope when one of its items' unions is; a mail carrying no item (a digest
    folded into the next day's, whose items moved with it; a 「发送提醒」 mail) when its recipient
    is a contact of a union in scope. Such a mail lists titles, recipients and messages of the
    union it was written to: another district's or city's administrator never reads it."""
    if scope.path_prefix is None:
        return true()
    carried = select(ReminderItem.id).where(ReminderItem.outbox_id == OutboxMessage.id)
    in_scope = carried.join(Union, Union.id == ReminderItem.union_id).where(
        scope.clause(Union.path)
    )
    contact = (
        select(UnionContact.id)
        .join(Union, Union.id == UnionContact.union_id)
        .where(
            OutboxMessage.recipient_email == EMAIL_KEY,
            scope.clause(Union.path),
        )
    )
    return or_(exists(in_scope), and_(not_(exists(carried)), exists(contact)))


def _matching(stmt: S, scope: Scope, flt: OutboxFilter) -> S:
    """``stmt`` narrowed to the mails in ``scope`` that ``flt`` asks for, whatever their status."""
    return where_given(
        stmt.where(_visible(scope)),
        (OutboxMessage.created_at, ge, flt.created_from),
        (OutboxMessage.created_at, lt, flt.created_before),
        (OutboxMessage.recipient_email, eq, flt.recipient_email or None),
    )


class OutboxRepository:
    """The outbox table; a claim is a token and a lease, every mark is conditional on the token."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboxMessage) -> OutboxMessage:
        self.session.add(message)
        self.session.flush()
        return message

    def claim(
        self, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> list[OutboxMessage]:
        """Claim up to ``limit`` due messages held by no live lease for one sender (SKIP LOCKED
        on PostgreSQL), the longest due first (ties in the index's order: the scan stops at
        ``limit``)."""
        pick = (
            select(OutboxMessage.id)
            .where(unclaimed(now), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at)
            .limit(limit)
        )
        # PostgreSQL locks the rows it picks (a CTE runs once; an IN subquery may run again and
        # lock more than ``limit``); SQLite begins IMMEDIATE: the conditional UPDATE is the lock.
        if self.session.get_bind().dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(select(pick.cte().c.id)))
            .values(
                claimed_until=lease_until, claim_token=token, attempts=OutboxMessage.attempts + 1
            )
            .returning(OutboxMessage)
        )
        options = {"synchronize_session": False, "populate_existing": True}
        return sorted(self.session.scalars(stmt, execution_options=options), key=lambda m: m.id)

    def mark(self, token: str, ids: Sequence[int], values: Mapping[str, Any]) -> set[int]:
        """Set the columns of the messages ``ids`` that still hold the claim ``token`` (one
        conditional update); which of them did."""
        # Pending written as in no other status: the ids are looked up by key, never by the
        # status index (whose statistics may well say that no row is pending).
        done = [status for status in OutboxStatus if status is not OutboxStatus.PENDING]
        stmt = (
            update(OUTBOX)
            .where(
                OUTBOX.c.id.in_(ids),
                OUTBOX.c.claim_token == token,
                OUTBOX.c.status.not_in(done),
            )
            .values(**values, claimed_until=None, claim_token=None)
            .returning(OUTBOX.c.id)
        )
        return set(self.session.connection().execute(stmt).scalars())

    def relist(self, token: str, message: OutboxMessage, payload: dict[str, Any]) -> None:
        """Rewrite what a mail still claimed under ``token`` lists, before it is sent."""
        stmt = update(OUTBOX).where(OUTBOX.c.id == message.id, OUTBOX.c.claim_token == token)
        self.session.connection().execute(stmt.values(payload=payload))
        set_committed_value(message, "payload", payload)  # as sent, without a second write

    def page(
        self, scope: Scope, flt: OutboxFilter = OutboxFilter(), *, limit: int = 100, offset: int = 0
    ) -> tuple[Sequence[OutboxMessage], int]:
        """Mails in ``scope`` matching ``flt``, newest first, and how many match."""
        stmt = _matching(select(OutboxMessage), scope, flt)
        stmt = where_given(stmt, (OutboxMessage.status, eq, flt.status))
        ordered = stmt.order_by(OutboxMessage.id.desc())
        # Marks are bulk UPDATEs: read the rows as stored, not as first loaded.
        fresh = ordered.execution_options(populate_existing=True)
        found = windowed(self.session, fresh, Window(limit, offset))
        return found.items, found.total

    def in_scope(self, message_id: int, scope: Scope) -> OutboxMessage | None:
        """One mail inside ``scope``, or None."""
        stmt = select(OutboxMessage).where(OutboxMessage.id == message_id, _visible(scope))
        return self.session.scalars(stmt.execution_options(populate_existing=True)).one_or_none()

    def counts(self, scope: Scope, flt: OutboxFilter = OutboxFilter()) -> dict[OutboxStatus, int]:
        """How many mails in ``scope`` matching ``flt`` but its status stand in each status."""
        stmt = _matching(select(OutboxMessage.status, func.count()), scope, flt)
        stmt = stmt.group_by(OutboxMessage.status)
        found = dict.fromkeys(OutboxStatus, 0)
        found.update({OutboxStatus(s): n for s, n in self.session.execute(stmt)})
        return found


class Outcome(StrEnum):
    """How one send ended."""

    SENT = "sent"
    TRANSIENT = "transient"  # try again later (server down, 4xx, timeout)
    PERMANENT = "permanent"  # 5xx, refused recipient: an officer must look


@dataclass(frozen=True)
class Claim:
    """A sender's batch: the token every mark must present."""

    token: str
    messages: tuple[OutboxMessage, ...]
    withdrawn: int = 0  # claimed, then not to be sent (``service.still_owed``)


Outcomes = Sequence[tuple[OutboxMessage, Outcome, str]]  # each message, how its send ended, why


def backoff(attempts: int, settings: Settings) -> timedelta:
    """base · 2^(attempts−1), capped: 1, 2, 4, 8 … minutes by default."""
    seconds = settings.outbox_backoff_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.outbox_backoff_max_seconds))


def claim_batch(uow: UnitOfWork, now: datetime, settings: Settings) -> Claim:
    """Claim up to ``outbox_batch_size`` due messages under a fresh token and a lease ending
    ``outbox_lease_seconds`` from now."""
    token = secrets.token_hex(16)
    lease_until = now + timedelta(seconds=settings.outbox_lease_seconds)
    claimed = uow.outbox.claim(now, lease_until, token, settings.outbox_batch_size)
    return Claim(token, tuple(claimed))


def record_outcomes(
    uow: UnitOfWork, token: str, outcomes: Outcomes, *, now: datetime, settings: Settings
) -> set[int]:
    """Mark each message sent, to retry after its backoff, or failed (one update per distinct
    mark); the ids whose claim ``token`` still held (the others had passed to another sender)."""
    groups: dict[tuple[tuple[str, object], ...], list[int]] = {}
    for message, outcome, detail in outcomes:
        if outcome is Outcome.SENT:
            values = {"status": OutboxStatus.SENT, "smtp_reply": detail, "sent_at": now}
        elif gives_up(message, outcome, settings):
            reason = (
                detail
                if outcome is Outcome.PERMANENT
                else f"重试{message.attempts}次仍未发出：{detail}"
            )
            values = {"status": OutboxStatus.FAILED, "failure_reason": reason, "last_error": reason}
        else:
            retry_at = now + backoff(message.attempts, settings)
            values = {"last_error": detail, "next_attempt_at": retry_at}
        groups.setdefault(tuple(values.items()), []).append(message.id)
    return set().union(*(uow.outbox.mark(token, ids, dict(v)) for v, ids in groups.items()))


def gives_up(message: OutboxMessage, outcome: Outcome, settings: Settings) -> bool:
    """A permanent failure, or a transient one on the last attempt: failed for good."""
    return outcome is Outcome.PERMANENT or (
        outcome is Outcome.TRANSIENT and message.attempts >= settings.outbox_max_attempts
    )


NOT_A_CONTACT = (
    "收件人已不是任何工会的联系人（已移除或邮箱已更正），不能重新发送；"
    "此后的提醒发往工会现在的联系人"
)


def retry_message(
    uow: UnitOfWork, message_id: int, *, now: datetime, scope: Scope
) -> OutboxMessage:
    """Put a failed mail in ``scope`` back in the queue, due now (an administrator's action),
    while its recipient is still a union's contact (``NOT_A_CONTACT``)."""
    message = uow.outbox.in_scope(message_id, scope)
    if message is None:
        raise NotFound("邮件不存在", field="message_id")
    if message.status is not OutboxStatus.FAILED:
        raise ValidationFailed("只有发送失败的邮件可以重试", field="message_id", code="not_failed")
    if not uow.reminders.contacts_among({message.recipient_email}):
        # Withdrawn when its contact was removed (or the address corrected): sent now, the
        # union's duties would reach someone who no longer receives them.
        raise ValidationFailed(NOT_A_CONTACT, field="message_id", code="not_a_contact")
    # Set on the loaded row (not a bulk UPDATE) so the audit trail records who retried it and the
    # before/after of every field.
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now
    message.attempts = 0
    message.failure_reason = None
    message.claimed_until = None
    message.claim_token = None
    uow.session.flush()
    return message
