"""乐山市劳模和工匠人才创新工作室 intake: 推荐审批表 and 申报材料 as data, county batches [L]."""

from __future__ import annotations

from dataclasses import replace

from lifecycle.intake.forms import FieldKind, FieldSpec, FormSpec, RegisterFact
from lifecycle.intake.packs.base import (
    ACHIEVEMENTS,
    PROJECTS,
    AttachmentSpec,
    BatchRules,
    IntakePack,
    age,
    count,
    declaration,
    flag,
)
from lifecycle.intake.routes import Route, Stage, StageKind
from lifecycle.vocab import UnionLevel

L = "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》"

# The projects and achievements tables ask what [L 二（三）] asks, in its words: projects 「与本
# 单位生产经营管理实际需求相适应」; an achievement 「得到本地区、本行业、本单位或有关方面认可、
# 具有较高应用价值，并产生较好经济效益和社会效益」 — not Shanghai's 「与本单位主营业务相关」 and
# 「获市级以上奖项」 ([C 一（三）（四）]), nor a project's 「认可或认定」 the notice does not ask;
# the awards by level are 附件1's 获奖情况 fields below. The rows keep the shared keys the rules
# read (``declaration``).
_MARKS = {
    "main_business": "与本单位生产经营管理实际需求相适应",
    "recognised": "得到本地区、本行业、本单位或有关方面认可",
    "applied": "具有较高应用价值",
    "benefit": "产生较好经济效益和社会效益",
}


def _in_leshans_words(table: FieldSpec, order: tuple[str, ...], label: str) -> FieldSpec:
    """``table`` named ``label``, with the columns named in ``order`` (others left out), each in
    [L]'s words."""
    columns = {c.name: c for c in table.columns}
    return replace(
        table,
        label=label,
        columns=tuple(
            replace(columns[n], label=_MARKS[n]) if n in _MARKS else columns[n] for n in order
        ),
        article=f"{L}二（三）",
    )


# 「每年至少有1至2项…创新课题或攻关项目」 [L 二（三）], as 附件2 counts them too.
LESHAN_PROJECTS = _in_leshans_words(
    PROJECTS, ("name", "year", "main_business"), "创新课题或攻关项目"
)
LESHAN_ACHIEVEMENTS = _in_leshans_words(
    ACHIEVEMENTS, ("name", "achieved_on", "recognised", "applied", "benefit"), "创新成果"
)

