"""Outbox use cases for senders: claim a batch, record each outcome with backoff (§6).

Lease, attempts and backoff are the ``outbox_*`` settings.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from lifecycle.config import Settings
from lifecycle.reminders.model import OutboxMessage
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import OutboxStatus


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
    uow: UnitOfWork,
    token: str,
    outcomes: Sequence[tuple[OutboxMessage, Outcome, str]],
    *,
    now: datetime,
    settings: Settings,
) -> set[int]:
    """Mark each message sent, to retry after its backoff, or failed; the ids whose claim
    ``token`` still held (the others had passed to another sender)."""
    marks = [
        (message.id, _mark(message, outcome, detail, now, settings))
        for message, outcome, detail in outcomes
    ]
    return uow.outbox.mark_many(token, marks)


def gives_up(message: OutboxMessage, outcome: Outcome, settings: Settings) -> bool:
    """A permanent failure, or a transient one on the last attempt: failed for good."""
    return outcome is Outcome.PERMANENT or (
        outcome is Outcome.TRANSIENT and message.attempts >= settings.outbox_max_attempts
    )


def _mark(
    message: OutboxMessage, outcome: Outcome, detail: str, now: datetime, settings: Settings
) -> dict[str, object]:
    if outcome is Outcome.SENT:
        return {"status": OutboxStatus.SENT, "smtp_reply": detail, "sent_at": now}
    if gives_up(message, outcome, settings):
        reason = (
            detail
            if outcome is Outcome.PERMANENT
            else f"重试{message.attempts}次仍未发出：{detail}"
        )
        return {"status": OutboxStatus.FAILED, "failure_reason": reason, "last_error": reason}
    return {"last_error": detail, "next_attempt_at": now + backoff(message.attempts, settings)}
