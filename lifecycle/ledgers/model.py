"""Ledger entries of a workshop (the team); they feed drift checks, inspections and statistics."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lifecycle.clock import now_utc
from lifecycle.db.base import Base, UTCDateTime
from lifecycle.db.types import str_enum


class AchievementKind(StrEnum):
    INVENTION_PATENT = "invention_patent"
    UTILITY_PATENT = "utility_patent"
    DESIGN_PATENT = "design_patent"
    AWARD = "award"
    STANDARD = "standard"
    METHOD = "method"
    SOFTWARE_COPYRIGHT = "software_copyright"
    OTHER = "other"


ACHIEVEMENT_KIND_LABELS = {
    AchievementKind.INVENTION_PATENT: "发明专利",
    AchievementKind.UTILITY_PATENT: "实用新型专利",
    AchievementKind.DESIGN_PATENT: "外观设计专利",
    AchievementKind.AWARD: "获奖",
    AchievementKind.STANDARD: "标准",
    AchievementKind.METHOD: "工法/操作法",
    AchievementKind.SOFTWARE_COPYRIGHT: "软件著作权",
    AchievementKind.OTHER: "其他",
}


class DevelopmentKind(StrEnum):
    PROMOTION = "promotion"  # 职务/职称晋升
    SKILL_UPGRADE = "skill_upgrade"  # 技能等级晋升
    APPRENTICE_TRAINED = "apprentice_trained"  # 带教徒弟
    HONOUR = "honour"  # 获得荣誉


DEVELOPMENT_KIND_LABELS = {
    DevelopmentKind.PROMOTION: "职务职称晋升",
    DevelopmentKind.SKILL_UPGRADE: "技能等级晋升",
    DevelopmentKind.APPRENTICE_TRAINED: "带教徒弟",
    DevelopmentKind.HONOUR: "获得荣誉",
}


class _LedgerEntry:
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="RESTRICT"), index=True
    )
    entered_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)


class Project(_LedgerEntry, Base):
    """攻关项目或创新课题 of a calendar year, with that year's work plan [Y3]."""

    __tablename__ = "ledger_projects"

    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300))
    work_plan: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date | None]
    recognised: Mapped[bool] = mapped_column(default=False)
    tied_to_main_business: Mapped[bool] = mapped_column(default=True)


class Activity(_LedgerEntry, Base):
    """创建活动: training, exchange, 师徒带教, competitions [Y10]."""

    __tablename__ = "ledger_activities"
    __table_args__ = (CheckConstraint("participants IS NULL OR participants >= 0", "participants"),)

    held_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(300))
    participants: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)


class Achievement(_LedgerEntry, Base):
    """创新成果 with its kind, date, benefit and application in production [Y3][Y10]."""

    __tablename__ = "ledger_achievements"
    __table_args__ = (
        CheckConstraint(
            "economic_benefit_fen IS NULL OR economic_benefit_fen >= 0", "economic_benefit"
        ),
    )

    kind: Mapped[AchievementKind] = mapped_column(str_enum(AchievementKind, 30))
    title: Mapped[str] = mapped_column(String(300))
    achieved_on: Mapped[date] = mapped_column(index=True)
    economic_benefit_fen: Mapped[int | None] = mapped_column(BigInteger)
    social_benefit: Mapped[str | None] = mapped_column(Text)
    applied_in_production: Mapped[bool] = mapped_column(default=False)
    recognised: Mapped[bool] = mapped_column(default=False)
    city_level_award: Mapped[bool] = mapped_column(default=False)


class MemberDevelopment(_LedgerEntry, Base):
    """成员发展: promotions, skill-level upgrades, apprentices trained [Y10]."""

    __tablename__ = "ledger_member_developments"

    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    person_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[DevelopmentKind] = mapped_column(str_enum(DevelopmentKind, 30))
    occurred_on: Mapped[date]
    description: Mapped[str] = mapped_column(Text)
