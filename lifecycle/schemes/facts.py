"""Plain facts the rule packs judge: built by the service layer from the database, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lifecycle.vocab import (
    DesignationStatus,
    EmploymentStatus,
    Gender,
    Honour,
    SkillLevel,
    UnitNature,
)


class SchemeLevel(StrEnum):
    """Level of the union that names a title (DOMAIN.md §1)."""

    DISTRICT = "district"  # 区局（产业）工会 / 县（市、区）总工会
    CITY = "city"  # 市总工会
    PROVINCE = "province"  # 省（省产业工会）
    NATIONAL = "national"  # 全国总工会


# Levels counted as "市级及以上" for [L] 已命名的市级及以上工作室不重复申报.
CITY_OR_ABOVE = frozenset({SchemeLevel.CITY, SchemeLevel.PROVINCE, SchemeLevel.NATIONAL})


@dataclass(frozen=True)
class HonourFact:
    """One honour of a person and the year it was awarded (DOMAIN.md §1)."""

    honour: Honour
    year: int


@dataclass(frozen=True)
class LeaderFacts:
    """The facts about a (proposed) leader that the leader rules read."""

    birth_date: date
    gender: Gender
    employment_status: EmploymentStatus
    skill_level: SkillLevel
    honours: tuple[HonourFact, ...]
    union_district_code: str | None  # district whose union the leader belongs to, e.g. "yangpu"
    is_union_member: bool
    willing_to_join_activities: bool = True  # 劳模工匠助企行等社会公益活动 [C]
    # The union that region belongs to, by name (浦东新区总工会): what a refusal shows, never
    # the code.
    union_district_name: str | None = None

    def honours_as_of(self, as_of: date) -> frozenset[Honour]:
        """Honours already awarded in or before the year of ``as_of``."""
        return frozenset(h.honour for h in self.honours if h.year <= as_of.year)


@dataclass(frozen=True)
class TeamFacts:
    """The team (workshop) facts the team rules read."""

    member_count_excluding_leader: int
    founded_on: date
    is_administrative_unit: bool  # 成建制的部室 [S3]
    crosses_administrative_lines: bool  # 打破固有行政体制 [C]
    holds_skill_master_studio: bool  # 上海市技能大师工作室 [C]

    @property
    def size_including_leader(self) -> int:
        """Head count of the team with its leader."""
        return self.member_count_excluding_leader + 1


@dataclass(frozen=True)
class ProjectFact:
    """One 攻关项目 or 创新课题, by calendar year."""

    year: int
    recognised: bool = False  # 获得有关方面的认可或认定 [S3]
    tied_to_main_business: bool = True  # 与所在单位主营业务相关 [C]


@dataclass(frozen=True)
class AchievementFact:
    """One 创新成果 from the achievement ledger."""

    achieved_on: date
    has_benefit: bool  # 产生经济效益或社会效益
    applied_in_production: bool  # 在生产实践中推广、应用
    recognised: bool = False  # 得到本地区、本行业、本单位或有关方面认可 [L]
    city_level_award: bool = False  # 获得市级以上奖项 [C]


@dataclass(frozen=True)
class ExistingDesignation:
    """A title the team already holds or held, under any scheme (DOMAIN.md §1 Designation)."""

    scheme_code: str
    status: DesignationStatus
    level: SchemeLevel | None = None
    named_on: date | None = None
    scheme_name: str | None = None  # what a message shows of it (never the code)
    number: str | None = None  # its number (杨浦 2023-015), shown beside its name
    status_label: str | None = None  # its status in its own scheme's words (已撤牌 [Y12])


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything an eligibility check reads about one application (DOMAIN.md §2, §7)."""

    scheme_code: str
    leader: LeaderFacts
    team: TeamFacts
    host_unit_nature: UnitNature
    projects: tuple[ProjectFact, ...]
    achievements: tuple[AchievementFact, ...]
    has_annual_work_plan: bool  # 年度工作计划 [Y3][L]
    has_development_plan: bool  # 工作室发展规划 [L]
    has_activity_plan: bool  # 活动计划 [Y3][C]
    has_rules: bool  # 团队工作制度 [Y3][C][L]
    has_ledgers: bool  # 台账 [L][Y10]
    has_venue: bool  # 相对固定的场所 [Y3][S3][C][L]
    has_equipment: bool  # 设备设施 [Y3][C][L]
    has_earmarked_funds: bool  # 专项（年度）经费 [S3][C][L]
    existing_designations: tuple[ExistingDesignation, ...] = ()

    def project_count(self, year: int) -> int:
        """Number of projects recorded for a calendar year."""
        return sum(1 for p in self.projects if p.year == year)
