"""The shapes of the demo data, and how its relative dates and ID-card numbers are resolved."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from lifecycle.calendar.retirement import legal_retirement
from lifecycle.persons.id_card import id_card_check_char
from lifecycle.persons.service import HonourInput
from lifecycle.schemes.base import TitleKind, add_years
from lifecycle.vocab import (
    ContactRole,
    DesignationStatus,
    EmploymentStatus,
    Gender,
    RetirementGroup,
    SkillLevel,
    UnionLevel,
    UnitNature,
)

# ---- dates relative to the reference day ------------------------------------------------------


@dataclass(frozen=True)
class Ago:
    """A day before the reference day: ``as_of`` minus years, months and days (days may be < 0)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def on(self, as_of: date) -> date:
        """The concrete day for ``as_of``."""
        return _shift_months(add_years(as_of, -self.years), -self.months) - timedelta(
            days=self.days
        )


When = date | Ago


def resolve(when: When, as_of: date) -> date:
    """A fixed date as is, a relative one against ``as_of``."""
    return when.on(as_of) if isinstance(when, Ago) else when


def _shift_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day clamped to the end of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


@dataclass(frozen=True)
class RetiresIn:
    """A birth date chosen so the legal retirement date falls about ``days`` after ``as_of``."""

    days: int


def birth_date_retiring(as_of: date, days: int, group: RetirementGroup) -> date:
    """The birth date whose legal retirement (2025 办法) lies nearest to ``as_of + days``.

    Searches birth days 49–64 years before the target, so every group's age (50–63) is covered;
    the gradual reform skips some retirement months, hence "nearest" rather than "exactly".
    """
    target = as_of + timedelta(days=days)
    day = add_years(target, -64)
    last = add_years(target, -49)
    best: tuple[int, date] | None = None
    while day <= last:
        gap = abs((legal_retirement(day, group).date - target).days)
        if best is None or gap < best[0]:
            best = (gap, day)
            if gap == 0:
                break
        day += timedelta(days=1)
    assert best is not None
    assert best[0] <= 16, "no birth date retires near the target"
    return best[1]


# ---- ID-card numbers ---------------------------------------------------------------------------


def id_card_number(area: str, born: date, serial: int, gender: Gender) -> str:
    """A valid GB 11643 number: area, birth date, a sequence code of the right parity, checksum.

    The sequence code is ``2 × serial + 1`` for men and ``2 × serial + 2`` for women, so distinct
    serials give distinct numbers whatever the birth dates.
    """
    sequence = 2 * serial + (1 if gender == Gender.MALE else 2)
    assert 0 < sequence < 1000, "demo person serial out of range"
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_card_check_char(first17)


LEADER_SERIAL_BASE = 0  # leaders: serial = workshop index (0–49)
MEMBER_SERIAL_BASE = 50  # members: 50 + 9 × workshop index + position (up to 498)
MEMBERS_PER_WORKSHOP_MAX = 9


def leader_serial(index: int) -> int:
    """The ID-card serial of the leader of workshop ``index``."""
    return LEADER_SERIAL_BASE + index


def member_serial(index: int, position: int) -> int:
    """The ID-card serial of member ``position`` of workshop ``index``."""
    assert position < MEMBERS_PER_WORKSHOP_MAX
    return MEMBER_SERIAL_BASE + MEMBERS_PER_WORKSHOP_MAX * index + position


# ---- the union tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactSpec:
    name: str
    email: str
    role: ContactRole = ContactRole.OFFICER


@dataclass(frozen=True)
class HostUnit:
    """The unit (单位) behind a unit union."""

    name: str
    nature: UnitNature
    address: str


@dataclass(frozen=True)
class UnionSpec:
    """One node of the tree; ``key`` is the demo's handle, ``parent`` the parent's key."""

    key: str
    name: str
    level: UnionLevel
    parent: str | None = None
    doc_prefix: str | None = None
    region_code: str | None = None
    contacts: tuple[ContactSpec, ...] = ()
    host: HostUnit | None = None  # only for unit unions
    id_area: str | None = None  # ID-card area code for the people below, e.g. 310110 杨浦区


def unit_union(key: str, parent: str, host: str, nature: UnitNature, address: str) -> UnionSpec:
    """A unit union (基层单位工会) named after its host unit."""
    return UnionSpec(
        key, f"{host}工会", UnionLevel.UNIT, parent, host=HostUnit(host, nature, address)
    )


# ---- people --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderSpec:
    name: str
    gender: Gender
    born: date | RetiresIn
    skill: SkillLevel
    honours: tuple[HonourInput, ...] = ()
    title: str | None = None  # professional title (职称)
    education: str = "大专"
    status: EmploymentStatus = EmploymentStatus.EMPLOYED
    group: RetirementGroup | None = None  # None: men, or women workers


@dataclass(frozen=True)
class MemberSpec:
    name: str
    gender: Gender
    born: date
    skill: SkillLevel
    education: str
    title: str | None
    role: str
    joined_after_days: int  # after the workshop's founding (never after the reference day)
    left_after_days: int | None = None


# ---- designations and workshops ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A later lifecycle transition; ``doc`` may contain ``{year}`` (the effective year)."""

    target: DesignationStatus
    on: When
    reason: str
    doc: str | None = None
    # Criteria failed at a cycle-end inspection, each with what the inspectors found: the step
    # then runs the real inspection path (schedule, record, numbered 整改通知) instead of a bare
    # transition; the notice lists each criterion with its own finding [Y12].
    failing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DesignationSpec:
    """A title: opened as ``start`` on ``on``, then ``steps``; numbered when named (``seq``)."""

    scheme: str
    start: DesignationStatus
    on: When
    seq: int | None = None  # number = "<prefix> <naming year>-<seq:03d>"
    steps: tuple[Step, ...] = ()
    kind: TitleKind | None = None  # Yangpu 劳模/技师; None: from the leader's honours
    title: str | None = None  # for schemes without a title format
    recommended_from: str | None = None  # scheme of this team's earlier title [S7]
    reason: str | None = None
    doc: str | None = None


