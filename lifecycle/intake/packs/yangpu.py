"""杨浦区劳模（先进）、技师创新工作室 intake: the 五个有 application and the [Y7] route."""

from __future__ import annotations

from lifecycle.intake.forms import FieldKind, FieldSpec, FormSpec
from lifecycle.intake.packs.base import (
    ACHIEVEMENTS,
    PROJECTS,
    AttachmentSpec,
    IntakePack,
    declaration,
    flag,
)
from lifecycle.intake.routes import Route, Stage, StageKind
from lifecycle.vocab import UnionLevel

Y7 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条"
Y3 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第三条"
Y8 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第八条"

FORM = FormSpec(
    title="杨浦区劳模（先进）、技师创新工作室申报表",
    article=Y3,
    fields=(
        FieldSpec("studio_name", "工作室名称", section="基本情况"),
        FieldSpec("direction", "攻关方向", section="基本情况", article=Y8),
        FieldSpec(
            "title_kind",
            "称号类别",
            FieldKind.CHOICE,
            choices=(("劳模", "劳模（先进）"), ("技师", "技师")),
            section="基本情况",
            article=Y8,
        ),
        FieldSpec("unit_name", "所在单位", section="基本情况"),
        FieldSpec("leader_position", "带头人职务", section="有创新带头人"),
        FieldSpec("leader_phone", "带头人联系方式", FieldKind.PHONE, section="有创新带头人"),
        FieldSpec(
            "team_summary",
            "团队构成（专业、学历、年龄结构）",
            FieldKind.LONGTEXT,
            max_chars=1000,
            section="有创新团队",
        ),
        PROJECTS,
        flag("has_annual_work_plan", "有年度工作计划", Y3),
        ACHIEVEMENTS,
        FieldSpec("venue_area", "场所面积（㎡）", FieldKind.NUMBER, section="有场所和制度"),
        flag("has_venue", "有相对固定的基本场所", Y3),
        flag("has_equipment", "有设备设施", Y3),
        flag("has_rules", "有团队工作制度", Y3),
        flag("has_activity_plan", "有活动计划", Y3),
        FieldSpec(
            "introduction",
            "工作室简介及主要创新成果",
            FieldKind.LONGTEXT,
            guide_chars=800,
            max_chars=3000,
            section="简介",
        ),
    ),
)

ROUTE = Route(
    (
        Stage(
            "unit",
            "单位工会推荐（经本单位党政同意）",
            UnionLevel.UNIT,
            Y7,
            consent_label="本单位党政同意（日期、签署人）",
        ),
        Stage("sector", "行业、街镇、直属工会初审", UnionLevel.SECTOR, Y7),
        Stage("panel", "区总工会评审小组评审", UnionLevel.DISTRICT, Y7),
        Stage("council", "区总工会主席办公会议审定", UnionLevel.DISTRICT, Y7, StageKind.DECISION),
    )
)

PACK = IntakePack(
    scheme_code="yangpu-district",
    form=FORM,
    route=ROUTE,
    declare=declaration,
    attachments=(
        AttachmentSpec(
            "certificate",
            "带头人荣誉或技能等级证书",
            (".pdf", ".jpg", ".jpeg", ".png"),
            10 * 1024 * 1024,
            min_count=0,
            max_count=10,
            article=Y3,
        ),
    ),
    direction_field="direction",
    title_kind_field="title_kind",
    window_note="工作室申报和评审工作一般于每年年底开展（第七条）",
    deadline_article=Y7,
)
