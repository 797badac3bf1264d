"""Shared vocabulary of the domain: the closed lists every layer speaks (DOMAIN.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class UnionLevel(StrEnum):
    """Levels of the union hierarchy, top to bottom."""

    CITY = "city"  # 市总工会
    DISTRICT = "district"  # 区局（产业）工会 / 县（市、区）总工会
    SECTOR = "sector"  # 行业、街镇、直属工会
    UNIT = "unit"  # 基层单位工会
    # 社团 (industry associations): recommending bodies of [C] and [G] under the city or a
    # district union, with accounts of their own; they name, inspect and fund nothing.
    ASSOCIATION = "association"


UNION_LEVEL_LABELS = {
    UnionLevel.CITY: "市总工会",
    UnionLevel.DISTRICT: "区局（产业）工会",
    UnionLevel.SECTOR: "行业、街镇、直属工会",
    UnionLevel.UNIT: "基层单位工会",
    UnionLevel.ASSOCIATION: "社团（行业协会）",
}


class ContactRole(StrEnum):
    """What a union contact does; reminders go to the contacts of the union that must act."""

    OFFICER = "officer"
    FINANCE = "finance"
    CHAIR = "chair"
    UNIT_CONTACT = "unit_contact"


# As the contacts page and the 修改记录 name them (the registry workbook has its own wording).
CONTACT_ROLE_LABELS = {
    ContactRole.OFFICER: "工会干部",
    ContactRole.FINANCE: "财务",
    ContactRole.CHAIR: "工会主席",
    ContactRole.UNIT_CONTACT: "基层单位联系人",
}


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class RetirementGroup(StrEnum):
    """Retirement-age groups: men 60, women cadres 55, women workers 50 (before the reform)."""

    MALE = "male"
    FEMALE_CADRE = "female_cadre"
    FEMALE_WORKER = "female_worker"


GENDER_LABELS = {Gender.MALE: "男", Gender.FEMALE: "女"}
RETIREMENT_GROUP_LABELS = {
    RetirementGroup.MALE: "男职工",
    RetirementGroup.FEMALE_CADRE: "女干部",
    RetirementGroup.FEMALE_WORKER: "女工人",
}


class EmploymentStatus(StrEnum):
    EMPLOYED = "employed"  # 在职
    RETIRED = "retired"  # 退休
    LEFT = "left"  # 离职
    DECEASED = "deceased"  # 已故


EMPLOYMENT_STATUS_LABELS = {
    EmploymentStatus.EMPLOYED: "在职",
    EmploymentStatus.RETIRED: "退休",
    EmploymentStatus.LEFT: "离职",
    EmploymentStatus.DECEASED: "已故",
}


class SkillLevel(StrEnum):
    CHIEF_TECHNICIAN = "chief_technician"  # 首席技师
    PRINCIPAL_TECHNICIAN = "principal_technician"  # 特级技师
    SENIOR_TECHNICIAN = "senior_technician"  # 高级技师
    TECHNICIAN = "technician"  # 技师
    SENIOR_WORKER = "senior_worker"  # 高级工
    INTERMEDIATE_WORKER = "intermediate_worker"  # 中级工
    JUNIOR_WORKER = "junior_worker"  # 初级工
    APPRENTICE = "apprentice"  # 学徒工
    NONE = "none"  # 无


SKILL_LEVEL_LABELS = {
    SkillLevel.CHIEF_TECHNICIAN: "首席技师",
    SkillLevel.PRINCIPAL_TECHNICIAN: "特级技师",
    SkillLevel.SENIOR_TECHNICIAN: "高级技师",
    SkillLevel.TECHNICIAN: "技师",
    SkillLevel.SENIOR_WORKER: "高级工",
    SkillLevel.INTERMEDIATE_WORKER: "中级工",
    SkillLevel.JUNIOR_WORKER: "初级工",
    SkillLevel.APPRENTICE: "学徒工",
    SkillLevel.NONE: "无",
}

# Skill levels that count as "技师" for [Y3]: 技师 and every grade above it.
TECHNICIAN_OR_ABOVE = frozenset(
    {
        SkillLevel.CHIEF_TECHNICIAN,
        SkillLevel.PRINCIPAL_TECHNICIAN,
        SkillLevel.SENIOR_TECHNICIAN,
        SkillLevel.TECHNICIAN,
    }
)


class Honour(StrEnum):
    NATIONAL_MODEL_WORKER = "national_model_worker"  # 全国劳动模范
    SHANGHAI_MODEL_WORKER = "shanghai_model_worker"  # 上海市劳动模范
    PROVINCIAL_MODEL_WORKER = "provincial_model_worker"  # 其他省部级劳模
    NATIONAL_MAY_DAY_MEDAL = "national_may_day_medal"  # 全国五一劳动奖章
    NATIONAL_ADVANCED_INDIVIDUAL = "national_advanced_individual"  # 全国先进个人
    CITY_ADVANCED_INDIVIDUAL = "city_advanced_individual"  # 市级先进个人
    SHANGHAI_CRAFTSMAN = "shanghai_craftsman"  # 上海工匠
    DISTRICT_CRAFTSMAN = "district_craftsman"  # 区级工匠
    SKILL_MASTER_STUDIO_LEADER = "skill_master_studio_leader"  # 技能大师工作室领衔人
    CITY_MODEL_WORKER = "city_model_worker"  # 市（地）级劳动模范（乐山等）
    CRAFTSMAN_TALENT = "craftsman_talent"  # 工匠人才（乐山）


# Honours only Shanghai confers: its 市劳动模范 (another province's is 省部级劳动模范), the 上海工匠
# title [G] and the district 工匠 titles its selection builds on [G 一]; another city's form does
# not offer them (乐山's leaders are 劳模 or 工匠人才 [L 二（一）]).
SHANGHAI_HONOURS = frozenset(
    {Honour.SHANGHAI_MODEL_WORKER, Honour.SHANGHAI_CRAFTSMAN, Honour.DISTRICT_CRAFTSMAN}
)

HONOUR_LABELS = {
    Honour.NATIONAL_MODEL_WORKER: "全国劳动模范",
    Honour.SHANGHAI_MODEL_WORKER: "上海市劳动模范",
    Honour.PROVINCIAL_MODEL_WORKER: "省部级劳动模范",
    Honour.NATIONAL_MAY_DAY_MEDAL: "全国五一劳动奖章",
    Honour.NATIONAL_ADVANCED_INDIVIDUAL: "全国先进个人",
    Honour.CITY_ADVANCED_INDIVIDUAL: "市级先进个人",
    Honour.SHANGHAI_CRAFTSMAN: "上海工匠",
    Honour.DISTRICT_CRAFTSMAN: "区级工匠",
    Honour.SKILL_MASTER_STUDIO_LEADER: "技能大师工作室领衔人",
    Honour.CITY_MODEL_WORKER: "市级劳动模范",
    Honour.CRAFTSMAN_TALENT: "工匠人才",
}


class UnitNature(StrEnum):
    STATE_OWNED = "state_owned"  # 国有
    NON_PUBLIC = "non_public"  # 非公
    PUBLIC_INSTITUTION = "public_institution"  # 事业
    GOVERNMENT = "government"  # 机关
    OTHER = "other"  # 其他


UNIT_NATURE_LABELS = {
    UnitNature.STATE_OWNED: "国有企业",
    UnitNature.NON_PUBLIC: "非公企业",
    UnitNature.PUBLIC_INSTITUTION: "事业单位",
    UnitNature.GOVERNMENT: "机关",
    UnitNature.OTHER: "其他",
}


class DesignationStatus(StrEnum):
    """Lifecycle states of a designation (DOMAIN.md §3)."""

    APPLIED = "applied"
    UNDER_REVIEW = "under_review"
    NAMED = "named"
    RECTIFYING = "rectifying"
    REVOKED = "revoked"
    EXITED = "exited"
    REJECTED = "rejected"


DESIGNATION_STATUS_LABELS = {
    DesignationStatus.APPLIED: "已申报",
    DesignationStatus.UNDER_REVIEW: "评审中",
    DesignationStatus.NAMED: "已命名",
    DesignationStatus.RECTIFYING: "整改中",
    DesignationStatus.REVOKED: "已撤牌/摘牌",
    DesignationStatus.EXITED: "已退出管理序列（保留称号）",
    DesignationStatus.REJECTED: "未通过",
}


def status_labels_in(revoked_word: str) -> dict[DesignationStatus, str]:
    """The statuses with a lost title named by a scheme's own word (``SchemeSettings
    .revoked_word``): 已撤牌 [Y12], 已摘牌 [S9][C 三（六）]."""
    return {**DESIGNATION_STATUS_LABELS, DesignationStatus.REVOKED: f"已{revoked_word}"}


class Role(StrEnum):
    """What a user may do; every user is bound to one union and acts in its subtree."""

    ADMIN = "admin"
    CITY_OFFICER = "city_officer"
    DISTRICT_OFFICER = "district_officer"
    FINANCE = "finance"
    UNIT_CONTACT = "unit_contact"
    ASSOCIATION_CONTACT = "association_contact"  # 社团推荐 of its own members [G] 二（二）


ROLE_LABELS = {
    Role.ADMIN: "系统管理员",
    Role.CITY_OFFICER: "市总工会干部",
    Role.DISTRICT_OFFICER: "区局（产业）工会干部",
    Role.FINANCE: "财务人员",
    Role.UNIT_CONTACT: "基层单位联系人",
    Role.ASSOCIATION_CONTACT: "社团联系人",
}


@dataclass(frozen=True)
class UnionWording:
    """How one city's rules name its union levels, and so its officers' roles: Shanghai's words
    (``UNION_LEVEL_LABELS``, ``ROLE_LABELS``) unless the city's rule pack renames a level, as
    乐山's notice names its 县（市、区）总工会 [L 一] (``SchemeSettings.level_names``)."""

    renamed: tuple[tuple[UnionLevel, str], ...] = ()

    def level(self, level: UnionLevel) -> str:
        """The level's name in this city, e.g. 县（市、区）总工会 in 乐山."""
        return dict(self.renamed).get(level, UNION_LEVEL_LABELS[level])

    def district_area(self) -> str:
        """The area of one district-level union, as in 「本区内不得重复」: 区 in Shanghai,
        县（市、区） in 乐山 (its 县（市、区）总工会 [L 一])."""
        renamed = dict(self.renamed).get(UnionLevel.DISTRICT)
        return renamed.removesuffix("总工会") if renamed else "区"

    def role(self, role: Role, level: UnionLevel | None = None) -> str:
        """The role as this city and its holder's union level have it: a district officer bound
        to a 行业、街镇、直属工会 (who does its 初审 [Y7]) is that union's officer."""
        if role is Role.DISTRICT_OFFICER:
            own = UnionLevel.SECTOR if level is UnionLevel.SECTOR else UnionLevel.DISTRICT
            return f"{self.level(own)}干部"
        if role is Role.CITY_OFFICER:
            return f"{self.level(UnionLevel.CITY)}干部"
        return ROLE_LABELS[role]


