"""Outbox use cases for senders: claim a batch, record each outcome with backoff (§6)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from lifecycle.reminders.model import OutboxMessage
from lifecycle.uow import UnitOfWork


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


def record_outcome(
    uow: UnitOfWork,
    message: OutboxMessage,
    token: str,
    outcome: Outcome,
    detail: str,
    *,
    now: datetime,
    policy: DeliveryPolicy,
) -> bool:
    """Mark sent, retry later or failed; False when the lease had passed to another sender."""
    if outcome is Outcome.SENT:
        return uow.outbox.mark_sent(message.id, token, detail, now)
    if outcome is Outcome.PERMANENT:
        return uow.outbox.mark_failed(message.id, token, detail)
    if message.attempts >= policy.max_attempts:
        reason = f"重试{message.attempts}次仍未发出：{detail}"
        return uow.outbox.mark_failed(message.id, token, reason)
    return uow.outbox.mark_retry(message.id, token, detail, now + backoff(message.attempts, policy))
