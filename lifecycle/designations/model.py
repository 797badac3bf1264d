"""A designation (命名): one title held by a workshop under one scheme, with its history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.vocab import DesignationStatus
from lifecycle.workshops.model import Workshop


class Designation(Base):
    """A title under a scheme; `version` guards concurrent changes (optimistic locking)."""

    __tablename__ = "designations"
    __table_args__ = (
        UniqueConstraint("scheme_code", "number"),
        Index("ix_designations_status_scheme", "status", "scheme_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    scheme_code: Mapped[str] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[DesignationStatus] = mapped_column(str_enum(DesignationStatus, 20))
    applied_on: Mapped[date | None]
    naming_date: Mapped[date | None]
    ended_on: Mapped[date | None]
    # The union that named (or will name) the title: the city for city titles, the district else.
    naming_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    # The district union that oversees it day to day (inspections, 考核, reminders).
    district_union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    # A city title recommended from a district title [S7].
    recommended_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)

    workshop: Mapped[Workshop] = relationship(lazy="joined")
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="designation",
        lazy="selectin",
        order_by="StatusChange.id",
        passive_deletes="all",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class StatusChange(Base):
    """One append-only row of a designation's history: who moved it, when, why, on what document."""

    __tablename__ = "designation_status_changes"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="RESTRICT"), index=True
    )
    from_status: Mapped[DesignationStatus | None] = mapped_column(str_enum(DesignationStatus, 20))
    to_status: Mapped[DesignationStatus] = mapped_column(str_enum(DesignationStatus, 20))
    effective_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_user_id: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text)
    document_ref: Mapped[str | None] = mapped_column(String(200))

    designation: Mapped[Designation] = relationship(back_populates="history", lazy="raise")