# Shanghai's words, the service's own wording where no city renames a level.
DEFAULT_WORDING = UnionWording()


def role_label(role: Role, level: UnionLevel | None = None) -> str:
    """The role in Shanghai's words as its holder's union level has it (``UnionWording.role``)."""
    return DEFAULT_WORDING.role(role, level)


class DailyJob(StrEnum):
    """The scheduler's daily jobs, each claimed once a date by a ``job_runs`` row (§6)."""

    FUNDING_AUDIT = "funding_audit"
    REMINDER_SWEEP = "reminder_sweep"


DAILY_JOB_LABELS = {DailyJob.FUNDING_AUDIT: "专款专用核查", DailyJob.REMINDER_SWEEP: "每日提醒"}


class OutboxStatus(StrEnum):
    """Where an outgoing mail stands (DOMAIN.md §6)."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    # Not sent: a later day's digest to the same person lists what it still owes (§6).
    SUPERSEDED = "superseded"
    # Not sent: what it listed was done between the sweep and the drain (its reason says so).
    WITHDRAWN = "withdrawn"


OUTBOX_STATUS_LABELS = {
    OutboxStatus.PENDING: "待发送",
    OutboxStatus.SENT: "已发送",
    OutboxStatus.FAILED: "发送失败",
    OutboxStatus.SUPERSEDED: "已并入次日汇总",
    OutboxStatus.WITHDRAWN: "已撤回",
}
