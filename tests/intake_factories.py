"""Intake test helpers: complete forms per scheme, calls and the people who act at each stage."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from lifecycle.actors import Actor
from lifecycle.clock import SHANGHAI
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.intake.attachments import attach
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.forms import FieldKind
from lifecycle.intake.model import Batch, BatchStatus, IntakeCall
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.service import NewApplication, start_application
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from tests import factories as f

APPLICANT = Actor(name="单位联系人 赵")
OFFICER = Actor(name="区总工会 王干事")
CITY = Actor(name="市总工会 陈干事")
AS_OF = f.AS_OF  # 2026-11-21
# Set per test to a folder under tmp_path (tests/integration/intake/conftest.py).
STORAGE: list[FileStorage] = []


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on ``day`` in Asia/Shanghai."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def common(scheme: str, year: int = 2026) -> dict[str, Any]:
    """What the forms declare the same way (projects, achievements and the 五个有 boxes) as
    ``scheme``'s form has it: only the boxes its pack's form prints, each table with only its
    own columns (a box the form lacks is refused, ``forms.clean_form``)."""
    shared: dict[str, Any] = {
        "projects": [
            {"name": "数控刀具寿命攻关", "year": year, "main_business": True, "recognised": True},
            {"name": "节能改造", "year": year - 1, "main_business": True, "recognised": True},
        ],
        "achievements": [
            {
                "name": "刀具快换法",
                "achieved_on": f"{year}-03-01",
                "benefit": True,
                "applied": True,
                "recognised": True,
                "city_award": False,
            }
        ],
        "has_annual_work_plan": True,
        "has_development_plan": True,
        "has_activity_plan": True,
        "has_rules": True,
        "has_ledgers": True,
        "has_venue": True,
        "has_equipment": True,
        "has_earmarked_funds": True,
    }
    own: dict[str, Any] = {}
    for field in intake_pack(scheme).form.fields:
        if field.name not in shared:
            continue
        value = shared[field.name]
        if field.kind is FieldKind.TABLE:
            columns = {c.name for c in field.columns}
            value = [{k: v for k, v in row.items() if k in columns} for row in value]
        own[field.name] = value
    return own


def yangpu_form() -> dict[str, Any]:
    """The 杨浦区…申报表 filled in completely [Y3]."""
    return {
        **common("yangpu-district"),
        "studio_name": "张师傅数控攻关劳模创新工作室",
        "direction": "数控攻关",
        "title_kind": "劳模",
        "unit_name": "上海某机械有限公司",
        "leader_position": "班组长",
        "leader_phone": "021-65000000",
        "team_summary": "成员四人，覆盖机械、电气专业。",
        "venue_area": "80",
        "introduction": "工作室" * 300,
    }


def yangpu_call(
    u: UnitOfWork,
    tree: f.Tree,
    *,
    deadline: date = date(2026, 12, 20),
    scheme: str = "yangpu-district",
    year: int = 2026,
) -> IntakeCall:
    """The ``year`` call of ``tree``'s district (its own district pack, Yangpu's by default),
    open from 2026-11-01 (a 2027 call then is the round held at the year's end)."""
    return open_call(
        u,
        NewCall(
            scheme,
            year,
            f"{year}年度{get_scheme(scheme).settings.name}申报",
            date(2026, 11, 1),
            deadline,
            target_count=10,
        ),
        naming_union_id=tree.district.id,
        actor=OFFICER,
        scope=Scope.subtree(tree.district.path),
        as_of=date(2026, 11, 1),
    )


def intake_world(
    u: UnitOfWork, tree: f.Tree, workshop_id: int, scheme: str = "yangpu-district"
) -> tuple[int, int, int]:
    """A district's call, a draft application of its unit and a draft batch (API matrix)."""
    call = yangpu_call(u, tree, scheme=scheme)
    app = start_application(
        u,
        NewApplication(call.id, workshop_id, yangpu_form()),
        actor=APPLICANT,
        now=f.at_ten(AS_OF),
        scope=Scope.subtree(tree.unit.path),
        own_path=tree.unit.path,
    )
    batch = IntakeRepository(u.session).add(
        Batch(
            call_id=call.id,
            union_id=tree.district.id,
            union_path=tree.district.path,
            status=BatchStatus.DRAFT,
        )
    )
    return call.id, app.id, batch.id


def model_worker_form() -> dict[str, Any]:
    """The 上海市劳模创新工作室推荐表 filled in completely [S3][S7]."""
    return {
        **common("shanghai-model-worker"),
        "studio_name": "张师傅劳模创新工作室",
        "unit_name": "上海某机械有限公司",
        "leader_position": "班组长",
        "leader_phone": "021-65000000",
        "members": [{"name": "王一", "age": 35, "education": "本科", "title": "技师",
                     "trade": "钳工", "years": 12}],
        "area": "80",
        "introduction": "劳" * 800,
    }  # fmt: skip


def craftsman_form() -> dict[str, Any]:
    """附件1 filled in completely [C 二（一）、三（五）]; 单位性质 restates the register, which
    fills it in."""
    return {
        **common("shanghai-craftsman"),
        "studio_name": "李工匠精密装配工匠创新工作室",
        "specialty": "精密装配",
        "unit_name": "上海某机械有限公司",
        "system": "杨浦区",
        "address": "上海市杨浦区军工路100号",
        "area": "120",
        "alliance": "yes",
        "patents_invention": 2,
        "patents_utility": 5,
        "patents_design": 0,
        "leader_position": "首席技师",
        "leader_phone": "13800000000",
        "leader_sex": "男",
        "leader_age": 46,
        "leader_education": "大专",
        "leader_trade": "装配钳工",
        "leader_years": 26,
        "leader_skill": "高级技师",
        "leader_title": "中级",
        "leader_hukou": "非农业",
        "leader_hukou_place": "本市",
        "leader_honours": "2022年上海工匠",
        "activities_city": 2,
        "activities_district": 3,
        "activities_enterprise": 5,
        "willing_to_join_activities": True,
        "members": [
            {
                "name": "王一",
                "age": 35,
                "education": "本科",
                "title": "技师",
                "trade": "钳工",
                "years": 12,
            },
        ],
        "crosses_administrative_lines": True,
        "holds_skill_master_studio": True,
        "introduction": "工" * 900,
        "studio_honours": "2023年上海市工人先锋号",
        "project_name": "高精度齿轮箱装配工艺优化",
        "project_type": "冶金机械电气",
        "project_stage": "成长阶段",
        "project_intro": "项" * 500,
    }


def leshan_form(year: int = 2026) -> dict[str, Any]:
    """推荐审批表 and 申报材料 filled in [L 附件1][L 附件3]; 创建时间 and 共（人） restate the
    register, which fills them in."""
    form = intake_pack("leshan-city").form
    counts = {f.name: 1 for f in form.fields if f.kind is FieldKind.INT and f.register is None}
    return {
        **common("leshan-city", year),
        **counts,
        "avg_age": 38,  # an age, not a head count
        "studio_name": "某公司张三劳模和工匠人才创新工作室",
        "unit_name": "乐山某电力公司",
        "leader_unit_position": "乐山某电力公司 班长",
        "leader_birth_month": "1975-06",
        "leader_native_place": "四川乐山",
        "leader_ethnicity": "汉族",
        "leader_politics": "中共党员",
        "leader_education": "本科",
        "leader_title": "工程师",
        "leader_skill": "高级技师",
        "leader_honours": "2015年上海市劳动模范",
        "leader_phone": "0833-2133419",
        "area": "60",
        "funds": "5",
        "benefit": "120",
        "awards_detail": "2019年省部级一等奖",
        "summary": "简" * 500,
        "material": "材" * 2000,
    }


SAMPLES = {
    ".pdf": b"%PDF-1.4\n% certificate\n",
    ".jpg": b"\xff\xd8\xff\xe0 photo",
    ".mp4": b"\x00\x00\x00\x18ftypmp42 video",
}


def attach_required(u: UnitOfWork, storage: FileStorage, application_id: int) -> None:
    """Upload the fewest files each attachment kind of the application's pack requires."""
    app = IntakeRepository(u.session).application(application_id, Scope.everything())
    assert app is not None
    for spec in intake_pack(app.scheme_code).attachments:
        ext = next(e for e in spec.extensions if e in SAMPLES)
        for i in range(spec.min_count):
            data = SAMPLES[ext] + f" {app.id}-{spec.kind}-{i}".encode()
            attach(
                u,
                storage,
                app.id,
                spec.kind,
                Upload(f"{spec.kind}{i}{ext}", data),
                actor=APPLICANT,
                scope=Scope.everything(),
            )
