"""Applications that can no longer move on their own: one left at the district's batch after the
call's deadline, one in review on the Yangpu route (for the closing tests of pages and API)."""

from __future__ import annotations

from datetime import date

from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.repository import IntakeRepository
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
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f
from tests.intake_factories import (
    APPLICANT,
    AS_OF,
    CITY,
    OFFICER,
    at,
    attach_required,
    craftsman_form,
    yangpu_call,
    yangpu_form,
)

DEADLINE = date(2026, 11, 10)  # the call closed before the tests' clock (2026-11-21)
SUBMITTED = date(2026, 11, 5)
LAPSED_STEP = "待区局（产业）工会、社团审查推荐（须于2026年11月10日前办理）"


def lapsed_recommendation(u: UnitOfWork, tree: f.Tree, storage: FileStorage) -> int:
    """A craftsman application its unit union recommended in time, still waiting for the
    district's batch after the call's deadline [C 三（四）] (committed by the caller)."""
    call = open_call(
        u,
        NewCall("shanghai-craftsman", 2026, "2026年度上海市工匠创新工作室", date(2026, 10, 1),
                DEADLINE, target_count=80),
        naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
        as_of=date(2026, 10, 1),
    )  # fmt: skip
    leader = f.person(
        u, honours=(HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),), union_id=tree.unit.id
    )
    shop = create_workshop(
        u,
        NewWorkshop("逾期工匠工作室", "上海某公司", UnitNature.NON_PUBLIC, tree.unit.id,
                    date(2018, 1, 1), leader.id),
        as_of=SUBMITTED,
        scope=EVERYTHING,
    )  # fmt: skip
    for _ in range(3):
        member = f.person(u, honours=())
        joined = NewMember(member.id, joined_on=date(2018, 1, 1))
        add_member(u, shop.id, joined, as_of=SUBMITTED, scope=EVERYTHING)
    scope = Scope.subtree(tree.unit.path)
    app = start_application(
        u, NewApplication(call.id, shop.id, craftsman_form()), actor=OFFICER,
        now=f.at_ten(SUBMITTED), scope=scope, own_path=tree.unit.path,
    )  # fmt: skip
    attach_required(u, storage, app.id)
    submit(u, app.id, actor=OFFICER, now=at(SUBMITTED), scope=scope)
    step = StepDecision(app.id, "unit", Action.APPROVE, SUBMITTED, "单位工会", "同意")
    decide_step(u, step, acting_union_id=tree.unit.id, actor=OFFICER, as_of=SUBMITTED, scope=scope)
    return app.id


def yangpu_in_review(u: UnitOfWork, tree: f.Tree) -> int:
    """A Yangpu application the unit submitted and recommended: the sector's 初审 is next [Y7]."""
    found = IntakeRepository(u.session).find_call("yangpu-district", 2026, tree.district.id)
    call = found or yangpu_call(u, tree)  # the API's world has opened it already
    unit = Scope.subtree(tree.unit.path)
    app = start_application(
        u, NewApplication(call.id, f.workshop(u, tree).id, yangpu_form()),
        actor=APPLICANT, now=f.at_ten(AS_OF), scope=unit, own_path=tree.unit.path,
    )  # fmt: skip
    submit(u, app.id, actor=APPLICANT, now=at(AS_OF), scope=unit)
    step = StepDecision(app.id, "unit", Action.APPROVE, AS_OF, "单位工会", "同意", "党委同意")
    decide_step(u, step, acting_union_id=tree.unit.id, actor=APPLICANT, as_of=AS_OF, scope=unit)
    return app.id
