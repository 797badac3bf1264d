"""Intake test helpers: complete forms per scheme, calls and the people who act at each stage."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from lifecycle.actors import Actor
from lifecycle.clock import SHANGHAI
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import Batch, BatchStatus, IntakeCall
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.service import NewApplication, start_application
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from tests import factories as f

APPLICANT = Actor(name="单位联系人 赵")
OFFICER = Actor(name="区总工会 王干事")
CITY = Actor(name="市总工会 陈干事")
AS_OF = f.AS_OF  # 2026-11-21


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on ``day`` in Asia/Shanghai."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def common(year: int = 2026) -> dict[str, Any]:
    """What every form declares the same way: projects, achievements and the 五个有 boxes."""
    return {
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


def yangpu_form() -> dict[str, Any]:
    return {
        **common(),
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


def yangpu_call(u: UnitOfWork, tree: f.Tree, *, deadline: date = date(2026, 12, 20)) -> IntakeCall:
    return open_call(
        u,
        NewCall(
            "yangpu-district",
            2026,
            "2026年度杨浦区劳模（先进）、技师创新工作室申报",
            date(2026, 11, 1),
            deadline,
            target_count=10,
        ),
        acting_union_id=tree.district.id,
        actor=OFFICER,
        scope=Scope.subtree(tree.district.path),
    )


def intake_world(u: UnitOfWork, tree: f.Tree, workshop_id: int) -> tuple[int, int, int]:
    """A district's call, a draft application of its unit and a draft batch (API matrix)."""
    call = yangpu_call(u, tree)
    app = start_application(
        u,
        NewApplication(call.id, workshop_id, yangpu_form()),
        actor=APPLICANT,
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