def named(
    scheme: str,
    seq: int,
    on: When,
    *steps: Step,
    kind: TitleKind | None = None,
    title: str | None = None,
    recommended_from: str | None = None,
) -> DesignationSpec:
    """A title registered as named on ``on``."""
    return DesignationSpec(
        scheme,
        DesignationStatus.NAMED,
        on,
        seq,
        steps,
        kind=kind,
        title=title,
        recommended_from=recommended_from,
    )


def applied(
    scheme: str, on: When, *steps: Step, seq: int | None = None, title: str | None = None
) -> DesignationSpec:
    """An application filed on ``on``; ``seq`` numbers it if a step names it."""
    return DesignationSpec(scheme, DesignationStatus.APPLIED, on, seq, steps, title=title)


@dataclass(frozen=True)
class WorkshopSpec:
    """A team; its name is ``name`` or else the title of its first designation."""

    unit: str  # key of its unit union
    founded: When
    leader: LeaderSpec
    direction: str  # 攻关方向
    trade: str  # members' trade and the workshop's specialty
    members: int
    designations: tuple[DesignationSpec, ...]
    departed: int = 0  # former members who have left
    area_sqm: float = 80.0
    name: str | None = None
    description: str | None = None


# ---- generated team members ----------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓"
    "曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏方邹熊秦江顾毛邵"
)
_MALE_NAMES = (
    "建军", "志强", "晓东", "文杰", "俊峰", "国华", "海涛", "子豪", "明远", "立新",
    "浩然", "宇航", "振宇", "家乐", "伟民", "永刚", "思远", "昊天", "嘉诚", "博文",
    "一鸣", "天佑", "云飞", "承志", "亦凡", "少杰",
)  # fmt: skip
_FEMALE_NAMES = (
    "丽萍", "海燕", "雪梅", "慧敏", "春燕", "雅婷", "静怡", "秀英", "梦琪", "玉兰",
    "晓燕", "婉清", "佳怡", "欣悦", "若曦", "美玲", "思琪", "晨露", "文静", "嘉欣",
)  # fmt: skip
_SKILLS = (
    SkillLevel.TECHNICIAN,
    SkillLevel.SENIOR_WORKER,
    SkillLevel.SENIOR_TECHNICIAN,
    SkillLevel.INTERMEDIATE_WORKER,
    SkillLevel.SENIOR_WORKER,
    SkillLevel.JUNIOR_WORKER,
)
_EDUCATION = ("本科", "大专", "硕士研究生", "中专", "本科", "高中")
_TITLES = ("工程师", None, "助理工程师", None, "高级工程师", None, None)


def team(index: int, spec: WorkshopSpec) -> tuple[MemberSpec, ...]:
    """The members of workshop ``index``: deterministic, so the ID-card numbers are stable."""
    people: list[MemberSpec] = []
    for position in range(spec.members + spec.departed):
        k = index * 7 + position * 3
        gender = Gender.FEMALE if (index + position) % 3 == 1 else Gender.MALE
        given = _FEMALE_NAMES if gender == Gender.FEMALE else _MALE_NAMES
        active = position < spec.members
        people.append(
            MemberSpec(
                name=_SURNAMES[(index * 5 + position * 11) % len(_SURNAMES)]
                + given[(index * 3 + position * 7) % len(given)],
                gender=gender,
                born=date(1968 + k % 30, (index + position * 5) % 12 + 1, k % 28 + 1),
                skill=_SKILLS[k % len(_SKILLS)],
                education=_EDUCATION[k % len(_EDUCATION)],
                title=_TITLES[k % len(_TITLES)],
                role="骨干成员" if position == 0 else "成员",
                joined_after_days=0 if position < 2 or not active else 45 * (position - 1),
                left_after_days=None if active else 540,
            )
        )
    return tuple(people)


# ---- scheme codes and per-scheme defaults --------------------------------------------------------

YANGPU = "yangpu-district"
SH_MODEL_WORKER = "shanghai-model-worker"
SH_CRAFTSMAN = "shanghai-craftsman"
LESHAN = "leshan-city"

# Reason and document of the first history row, by scheme and opening status.
OPENING: dict[tuple[str, DesignationStatus], tuple[str, str | None]] = {
    (YANGPU, DesignationStatus.NAMED): (
        "经区评审小组评审、区总工会主席办公会议审定，予以命名并授牌",
        "杨工〔{year}〕12号",
    ),
    (YANGPU, DesignationStatus.APPLIED): ("单位工会经党政同意，提交申报材料", None),
    (SH_MODEL_WORKER, DesignationStatus.NAMED): (
        "经区总工会推荐、市总工会审定，命名为上海市劳模创新工作室",
        "沪工〔{year}〕18号",
    ),
    (SH_CRAFTSMAN, DesignationStatus.NAMED): (
        "经区级审核、专家评审、答辩和实地考察，市总工会审定命名",
        "沪工〔{year}〕25号",
    ),
    (LESHAN, DesignationStatus.NAMED): (
        "经县（市、区）总工会推荐、市总工会审定，命名为乐山市劳模和工匠人才创新工作室",
        "乐工〔{year}〕31号",
    ),
}
