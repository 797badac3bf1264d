"""上海市劳模创新工作室 intake: recommended by the district from its own titles [S6][S7]."""

from __future__ import annotations

from lifecycle.intake.forms import FieldKind, FieldSpec, FormSpec
from lifecycle.intake.packs.base import (
    ACHIEVEMENTS,
    MEMBERS,
    PROJECTS,
    BatchRules,
    IntakePack,
    declaration,
    flag,
)
from lifecycle.intake.routes import Route, Stage, StageKind
from lifecycle.vocab import UnionLevel

S = "《上海市“劳模创新工作室”管理办法（修订）》"

FORM = FormSpec(
    title="上海市劳模创新工作室推荐表",
    article=f"{S}第三条、第七条",
    fields=(
        FieldSpec("studio_name", "工作室名称", section="基本情况"),
        FieldSpec("unit_name", "所在单位", section="基本情况"),
        FieldSpec("leader_position", "领衔劳模职务", section="领衔劳模"),
        FieldSpec("leader_phone", "联系方式", FieldKind.PHONE, section="领衔劳模"),
        MEMBERS,
        flag("is_administrative_unit", "团队为成建制的部室", f"{S}第三条"),
        PROJECTS,
        ACHIEVEMENTS,
        FieldSpec("area", "活动场所面积（㎡）", FieldKind.NUMBER, section="场所和经费"),
        flag("has_venue", "有活动场所", f"{S}第三条"),
        flag("has_earmarked_funds", "有专项经费", f"{S}第三条"),
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
            "recommend", "区局（产业）工会推荐", UnionLevel.DISTRICT, f"{S}第七条", StageKind.BATCH
        ),
        Stage("review", "市总工会考核评审", UnionLevel.CITY, f"{S}第七条"),
        Stage("council", "市总工会审定命名", UnionLevel.CITY, f"{S}第六条", StageKind.DECISION),
    )
)

PACK = IntakePack(
    scheme_code="shanghai-model-worker",
    form=FORM,
    route=ROUTE,
    declare=declaration,
    # 全国劳模领衔的优先 [S7]
    batch=BatchRules(ranking_required=True, article_ranking=f"{S}第七条", preferences=True),
    deadline_article=f"{S}第七条",
)
