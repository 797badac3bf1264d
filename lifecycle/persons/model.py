"""A person and the honours they hold, each with the year awarded."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum
from lifecycle.persons.id_card import mask_id_card
from lifecycle.vocab import EmploymentStatus, Gender, Honour, RetirementGroup, SkillLevel

REFERENCE_MAX = 100  # a hand-entered 上海工匠's 公示 or 批准文号 [G] 四


class Person(Base):
    """A leader or member; `id_card_number` is sensitive and only ever shown masked; `version`
    guards concurrent corrections (optimistic locking)."""

    __tablename__ = "persons"
    __table_args__ = (
        Index("uq_persons_registry_id_card", "registry_union_id", "id_card_number", unique=True),
        Index(
            "uq_persons_id_card_no_registry",
            "id_card_number",
            unique=True,
            sqlite_where=text("registry_union_id IS NULL"),
            postgresql_where=text("registry_union_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[Gender] = mapped_column(str_enum(Gender, 10))
    birth_date: Mapped[date]
    retirement_group: Mapped[RetirementGroup] = mapped_column(str_enum(RetirementGroup, 20))
    id_card_number: Mapped[str | None] = mapped_column(String(18))
    # The registry the person is recorded in: the district-level union above their union (or
    # that union when it is above district level). An ID number is unique within a registry;
    # another district registers the same citizen as a record of its own (docs/RULES.md).
    registry_union_id: Mapped[int | None] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT")
    )
    is_union_member: Mapped[bool] = mapped_column(default=True)
    union_id: Mapped[int | None] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    employer: Mapped[str | None] = mapped_column(String(200))
    employment_status: Mapped[EmploymentStatus] = mapped_column(str_enum(EmploymentStatus, 20))
    skill_level: Mapped[SkillLevel] = mapped_column(str_enum(SkillLevel, 30))
    professional_title: Mapped[str | None] = mapped_column(String(100))
    education: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # Set by the ORM (version_id_col); no server default here, which would make every insert a
    # statement of its own (the registry import batches persons). The migration's default only
    # filled the rows stored before it.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    honours: Mapped[list[PersonHonour]] = relationship(
        back_populates="person", lazy="selectin", order_by="PersonHonour.year"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def masked_id_card(self) -> str | None:
        """The ID-card number as it may be shown anywhere."""
        return mask_id_card(self.id_card_number)

    def __repr__(self) -> str:  # never include the ID-card number
        return f"Person(id={self.id}, name={self.name!r})"


class PersonHonour(Base):
    """An honour held by a person, with the year it was awarded."""

    __tablename__ = "person_honours"
    __table_args__ = (UniqueConstraint("person_id", "honour", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    honour: Mapped[Honour] = mapped_column(str_enum(Honour, 40))
    year: Mapped[int] = mapped_column(Integer)
    # The grant's document of a hand-entered 上海工匠 (公示 or 批准文号) [G] 四; None otherwise.
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_MAX))

    person: Mapped[Person] = relationship(back_populates="honours", lazy="raise")
