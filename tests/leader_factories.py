"""Factories for leader events and 附件3 change requests, built through the real services."""

from __future__ import annotations

from datetime import date
from itertools import count

from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeRequest, ChangeStep
from lifecycle.changes.service import (
    FileChangeRequest,
    StepDecision,
    approve_step,
    file_change_request,
)
from lifecycle.designations.model import Designation
from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.persons.model import Person
from lifecycle.persons.service import HonourInput
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Honour, SkillLevel, UnitNature
from lifecycle.workshops.model import Workshop
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f

_seq = count(1)
CRAFTSMAN = (HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def led_workshop(uow: UnitOfWork, tree: f.Tree, leader: Person, *, members: int = 3) -> Workshop:
    """A workshop under the tree's unit union led by ``leader``."""
    shop = create_workshop(
        uow,
        NewWorkshop(
            name=f"{leader.name}创新工作室{next(_seq)}",
            host_unit_name="上海某机械有限公司",
            host_unit_nature=UnitNature.STATE_OWNED,
            unit_union_id=tree.unit.id,
            founded_on=date(2019, 1, 1),
            leader_person_id=leader.id,
            address="上海市杨浦区军工路100号",
        ),
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )
    for i in range(members):
        member = f.person(
            uow, name=f"队员{i + 1}", honours=(), skill_level=SkillLevel.SENIOR_WORKER
        )
        add_member(
            uow,
            shop.id,
            NewMember(member.id, joined_on=date(2019, 1, 1)),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
    return shop


def titled(
    uow: UnitOfWork,
    tree: f.Tree,
    *,
    scheme: str,
    leader: Person | None = None,
    naming_date: date = date(2023, 3, 15),
) -> Designation:
    """A named designation of ``scheme`` whose workshop is led by ``leader``."""
    leader = leader or f.person(uow, honours=CRAFTSMAN, union_id=tree.unit.id)
    return f.named_designation(
        uow, tree, scheme=scheme, naming_date=naming_date, shop=led_workshop(uow, tree, leader)
    )


def candidate(
    uow: UnitOfWork, *, craftsman: bool, name: str = "李工匠", union_id: int | None = None
) -> Person:
    """A possible new leader, with or without 上海工匠 (of ``union_id``: in its subtree's scope)."""
    return f.person(
        uow,
        name=name,
        union_id=union_id,
        gender=Gender.FEMALE,
        birth_date=date(1980, 3, 1),
        honours=CRAFTSMAN if craftsman else (HonourInput(Honour.DISTRICT_CRAFTSMAN, 2021),),
    )


def file_request(
    uow: UnitOfWork,
    tree: f.Tree,
    designation: Designation,
    *,
    measure: ChangeMeasure = ChangeMeasure.LEADER_CHANGE,
    new_leader: Person | None = None,
    on: date = date(2026, 6, 1),
) -> ChangeRequest:
    """A request filed by the unit union: the leader retired."""
    return file_change_request(
        uow,
        FileChangeRequest(
            designation_id=designation.id,
            acting_union_id=tree.unit.id,
            reason=ChangeReason.RETIRED,
            reason_details="领衔工匠已于2026年5月退休",
            measure=measure,
            filed_on=on,
            filed_by="单位工会赵主席",
            new_leader_person_id=new_leader.id if new_leader else None,
        ),
        actor=f.OFFICER,
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )


def decision(
    request: ChangeRequest,
    step: ChangeStep,
    union_id: int,
    *,
    on: date = date(2026, 6, 10),
    ref: str | None = None,
    version: int | None = None,
) -> StepDecision:
    """A step's agreement by ``union_id``."""
    return StepDecision(
        request_id=request.id,
        step=step,
        acting_union_id=union_id,
        decided_on=on,
        signer={"unit": "赵主席", "district": "王部长", "city": "市工匠办刘主任"}[step.value],
        opinion="同意",
        decision_ref=ref,
        expected_version=version,
    )


def awaiting_the_city(uow: UnitOfWork, tree: f.Tree) -> ChangeRequest:
    """A 附件3 asking the 摘牌 of a 上海市劳模创新工作室, agreed by its unit union (10 June) and
    its district union (11 June): it waits for the city's 审定."""
    title = titled(uow, tree, scheme="shanghai-model-worker")
    request = file_request(uow, tree, title, measure=ChangeMeasure.REVOKE)
    unions = {ChangeStep.UNIT: tree.unit.id, ChangeStep.DISTRICT: tree.district.id}
    for day, step in enumerate((ChangeStep.UNIT, ChangeStep.DISTRICT), start=10):
        cmd = decision(request, step, unions[step], on=date(2026, 6, day))
        approve_step(uow, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
    return request


def craftsman_title_of_a_model_worker(uow: UnitOfWork, tree: f.Tree) -> Designation:
    """A 上海市工匠创新工作室 title (沪工匠创 2024-031) registered by the city for a new workshop
    whose leader holds 上海市劳动模范 only: no 上海工匠 on record [C 一（一）]; not committed."""
    shop = f.workshop(uow, tree)
    return register_existing_title(
        uow,
        ExistingTitle(
            shop.id, "shanghai-craftsman", "张师傅工匠创新工作室", "沪工匠创 2024-031",
            date(2024, 11, 1), "沪工〔2024〕25号",
        ),
        actor=f.acting(tree.city),
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )  # fmt: skip
