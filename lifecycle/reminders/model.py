"""Reminder items, the outbox of mails, job-run claims and the scheduler lease (DOMAIN.md §6)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.vocab import OutboxStatus


class ReminderItem(Base):
    """One occasion announced to one recipient at one lead step; the dedup key is unique.

    No foreign keys (migrations 0009, 0014): the sweep, the only writer of its hundreds of
    thousands of rows, copies ids that exist (index, digest) and are never deleted.
    """

    __tablename__ = "reminder_items"
    __table_args__ = (
        # Led by the recipient: the dedup check, and a recipient's history (``history``).
        UniqueConstraint(
            "recipient_email",
            "kind",
            "occasion_key",
            "due_on",
            "lead_step",
            name="uq_reminder_items_dedup",
        ),
        # Items announced once whatever the day (``policy.ONCE_STEPS``): a sweep reads them all.
        Index("ix_reminder_items_lead_step", "lead_step", "recipient_email"),
        # Who was told of a duty new since the last sweep, at any step (``told``).
        Index("ix_reminder_items_occasion_key", "occasion_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # an OccasionKind value
    occasion_key: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(Date)
    recipient_email: Mapped[str] = mapped_column(String(254))
    lead_step: Mapped[str] = mapped_column(String(20))
    recipient_name: Mapped[str] = mapped_column(String(100))
    designation_id: Mapped[int | None] = mapped_column(Integer)  # None: an application's
    union_id: Mapped[int] = mapped_column(Integer)  # unions.id: the union that must act
    title: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(300))
    occasion_status: Mapped[str] = mapped_column(String(20))
    # Indexed: a sweep reads the items already written for its date (``stored_keys``).
    sweep_date: Mapped[date] = mapped_column(Date, index=True)
    # outbox_messages.id; indexed for a mail's items (the scoped outbox views).
    outbox_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # Why its digest went without it (done before sending: ``service.still_owed``); None: listed.
    left_out: Mapped[str | None] = mapped_column(String(200))


class OutboxMessage(Base):
    """A mail to send: written with its cause, claimed by one sender at a time, marked after."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # the message kind in notifications/
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    recipient_email: Mapped[str] = mapped_column(String(254), index=True)
    recipient_name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, 20), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    failure_reason: Mapped[str | None] = mapped_column(Text)  # permanent: for an officer to see
    smtp_reply: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JobRun(Base):
    """A claim on one daily job (``vocab.DailyJob``) for one date: a rerun or a second scheduler
    finds it and does nothing."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "run_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    run_date: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What the run wrote: the sweep's reminder items and digests; the audit's new findings (and 0).
    items_created: Mapped[int] = mapped_column(Integer, default=0)
    messages_created: Mapped[int] = mapped_column(Integer, default=0)


class SchedulerLease(Base):
    """The leader lease of the scheduler (``jobs.runner.LeaseLock``), on every backend."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
