"""A workshop (the team) with its host unit, current leader and members over time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.persons.model import Person
from lifecycle.vocab import UnitNature


class Workshop(Base):
    """The team. Titles, cycles and money belong to its designations, not to it."""

    __tablename__ = "workshops"
    __table_args__ = (CheckConstraint("venue_area_sqm IS NULL OR venue_area_sqm >= 0", "venue"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    host_unit_name: Mapped[str] = mapped_column(String(200))
    host_unit_nature: Mapped[UnitNature] = mapped_column(str_enum(UnitNature, 30))
    # The host unit's own union (基层单位工会): the workshop lives in its subtree.
    unit_union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    address: Mapped[str | None] = mapped_column(String(300))
    venue_area_sqm: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))
    specialty: Mapped[str | None] = mapped_column(String(200))
    innovation_direction: Mapped[str | None] = mapped_column(String(200))
    founded_on: Mapped[date]
    leader_person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # Optimistic locking of a correction (更正登记): set by the ORM (version_id_col); the
    # migration's server default filled the rows stored before it and fills bulk inserts.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    leader: Mapped[Person] = relationship(lazy="joined")
    members: Mapped[list[WorkshopMember]] = relationship(
        back_populates="workshop", lazy="selectin", order_by="WorkshopMember.joined_on"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def members_on(self, day: date) -> list[WorkshopMember]:
        """Members (besides the leader) belonging to the team on `day`."""
        return [m for m in self.members if m.is_member_on(day)]


class WorkshopMember(Base):
    """A member of a team for a period; the leader is not counted among members."""

    __tablename__ = "workshop_members"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", "left_after_joined"),
        CheckConstraint("years_of_work IS NULL OR years_of_work >= 0", "years_of_work"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(100))
    trade: Mapped[str | None] = mapped_column(String(100))
    years_of_work: Mapped[int | None]
    joined_on: Mapped[date]
    left_on: Mapped[date | None]

    workshop: Mapped[Workshop] = relationship(back_populates="members", lazy="raise")
    person: Mapped[Person] = relationship(lazy="joined")

    def is_member_on(self, day: date) -> bool:
        """Whether the member belongs to the team on `day`."""
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)
