"""What an intake pack declares: form, attachments, route, batch rules and facts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any

from lifecycle.designations.eligibility import Declaration
from lifecycle.intake.forms import FieldKind, FieldSpec, FormSpec, RegisterFact
from lifecycle.intake.routes import Route
from lifecycle.schemes import AchievementFact, ProjectFact
from lifecycle.schemes.base import SchemeSettings
from lifecycle.vocab import UNIT_NATURE_LABELS


@dataclass(frozen=True)
class AttachmentSpec:
    """One kind of attachment: how many, which file types, how large [C 二（五）][L 四]."""

    kind: str
    label: str
    extensions: tuple[str, ...]
    max_bytes: int
    min_count: int = 0
    max_count: int = 10
    article: str = ""


@dataclass(frozen=True)
class BatchRules:
    """What a recommending union's batch must satisfy before it can be submitted."""

    ranking_required: bool = False  # 申报数量1个以上的，要…排序 [L 四（二）]
    min_per_district_union: int = 0  # 县（市、区）总工会…至少申报2个 [L 一]
    non_public_share: Fraction | None = None  # 区总工会推荐…非公企业比例不少于30% [C 二（二）]
    # The scheme has 优先 items (advisory, they order the batch): [S7] 全国劳模, [C 一（二）（四）];
    # a batch of a scheme without any ([L]) shows no 优先项 column, nor the non-public one.
    preferences: bool = False
    article_ranking: str = ""
    article_minimum: str = ""
    article_non_public: str = ""


@dataclass(frozen=True)
class IntakePack:
    """The intake half of a scheme: everything data, plus how the form declares facts."""

    scheme_code: str
    form: FormSpec
    route: Route
    declare: Callable[[dict[str, Any]], Declaration]
    attachments: tuple[AttachmentSpec, ...] = ()
    batch: BatchRules | None = None  # None: applications go one by one (Yangpu [Y7])
    studio_field: str = "studio_name"
    direction_field: str | None = None
    title_kind_field: str | None = None
    window_note: str = ""  # e.g. 「一般于每年年底开展」 [Y7]
    # The article the call's deadline rests on, cited by the deadline check (the date is the
    # call's own, e.g. 「2024年9月13日前」 [C 三（四）]).
    deadline_article: str = ""
    extra: dict[str, str] = field(default_factory=dict)


# ---- shared field groups --------------------------------------------------------------------

YES_NO = (("yes", "是"), ("no", "否"))
# The register's 单位性质 as a form offers it: the labels the register's pages print.
UNIT_NATURE_CHOICES = tuple((label, label) for label in UNIT_NATURE_LABELS.values())


def unit_nature(name: str, label: str, article: str, *, section: str = "") -> FieldSpec:
    """单位性质, restating the register's (the rule of ``article`` reads the register's)."""
    return FieldSpec(
        name,
        label,
        FieldKind.CHOICE,
        choices=UNIT_NATURE_CHOICES,
        section=section,
        article=article,
        register=RegisterFact.HOST_UNIT_NATURE,
    )


def flag(name: str, label: str, article: str = "") -> FieldSpec:
    """A □是 □否 box."""
    return FieldSpec(name, label, FieldKind.BOOL, required=False, article=article)


def count(name: str, label: str, *, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, FieldKind.INT, required=required)


# A person's age in years on an application form: a team member is at least 16 (the joining
# age the registry holds them to) and no one's is past 100.
AGES = (16, 100)


def age(name: str, label: str) -> FieldSpec:
    return FieldSpec(name, label, FieldKind.INT, bounds=AGES)


