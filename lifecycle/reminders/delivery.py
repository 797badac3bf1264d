"""Outbox use cases for senders: claim a batch, record each outcome with backoff (§6)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from lifecycle.reminders.model import OutboxMessage
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import OutboxStatus


class Outcome(StrEnum):
    """How one send ended."""

    SENT = "sent"
    TRANSIENT = "transient"  # try again later (server down, 4xx, timeout)
    PERMANENT = "permanent"  # 5xx, refused recipient: an officer must look


@dataclass(frozen=True)
class DeliveryPolicy:
    """Lease, attempts and exponential backoff of the outbox (settings)."""

    lease_seconds: int = 300
    max_attempts: int = 8
    backoff_seconds: int = 60
    backoff_max_seconds: int = 6 * 3600


@dataclass(frozen=True)
class Claim:
    """A sender's batch: the token every mark must present."""

    token: str
    messages: tuple[OutboxMessage, ...]


def backoff(attempts: int, policy: DeliveryPolicy) -> timedelta:
    """base · 2^(attempts−1), capped: 1, 2, 4, 8 … minutes by default."""
    seconds = policy.backoff_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, policy.backoff_max_seconds))


def claim_batch(uow: UnitOfWork, now: datetime, policy: DeliveryPolicy, limit: int) -> Claim:
    """Claim due messages under a fresh token and a lease ending ``lease_seconds`` from now."""
    token = secrets.token_hex(16)
    lease_until = now + timedelta(seconds=policy.lease_seconds)
    return Claim(token, tuple(uow.outbox.claim(now, lease_until, token, limit)))


def record_outcomes(
    uow: UnitOfWork,
    token: str,
    outcomes: Sequence[tuple[OutboxMessage, Outcome, str]],
    *,
    now: datetime,
    policy: DeliveryPolicy,
) -> set[int]:
    """Mark each message sent, to retry after its backoff, or failed; the ids whose claim
    ``token`` still held (the others had passed to another sender)."""
    marks = [
        (message.id, _mark(message, outcome, detail, now, policy))
        for message, outcome, detail in outcomes
    ]
    return uow.outbox.mark_many(token, marks)


def gives_up(message: OutboxMessage, outcome: Outcome, policy: DeliveryPolicy) -> bool:
    """A permanent failure, or a transient one on the last attempt: failed for good."""
    return outcome is Outcome.PERMANENT or (
        outcome is Outcome.TRANSIENT and message.attempts >= policy.max_attempts
    )


def _mark(
    message: OutboxMessage, outcome: Outcome, detail: str, now: datetime, policy: DeliveryPolicy
) -> dict[str, object]:
    if outcome is Outcome.SENT:
        return {"status": OutboxStatus.SENT, "smtp_reply": detail, "sent_at": now}
    if gives_up(message, outcome, policy):
        reason = (
            detail
            if outcome is Outcome.PERMANENT
            else f"重试{message.attempts}次仍未发出：{detail}"
        )
        return {"status": OutboxStatus.FAILED, "failure_reason": reason, "last_error": reason}
    return {"last_error": detail, "next_attempt_at": now + backoff(message.attempts, policy)}
