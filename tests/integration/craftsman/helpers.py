"""A 2024 上海工匠 call and complete 申报审批表 built through the real services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.actors import Actor
from lifecycle.craftsman_title import decisions, local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.model import CraftsmanApplication, CraftsmanSelection
from lifecycle.craftsman_title.rules import Channel, Group
from lifecycle.craftsman_title.stages import Stage
from lifecycle.persons.model import Person
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Honour, UnionLevel
from tests import factories as f

STATEMENT = "本人长期从事数控加工一线工作，" * 25  # 375 characters: 约500字 as read (300–700)
PHONE = "13812345678"
ADDRESS = "上海市杨浦区国定路100弄5号1201室"


def selection(u: UnitOfWork, tree: f.Tree, *, local: bool = True) -> CraftsmanSelection:
    """The 2024 call; the Yangpu district union ran its own selection unless ``local`` is off."""
    sel = svc.open_selection(
        u,
        svc.OpenSelection(2024, date(2024, 6, 12), date(2024, 7, 15), date(2024, 7, 15)),
        scope=EVERYTHING,
        as_of=date(2024, 6, 12),
    )
    if local:
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(
                sel.id, union_id=tree.district.id, participants=120, local_craftsmen=8
            ),
            recording_union_id=tree.city.id,
            scope=EVERYTHING,
        )
    return sel


def form(
    selection_id: int, person_id: int, *, channel: Channel = Channel.UNIT, **changes: object
) -> svc.Apply:
    """A complete 申报审批表 of 2024-07-01 by unit recommendation."""
    base = svc.Apply(
        selection_id=selection_id,
        person_id=person_id,
        channel=channel,
        group=Group.METALLURGY,
        applied_on=date(2024, 7, 1),
        chinese_nationality=True,
        front_line=True,
        deputy_bureau_or_above=False,
        org_managed_unit_head=False,
        applicant_phone=PHONE,
        home_address=ADDRESS,
        trade="数控车工",
        years_worked=25,
        understanding="精益求精，一丝不苟，传承创新。",
        statement=STATEMENT,
        five_powers={"技能精湛": "全国数控技能大赛一等奖（单位盖章）", "培养人才": "带徒12名"},
        patents_invention=2,
        patents_utility=5,
        honours_text="2020年杨浦工匠",
        income_survey={
            "monthly_income_fen": 1_200_000,
            "income_level": "较高",
            "public_welfare_willing": "是",
        },
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def local_craftsman(u: UnitOfWork, tree: f.Tree, name: str = "李师傅") -> Person:
    """A unit worker holding the district title 杨浦工匠 (2020)."""
    person = f.person(u, name=name, honours=(), union_id=tree.unit.id)
    add_honour(
        u, person.id, HonourInput(Honour.DISTRICT_CRAFTSMAN, 2020), as_of=f.AS_OF, scope=EVERYTHING
    )
    u.session.refresh(person)
    return person


# The page and API tests file today (f.AS_OF, 2026-11-21): into this year's call, whose window
# is open today, on a form dated inside it; the service-level tests use the 2024 call.
TODAY = f.AS_OF
DATED = date(TODAY.year, 11, 10)


def brief_form(
    selection_id: int, person_id: int, *, channel: Channel = Channel.UNIT, on: date = DATED
) -> svc.Apply:
    """A short complete 申报审批表 (group 其他, a 钳工 of 20 years, one power), dated ``on``."""
    return svc.Apply(
        selection_id, person_id, channel, Group.OTHER, on, True, True, False, False, PHONE,
        ADDRESS, "钳工", 20, "精益求精。", STATEMENT, {"技能精湛": "证书"},
    )  # fmt: skip


def typed_application(person_id: int | str, **changes: str) -> dict[str, str]:
    """The 申报审批表 as a filer types it on its page [G 附件1], for ``person_id``."""
    return {
        "person_id": str(person_id),
        "channel": "unit",
        "group": "metallurgy",
        "applied_on": DATED.isoformat(),
        "chinese_nationality": "on",
        "front_line": "on",
        "applicant_phone": PHONE,
        "home_address": ADDRESS,
        "trade": "数控车工",
        "years_worked": "25",
        "power_技能精湛": "技能大赛一等奖（单位盖章）",
        "understanding": "精益求精。",
        "statement": STATEMENT,
    } | changes


def open_call(u: UnitOfWork, tree: f.Tree, *, local: bool = True) -> CraftsmanSelection:
    """This year's call, open today (11-02..11-30); the district ran its own unless ``local``
    is off."""
    year = TODAY.year
    sel = svc.repo(u).selection_of_year(year) or svc.open_selection(
        u,
        svc.OpenSelection(year, date(year, 11, 2), date(year, 11, 30), date(year, 11, 30)),
        scope=EVERYTHING,
        as_of=date(year, 11, 2),
    )
    if local and not svc.repo(u).ran_local(sel.id, union_id=tree.district.id):
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(
                sel.id, union_id=tree.district.id, participants=120, local_craftsmen=8
            ),
            recording_union_id=tree.city.id,
            scope=EVERYTHING,
        )
    return sel


def world_application(u: UnitOfWork, tree: f.Tree) -> tuple[int, int]:
    """This year's open call and a self-application of one of ``tree``'s workers, filed today."""
    sel = open_call(u, tree, local=False)
    person = local_craftsman(u, tree, "矩阵师傅")
    cmd = form(sel.id, person.id, channel=Channel.SELF, applied_on=DATED)
    done = file(u, cmd, scope=EVERYTHING, on=TODAY)
    return sel.id, done.id


def association(
    u: UnitOfWork, tree: f.Tree, name: str = "上海市机械工程学会", *, parent_id: int | None = None
) -> Union:
    """An association (社团) in the union tree, under the city unless ``parent_id`` is given."""
    return create_union(u, NewUnion(name, UnionLevel.ASSOCIATION, parent_id or tree.city.id))


def member(u: UnitOfWork, body: Union, name: str = "协会会员") -> Person:
    """A person the association has registered as its member, holding an industry 工匠 title."""
    person = f.person(u, name=name, honours=(), union_id=body.id)
    add_honour(
        u, person.id, HonourInput(Honour.DISTRICT_CRAFTSMAN, 2021), as_of=f.AS_OF, scope=EVERYTHING
    )
    u.session.refresh(person)
    return person


def file(
    u: UnitOfWork, cmd: svc.Apply, *, scope: Scope, on: date | None = None
) -> CraftsmanApplication:
    """File ``cmd`` online on ``on``, by default the day the form is dated."""
    return svc.apply(u, cmd, as_of=on or cmd.applied_on, scope=scope)


def decide(
    u: UnitOfWork,
    cmd: decisions.Decide,
    *,
    deciding_union_id: int,
    actor: Actor,
    scope: Scope,
    as_of: date | None = None,
) -> CraftsmanApplication:
    """Record a stage decision on ``as_of``: by default a city stage today (``f.AS_OF``, after
    every date of the 2024 call), the district's qualification check on the day it is dated —
    it is due by the unions' deadline, after which it may only close the application (reading
    G10)."""
    if as_of is None:
        as_of = cmd.decided_on if cmd.stage is Stage.QUALIFICATION else f.AS_OF
    return decisions.decide_stage(
        u, cmd, deciding_union_id=deciding_union_id, actor=actor, as_of=as_of, scope=scope
    )