FORM = FormSpec(
    title="乐山市劳模和工匠人才创新工作室推荐审批表",
    article=f"{L}附件1、附件3",
    fields=(
        FieldSpec("studio_name", "创新工作室名称", section="基本情况"),
        FieldSpec(
            "founded",
            "创建时间",
            FieldKind.DATE,
            section="基本情况",
            past=True,
            article=f"{L}二（一）",
            register=RegisterFact.FOUNDED_ON,
        ),
        FieldSpec("unit_name", "创新工作室所属单位名称", section="基本情况"),
        FieldSpec("leader_unit_position", "工作单位及职务", section="负责人（带头人）"),
        FieldSpec("leader_birth_month", "出生年月", section="负责人（带头人）"),
        FieldSpec("leader_native_place", "籍贯", section="负责人（带头人）"),
        FieldSpec("leader_ethnicity", "民族", section="负责人（带头人）"),
        FieldSpec("leader_politics", "政治面貌", section="负责人（带头人）"),
        FieldSpec("leader_education", "学历", section="负责人（带头人）"),
        FieldSpec("leader_title", "职称", section="负责人（带头人）"),
        FieldSpec("leader_skill", "技术等级", section="负责人（带头人）"),
        FieldSpec("leader_honours", "何时获何种劳模（工匠）称号", section="负责人（带头人）"),
        FieldSpec("leader_phone", "联系电话", FieldKind.PHONE, section="负责人（带头人）"),
        FieldSpec(
            "n_total",
            "共（人）",
            FieldKind.INT,
            article=f"{L}二（一）",
            register=RegisterFact.TEAM_SIZE,
        ),
        count("n_male", "男（人）"),
        count("n_female", "女（人）"),
        count("n_party", "中共党员（人）"),
        age("avg_age", "平均年龄（岁）"),
        count("n_doctor", "博士"),
        count("n_master", "硕士"),
        count("n_bachelor", "本科"),
        count("n_college", "大专"),
        count("n_school", "高中（含）以下"),
        count("n_senior_technician", "高级技师"),
        count("n_technician", "技师"),
        count("n_senior_worker", "高级工"),
        count("n_mid_worker", "中级工"),
        count("n_junior_worker", "初级工"),
        count("n_assistant_engineer", "助理工程师"),
        count("n_engineer", "工程师"),
        count("n_senior_engineer", "高级工程师"),
        count("n_researcher", "研究员"),
        FieldSpec("area", "工作场地（所）面积（㎡）", FieldKind.NUMBER),
        count("equipment", "仪器设备（台/套）"),
        count("books", "专业技术书籍资料（册）"),
        FieldSpec("funds", "年均专项经费（万元）", FieldKind.NUMBER),
        count("trainings", "年均技能培训（人次）"),
        count("projects_total", "创新课题或攻关项目累计（项）"),
        count("achievements_total", "创新成果（项）"),
        count("conversions", "成果转化（项）"),
        count("patents_utility", "实用新型专利（项）"),
        count("patents_invention", "发明专利（项）"),
        FieldSpec("benefit", "创新成果节创经济效益累计（万元）", FieldKind.NUMBER),
        count("awards_international", "获奖：国际级（项）"),
        count("awards_national", "获奖：国家级（项）"),
        count("awards_provincial", "获奖：省部级（项）"),
        count("awards_city", "获奖：地市级（项）"),
        FieldSpec("awards_detail", "获奖明细情况", FieldKind.LONGTEXT, max_chars=2000),
        FieldSpec(
            "summary",
            "创新工作室简介及主要先进事迹",
            FieldKind.LONGTEXT,
            max_chars=600,
            article=f"{L}附件1",
        ),
        FieldSpec(
            "material",
            "申报材料（参考提纲：基本情况、近两年工作情况、近两年主要成效）",
            FieldKind.LONGTEXT,
            min_chars=2000,
            max_chars=20000,
            article=f"{L}附件3",
        ),
        LESHAN_PROJECTS,
        LESHAN_ACHIEVEMENTS,
        flag("has_venue", "有固定的工作场地（所）", f"{L}二（二）"),
        flag("has_equipment", "配备有必需的设施设备", f"{L}二（二）"),
        flag("has_earmarked_funds", "有用于创新活动的专项经费", f"{L}二（二）"),
        flag("has_development_plan", "有工作室发展规划", f"{L}二（四）"),
        flag("has_annual_work_plan", "有年度创新工作计划", f"{L}二（四）"),
        flag("has_rules", "建有相关工作制度", f"{L}二（四）"),
        flag("has_ledgers", "建有台账", f"{L}二（四）"),
    ),
)

ROUTE = Route(
    (
        Stage("unit", "所在单位工会意见", UnionLevel.UNIT, f"{L}附件1"),
        Stage(
            "recommend",
            "县（市、区）总工会推荐（排序）",
            UnionLevel.DISTRICT,
            f"{L}一、四（二）",
            StageKind.BATCH,
        ),
        Stage("review", "市总工会评审", UnionLevel.CITY, f"{L}一"),
        Stage("council", "乐山市总工会命名", UnionLevel.CITY, f"{L}一", StageKind.DECISION),
    )
)

PACK = IntakePack(
    scheme_code="leshan-city",
    form=FORM,
    route=ROUTE,
    declare=declaration,
    attachments=(
        AttachmentSpec(
            "photo",
            "工作室场景照",
            (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".pdf"),
            20 * 1024 * 1024,
            1,
            1,
            f"{L}四",
        ),
    ),
    batch=BatchRules(
        ranking_required=True,
        min_per_district_union=2,
        article_ranking=f"{L}四（二）",
        article_minimum=f"{L}一",
    ),
    deadline_article=f"{L}四",
)
