"""The yearly 上海工匠 selection, its applications (附件1), stage records and findings [G]."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.craftsman_title.rules import Channel, Group, mask_address, mask_phone
from lifecycle.craftsman_title.stages import Stage, Status
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum

# The rows the one-application-per-person-and-year index covers (not withdrawn, reading G9).
LIVE_SQL = f"status <> '{Status.WITHDRAWN.value}'"


class CraftsmanSelection(Base):
    """One year's call: the self-application window and the unions' deadline [G] 二、五（四）."""

    __tablename__ = "craftsman_selections"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    self_opens: Mapped[date]
    self_closes: Mapped[date]
    union_deadline: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class LocalSelection(Base):
    """A recommending body's own local 工匠 selection this year and its 附件3 figures [G] 五（二）.

    The body is a district-level union (unit recommendations) or an association (社团推荐), both
    nodes of the union tree.
    """

    __tablename__ = "craftsman_local_selections"
    __table_args__ = (UniqueConstraint("selection_id", "union_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(
        ForeignKey("craftsman_selections.id", ondelete="RESTRICT"), index=True
    )
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    participants: Mapped[int] = mapped_column(Integer, default=0)  # 活动参与人数 附件3
    local_craftsmen: Mapped[int] = mapped_column(Integer, default=0)  # 本地区工匠选树人数 附件3
    # 附件3 as the body states it: 何时起开展, 是否有下属工会开展,
    # 参与活动职工月平均可支配收入 (fen).
    since_year: Mapped[int | None] = mapped_column(Integer)
    subordinate_selections: Mapped[bool] = mapped_column(default=False)
    average_income_fen: Mapped[int | None] = mapped_column(Integer)


class CraftsmanApplication(Base):
    """One 申报审批表 (附件1); phone, address and income are personal data, shown masked."""

    __tablename__ = "craftsman_applications"
    __table_args__ = (
        # One live application per person and year; a withdrawn one does not count (reading
        # G9): a partial unique index, so two filed at once cannot both stand, on both backends.
        Index(
            "uq_craftsman_applications_live_person",
            "selection_id",
            "person_id",
            unique=True,
            sqlite_where=text(LIVE_SQL),
            postgresql_where=text(LIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    selection_id: Mapped[int] = mapped_column(
        ForeignKey("craftsman_selections.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 20))
    group: Mapped[Group] = mapped_column(str_enum(Group, 20))
    # The district-level union that checks qualification (and whose subtree sees the record).
    district_union_id: Mapped[int] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    # The applicant's own union (the recommending unit for 单位推荐, the association for 社团推荐):
    # the record is visible there and in the district's subtree.
    union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"), index=True)
    # The recommending association of a 社团推荐 (the applicant's union: its own member).
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    applied_on: Mapped[date]
    status: Mapped[Status] = mapped_column(str_enum(Status, 30))
    chinese_nationality: Mapped[bool]
    front_line: Mapped[bool]
    deputy_bureau_or_above: Mapped[bool]
    org_managed_unit_head: Mapped[bool]
    local_title_exception: Mapped[str | None] = mapped_column(Text)
    applicant_phone: Mapped[str] = mapped_column(String(20))
    home_address: Mapped[str] = mapped_column(String(300))
    trade: Mapped[str] = mapped_column(String(100))  # 工种
    years_worked: Mapped[int] = mapped_column(Integer)
    five_powers: Mapped[dict[str, Any]] = mapped_column(JSON)  # item → evidence (盖章确认)
    patents_invention: Mapped[int] = mapped_column(Integer, default=0)
    patents_utility: Mapped[int] = mapped_column(Integer, default=0)
    patents_design: Mapped[int] = mapped_column(Integer, default=0)
    understanding: Mapped[str] = mapped_column(Text)
    statement: Mapped[str] = mapped_column(Text)
    honours_text: Mapped[str] = mapped_column(Text, default="")
    # 一线技术工人收入水平 survey: kept apart from the decision, read only by city officers.
    income_survey: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def masked_phone(self) -> str | None:
        return mask_phone(self.applicant_phone)

    @property
    def masked_address(self) -> str | None:
        return mask_address(self.home_address)

    def __repr__(self) -> str:  # never personal data
        return f"CraftsmanApplication(id={self.id}, status={self.status!s})"


class StageRecord(Base):
    """One stage decision: opinion, signer, date and deciding union, never rewritten [G] 三."""

    __tablename__ = "craftsman_stage_records"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("craftsman_applications.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, 20))
    passed: Mapped[bool]
    opinion: Mapped[str] = mapped_column(Text)
    signer: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[date]
    deciding_union_id: Mapped[int] = mapped_column(ForeignKey("unions.id", ondelete="RESTRICT"))
    credit_check_passed: Mapped[bool | None]
    interview_passed: Mapped[bool | None]  # 海选面试 of a self-applicant [G] 三（一）
    notice_from: Mapped[date | None]
    notice_to: Mapped[date | None]
    objections: Mapped[str | None] = mapped_column(Text)
    # A self-applicant's 资格审查 by the city: the district union's opinion it solicited and the
    # day it was given [G] 三（一）.
    district_opinion: Mapped[str | None] = mapped_column(Text)
    district_opinion_on: Mapped[date | None]
    # 撤回 by the filer (reading G9): ``deciding_union_id`` is the filer's union, ``stage`` the
    # one it awaited, ``opinion`` the reason; not a decision of that stage.
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    actor_name: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class FalseDeclaration(Base):
    """A finding of 瞒报、虚报 against a person or a unit, barring it 3 years [G] 五（三）."""

    __tablename__ = "craftsman_false_declarations"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    unit_union_id: Mapped[int | None] = mapped_column(
        ForeignKey("unions.id", ondelete="RESTRICT"), index=True
    )
    found_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    actor_name: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
