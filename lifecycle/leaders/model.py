"""Leader events, continuation consents and the leader history of a workshop [Y13][S9][C]."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.files.model import AttachedFile
from lifecycle.vocab import EmploymentStatus


class LeaderEventKind(StrEnum):
    """How a leader stops (or may stop) leading: DOMAIN.md §3 Leader events."""

    RETIREMENT = "retirement"  # 退休
    DEPARTURE = "departure"  # 离职
    DEATH = "death"  # 已故
    OTHER = "other"  # 其他不能继续发挥示范引领作用的情况


LEADER_EVENT_LABELS = {
    LeaderEventKind.RETIREMENT: "退休",
    LeaderEventKind.DEPARTURE: "离职",
    LeaderEventKind.DEATH: "已故",
    LeaderEventKind.OTHER: "其他",
}

# The employment status a recorded event implies for the person (other: unchanged).
EVENT_EMPLOYMENT = {
    LeaderEventKind.RETIREMENT: EmploymentStatus.RETIRED,
    LeaderEventKind.DEPARTURE: EmploymentStatus.LEFT,
    LeaderEventKind.DEATH: EmploymentStatus.DECEASED,
}


class LeaderEvent(Base):
    """One append-only record that a workshop's leader retired, left, died or otherwise stopped."""

    __tablename__ = "leader_events"
    __append_only__ = True
    # One event of each kind per leader and workshop, also under concurrency (migration 0015).
    __table_args__ = (
        Index(
            "uq_leader_events_workshop_person_kind",
            "workshop_id",
            "person_id",
            "kind",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[LeaderEventKind] = mapped_column(str_enum(LeaderEventKind, 20))
    occurred_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(300))  # who reported it, on what document
    details: Mapped[str | None] = mapped_column(Text)
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # The service's day it was recorded (None: before migration 0064): the duty it opens arose
    # then at the earliest (``LeaderFact.event_known_on``).
    recorded_on: Mapped[date | None]
    proofs: Mapped[list[LeaderEventProof]] = relationship(
        lazy="selectin", viewonly=True, order_by="LeaderEventProof.id"
    )


class LeaderEventProof(AttachedFile, Base):
    """A proof of a leader event (死亡证明、离职证明、退休证明…) kept by the union that may record
    the event (append-only): the stored file, who added it, when [S9][C 三（六）][Y13]."""

    __tablename__ = "leader_event_proofs"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_event_id: Mapped[int] = mapped_column(
        ForeignKey("leader_events.id", ondelete="RESTRICT"), index=True
    )


class ContinuationConsent(Base):
    """The leader's and the host unit's consent to continue past the legal age [Y13]."""

    __tablename__ = "leader_continuation_consents"
    __append_only__ = True
    __table_args__ = (UniqueConstraint("designation_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="RESTRICT"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    leader_consented_on: Mapped[date]
    leader_signer: Mapped[str] = mapped_column(String(100))
    unit_consented_on: Mapped[date]
    unit_signer: Mapped[str] = mapped_column(String(100))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="RESTRICT"))
    notes: Mapped[str | None] = mapped_column(Text)
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class LeaderChange(Base):
    """One append-only row of a workshop's leader history: old and new leader, on what basis."""

    __tablename__ = "leader_changes"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    old_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    new_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    effective_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    document_ref: Mapped[str | None] = mapped_column(String(200))
    change_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_requests.id", ondelete="RESTRICT")
    )
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # The service's day it was recorded (None: before migration 0068): a consent the new leader
    # owes on taking over past the legal age arose then at the earliest [Y13].
    recorded_on: Mapped[date | None]
