"""上海市工匠创新工作室 intake: 附件1 as data and the [C 二] route from district to 主席办公会议."""

from __future__ import annotations

from fractions import Fraction

from lifecycle.intake.forms import FieldKind, FieldSpec, FormSpec
from lifecycle.intake.packs.base import (
    MEMBERS,
    PROJECTS,
    YES_NO,
    AttachmentSpec,
    BatchRules,
    IntakePack,
    achievements_for,
    age,
    count,
    declaration,
    flag,
    unit_nature,
)
from lifecycle.intake.routes import Route, Stage, StageKind
from lifecycle.schemes.shanghai_craftsman import SETTINGS
from lifecycle.vocab import UnionLevel

C = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》"
C_FORM = f"{C}附件1"
SKILL = (
    ("首席技师", "首席技师"),
    ("特级技师", "特级技师"),
    ("高级技师", "高级技师"),
    ("技师", "技师"),
    ("高级工", "高级工"),
    ("中级工", "中级工"),
    ("初级工", "初级工"),
    ("学徒工", "学徒工"),
    ("无", "无"),
)
TITLES = (("高级", "高级"), ("中级", "中级"), ("初级", "初级"), ("无", "无"))
PROJECT_TYPES = tuple(
    (t, t)
    for t in (
        "冶金机械电气",
        "土木建筑",
        "交通运输",
        "工艺设计",
        "绿化",
        "计算机通信仪电",
        "医学医药",
        "化工",
        "餐饮",
        "其他",
    )
)
STAGES = (
    ("初创阶段", "初创阶段"),
    ("成长阶段", "成长阶段"),
    ("扩张阶段", "扩张阶段"),
    ("成熟阶段", "成熟阶段"),
)

FORM = FormSpec(
    title="上海市工匠创新工作室申请表",
    article=f"{C}二（一）、三（五）",
    fields=(
        FieldSpec("studio_name", "工作室(团队)名称", section="工作室"),
        FieldSpec("specialty", "工作室(团队)技术专长", section="工作室"),
        FieldSpec("unit_name", "申报单位", section="工作室"),
        FieldSpec("system", "所属系统", section="工作室"),
        FieldSpec("address", "单位地址", section="工作室"),
        FieldSpec("area", "工作室面积（㎡）", FieldKind.NUMBER, section="工作室"),
        unit_nature("unit_nature", "单位性质", f"{C}二（二）", section="工作室"),
        FieldSpec(
            "alliance", "是否开展工作室联盟活动", FieldKind.CHOICE, choices=YES_NO, section="工作室"
        ),
        count("patents_invention", "发明专利（项）"),
        count("patents_utility", "实用新型（项）"),
        count("patents_design", "外观设计（项）"),
        FieldSpec("leader_position", "领衔人职务", section="领衔人"),
        FieldSpec("leader_phone", "领衔人联系方式", FieldKind.PHONE, section="领衔人"),
        FieldSpec(
            "leader_sex",
            "性别",
            FieldKind.CHOICE,
            choices=(("男", "男"), ("女", "女")),
            section="领衔人",
        ),
        age("leader_age", "年龄"),
        FieldSpec("leader_education", "学历", section="领衔人"),
        FieldSpec("leader_trade", "工种", section="领衔人"),
        count("leader_years", "工作年限"),
        FieldSpec("leader_skill", "技能等级", FieldKind.CHOICE, choices=SKILL, section="领衔人"),
        FieldSpec("leader_title", "职称", FieldKind.CHOICE, choices=TITLES, section="领衔人"),
        FieldSpec(
            "leader_hukou",
            "领衔人户籍属性",
            FieldKind.CHOICE,
            choices=(("非农业", "非农业"), ("农业", "农业")),
            section="领衔人",
        ),
        FieldSpec(
            "leader_hukou_place",
            "户籍地",
            FieldKind.CHOICE,
            choices=(("本市", "本市"), ("外省市", "外省市")),
            section="领衔人",
        ),
        FieldSpec(
            "leader_honours", "领衔人曾获荣誉", FieldKind.LONGTEXT, max_chars=2000, section="领衔人"
        ),
        count("activities_city", "助企行、进校园活动：市级（次）"),
        count("activities_district", "助企行、进校园活动：区局级（次）"),
        count("activities_enterprise", "助企行、进校园活动：企业级（次）"),
        flag("willing_to_join_activities", "愿意参加劳模工匠助企行等社会公益活动", f"{C}一（一）"),
        MEMBERS,
        flag("crosses_administrative_lines", "团队人员构成打破固有行政体制", f"{C}一（二）"),
        flag("holds_skill_master_studio", "已获“上海市技能大师工作室”等称号", f"{C}一（二）"),
        FieldSpec(
            "introduction",
            "工作室（团队）介绍（包括主要技术创新成果）",
            FieldKind.LONGTEXT,
            guide_chars=800,
            max_chars=5000,
            section="介绍",
        ),
        FieldSpec(
            "studio_honours",
            "工作室（团队）曾获荣誉",
            FieldKind.LONGTEXT,
            max_chars=3000,
            section="介绍",
        ),
        FieldSpec("project_name", "项目名称", section="项目"),
        FieldSpec(
            "project_type", "项目类型", FieldKind.CHOICE, choices=PROJECT_TYPES, section="项目"
        ),
        FieldSpec(
            "project_stage", "项目转化阶段", FieldKind.CHOICE, choices=STAGES, section="项目"
        ),
        FieldSpec(
            "project_intro",
            "项目简介（包括主要目标和预计达到目标）",
            FieldKind.LONGTEXT,
            guide_chars=500,
            max_chars=3000,
            section="项目",
        ),
        PROJECTS,
        achievements_for(SETTINGS),
        flag("has_venue", "有开展科技创新的活动场所", f"{C}一（五）"),
        flag("has_equipment", "有设备设施", f"{C}一（五）"),
        flag("has_rules", "有较完善的团队工作制度", f"{C}一（五）"),
        flag("has_activity_plan", "有工作计划", f"{C}一（五）"),
        flag("has_earmarked_funds", "有一定的年度经费投入", f"{C}一（五）"),
    ),
)