PROJECTS = FieldSpec(
    "projects",
    "攻关项目（创新课题）",
    FieldKind.TABLE,
    columns=(
        FieldSpec("name", "项目名称"),
        FieldSpec("year", "年度", FieldKind.YEAR),
        flag("main_business", "与本单位主营业务相关"),
        flag("recognised", "获有关方面认可或认定"),
    ),
    rows=3,
    min_rows=1,
)
ACHIEVEMENTS = FieldSpec(
    "achievements",
    "创新成果",
    FieldKind.TABLE,
    columns=(
        FieldSpec("name", "成果名称"),
        FieldSpec("achieved_on", "取得日期", FieldKind.DATE, past=True),
        flag("benefit", "产生经济效益或社会效益"),
        flag("applied", "在生产实践中推广应用"),
        flag("recognised", "获本地区、本行业、本单位或有关方面认可"),
    ),
    rows=3,
    min_rows=1,
)


def achievements_for(settings: SchemeSettings) -> FieldSpec:
    """The achievements table of a scheme's form: 「获市级以上奖项」 only where the scheme reads
    it (``city_award_article``, [C 一（四）] 优先), never on a form whose rules ignore it."""
    if settings.city_award_article is None:
        return ACHIEVEMENTS
    award = flag("city_award", "获市级以上奖项")
    return replace(ACHIEVEMENTS, columns=(*ACHIEVEMENTS.columns, award))


MEMBERS = FieldSpec(
    "members",
    "工作室其他成员情况",
    FieldKind.TABLE,
    columns=(
        FieldSpec("name", "姓名"),
        age("age", "年龄"),
        FieldSpec("education", "学历"),
        FieldSpec("title", "职称（技能等级）"),
        FieldSpec("trade", "工种"),
        FieldSpec("years", "工作年限", FieldKind.INT),
    ),
    rows=5,
    min_rows=1,
)


def _rows(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    rows = data.get(name)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def declared_projects(data: dict[str, Any]) -> tuple[ProjectFact, ...]:
    """The projects table as the rules read it."""
    return tuple(
        ProjectFact(
            year=int(r["year"]),
            recognised=bool(r.get("recognised")),
            tied_to_main_business=bool(r.get("main_business")),
        )
        for r in _rows(data, "projects")
        if isinstance(r.get("year"), int)
    )


def declared_achievements(data: dict[str, Any]) -> tuple[AchievementFact, ...]:
    """The achievements table as the rules read it."""
    found = []
    for r in _rows(data, "achievements"):
        try:
            on = date.fromisoformat(str(r.get("achieved_on")))
        except ValueError:
            continue
        found.append(
            AchievementFact(
                achieved_on=on,
                has_benefit=bool(r.get("benefit")),
                applied_in_production=bool(r.get("applied")),
                recognised=bool(r.get("recognised")),
                city_level_award=bool(r.get("city_award")),
            )
        )
    return tuple(found)


def declaration(data: dict[str, Any]) -> Declaration:
    """The facts every form declares the same way (□是 □否 boxes named after the facts)."""
    b = {k: bool(data.get(k)) for k in _DECLARED_FLAGS}
    return Declaration(
        projects=declared_projects(data),
        achievements=declared_achievements(data),
        is_administrative_unit=b["is_administrative_unit"],
        crosses_administrative_lines=b["crosses_administrative_lines"],
        holds_skill_master_studio=b["holds_skill_master_studio"],
        willing_to_join_activities=b["willing_to_join_activities"],
        has_annual_work_plan=b["has_annual_work_plan"],
        has_development_plan=b["has_development_plan"],
        has_activity_plan=b["has_activity_plan"],
        has_rules=b["has_rules"],
        has_ledgers=b["has_ledgers"],
        has_venue=b["has_venue"],
        has_equipment=b["has_equipment"],
        has_earmarked_funds=b["has_earmarked_funds"],
    )


_DECLARED_FLAGS = (
    "is_administrative_unit",
    "crosses_administrative_lines",
    "holds_skill_master_studio",
    "willing_to_join_activities",
    "has_annual_work_plan",
    "has_development_plan",
    "has_activity_plan",
    "has_rules",
    "has_ledgers",
    "has_venue",
    "has_equipment",
    "has_earmarked_funds",
)
