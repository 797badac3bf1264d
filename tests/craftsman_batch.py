"""A 上海市工匠创新工作室 round for page and API tests: the city's call, a unit's application
waiting for its district's recommendation, and the city's review up to 主席办公会议 [C 二]."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from lifecycle.clock import SHANGHAI
from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import Application
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    StepDecision,
    decide_step,
    start_application,
    submit,
)
from lifecycle.persons.service import HonourInput
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Honour, UnitNature
from lifecycle.workshops.model import Workshop
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f
from tests.intake_factories import AS_OF, CITY, OFFICER, attach_required, craftsman_form

Uow = Callable[[], UnitOfWork]
NOW = datetime.combine(AS_OF, time(10, 0), tzinfo=SHANGHAI)
# The city's stages after the district's batch, 实地走访 skipped (「部分」) [C 二（三）（四）].
CITY_STAGES = (
    ("expert", Action.APPROVE),
    ("defence", Action.APPROVE),
    ("visit", Action.SKIP),
    ("final", Action.APPROVE),
)


def craftsman_call(uow: Uow, tree: f.Tree) -> int:
    """The city's 2026 call, open 2026-10-01 to 2026-12-20."""
    with uow() as u:
        call = open_call(
            u,
            NewCall("shanghai-craftsman", 2026, "2026年度上海市工匠创新工作室", date(2026, 10, 1),
                    date(2026, 12, 20), target_count=80),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        u.commit()
        return call.id


def craftsman_draft(
    u: UnitOfWork,
    tree: f.Tree,
    call_id: int,
    nature: UnitNature,
    storage: FileStorage,
    form: dict[str, Any] | None = None,
    recommender_id: int | None = None,
) -> Application:
    """A complete draft (``form``, by default 附件1 filled in, attachments uploaded) of an eligible
    team of three members hosted by a unit of ``nature``, not yet submitted; ``recommender_id``:
    the 社团 it applies through."""
    shop = craftsman_team(u, tree, nature)
    scope = Scope.subtree(tree.unit.path)
    typed = craftsman_form() if form is None else form
    app = start_application(
        u, NewApplication(call_id, shop.id, typed, recommender_id),
        actor=OFFICER, now=f.at_ten(AS_OF), scope=scope, own_path=tree.unit.path,
    )  # fmt: skip
    attach_required(u, storage, app.id)
    return app


def craftsman_team(u: UnitOfWork, tree: f.Tree, nature: UnitNature) -> Workshop:
    """An eligible team of ``tree``'s unit: a 上海工匠 leads three members, founded 2018-01-01,
    hosted by a unit of ``nature``."""
    leader = f.person(
        u, honours=(HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),), union_id=tree.unit.id
    )
    shop = create_workshop(
        u,
        NewWorkshop(f"工匠工作室{leader.id}", "上海某公司", nature, tree.unit.id,
                    date(2018, 1, 1), leader.id),
        as_of=AS_OF,
    scope=EVERYTHING)  # fmt: skip
    for _ in range(3):
        m = f.person(u, honours=())
        add_member(
            u, shop.id, NewMember(m.id, joined_on=date(2018, 1, 1)), as_of=AS_OF, scope=EVERYTHING
        )
    return shop


def recommendable(
    uow: Uow,
    tree: f.Tree,
    call_id: int,
    nature: UnitNature,
    storage: FileStorage,
    recommender_id: int | None = None,
) -> int:
    """A craftsman application of a team hosted by a unit of ``nature``, passed by its unit
    union and waiting for the district's recommendation (or that of the 社团 ``recommender_id``
    it applies through)."""
    with uow() as u:
        app = craftsman_draft(u, tree, call_id, nature, storage, recommender_id=recommender_id)
        scope = Scope.subtree(tree.unit.path)
        submit(u, app.id, actor=OFFICER, now=NOW, scope=scope)
        step = StepDecision(app.id, "unit", Action.APPROVE, AS_OF, "单位工会", "同意")
        decide_step(u, step, acting_union_id=tree.unit.id, actor=OFFICER, as_of=AS_OF, scope=scope)
        u.commit()
        return app.id


def reviewed_by_the_city(uow: Uow, tree: f.Tree, app_id: int, on: date = AS_OF) -> None:
    """The city's review stages of a recommended application, up to 主席办公会议审定, all ``on``."""
    with uow() as u:
        for stage, action in CITY_STAGES:
            decide_step(
                u,
                StepDecision(app_id, stage, action, on, "市总工会", "同意"),
                acting_union_id=tree.city.id,
                actor=CITY,
                as_of=on,
                scope=Scope.subtree(tree.city.path),
            )
        u.commit()