ROUTE = Route(
    (
        Stage("unit", "本单位工会意见", UnionLevel.UNIT, C_FORM),
        Stage(
            "recommend",
            "区局（产业）工会、社团审查推荐",
            UnionLevel.DISTRICT,
            f"{C}二（二）",
            StageKind.BATCH,
            associations=True,
        ),
        Stage("expert", "专家书面评审", UnionLevel.CITY, f"{C}二（三）"),
        Stage("defence", "集中发布答辩评审", UnionLevel.CITY, f"{C}二（三）"),
        Stage("visit", "实地走访", UnionLevel.CITY, f"{C}二（三）", optional=True),
        Stage("final", "创建命名办公室终审", UnionLevel.CITY, f"{C}二（四）"),
        Stage(
            "council", "市总主席办公会议审定", UnionLevel.CITY, f"{C}二（四）", StageKind.DECISION
        ),
    )
)

PACK = IntakePack(
    scheme_code="shanghai-craftsman",
    form=FORM,
    route=ROUTE,
    declare=declaration,
    attachments=(
        AttachmentSpec(
            "certificate",
            "领衔人技能等级、所获荣誉和专利证书（复印件）",
            (".pdf", ".jpg", ".jpeg", ".png"),
            10 * 1024 * 1024,
            1,
            20,
            f"{C}三（五）",
        ),
        AttachmentSpec(
            "photo",
            "项目工作场景照、团队攻关照、产品（窗口服务）照",
            (".jpg", ".jpeg", ".png"),
            10 * 1024 * 1024,
            5,
            5,
            f"{C}三（五）",
        ),
        AttachmentSpec(
            "video",
            "工作室介绍视频（2分钟）",
            (".mp4", ".mov"),
            200 * 1024 * 1024,
            1,
            1,
            f"{C}三（五）",
        ),
    ),
    batch=BatchRules(
        non_public_share=Fraction(3, 10),
        article_non_public=f"{C}二（二）",
        ranking_required=False,
        preferences=True,  # 技能大师工作室, 市级以上奖项 优先 [C 一（二）（四）]
    ),
    deadline_article=f"{C}三（四）",
)
