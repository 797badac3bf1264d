"""Small factories that build records through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import count

from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import NewUser, create_user, principal_of
from lifecycle.actors import Actor
from lifecycle.designations.model import Designation
from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.persons.model import Person
from lifecycle.persons.service import HonourInput, NewPerson, register_person
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewContact, NewUnion, add_contact, create_union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import (
    ContactRole,
    Gender,
    Honour,
    Role,
    SkillLevel,
    UnionLevel,
    UnitNature,
)
from lifecycle.workshops.model import Workshop
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop

AS_OF = date(2026, 11, 21)


def at_ten(day: date) -> datetime:
    """10:00 in Shanghai on ``day``: the service's clock at a use case that takes ``now``."""
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


OFFICER = Actor(name="测试区工会干部", user_id=None)
# Factories act for the whole test tree; each regulated step as the union the pack names.
SYSTEM_SCOPE = Scope.everything()
_ROLE_AT = {
    UnionLevel.CITY: Role.CITY_OFFICER,
    UnionLevel.DISTRICT: Role.DISTRICT_OFFICER,
    UnionLevel.SECTOR: Role.DISTRICT_OFFICER,
    UnionLevel.UNIT: Role.UNIT_CONTACT,
}


def acting(union: Union, role: Role | None = None) -> Actor:
    """An actor for ``union`` in ``role`` (by default the role of that level's officers)."""
    return Actor(name=f"{union.name}经办人", union_id=union.id, role=role or _ROLE_AT[union.level])


def unit_filer(uow: UnitOfWork, designation_id: int) -> Actor:
    """The contact of the title's own unit union, who files its yearly self-check [Y11]."""
    designation = uow.designations.get(designation_id, EVERYTHING)
    assert designation is not None
    unit = uow.unions.get(designation.workshop.unit_union_id, EVERYTHING)
    assert unit is not None
    return acting(unit)


def finance_of(union_id: int) -> Actor:
    """Finance staff of ``union_id``: only the paying union's finance writes its money, its
    excellence decisions and the findings on it [Y14][Y15][S10] (``funding.payer``)."""
    return Actor(name="测试财务", union_id=union_id, role=Role.FINANCE)


def district_officer(uow: UnitOfWork, designation: Designation) -> Actor:
    """The officer of the district union that oversees ``designation`` (inspects, 撤牌) [Y12]."""
    union = uow.unions.get(designation.district_union_id, scope=EVERYTHING)
    assert union is not None
    return acting(union)


def naming_officer(uow: UnitOfWork, designation: Designation) -> Actor:
    """The officer of the union that named ``designation`` (names, 摘牌, 附件3) [Y7][S9]."""
    union = uow.unions.get(designation.naming_union_id, scope=EVERYTHING)
    assert union is not None
    return acting(union)


def unit_contact(uow: UnitOfWork, designation: Designation) -> Actor:
    """The contact of the workshop's own union (the unit step of the 考核) [S9]."""
    union = uow.unions.get(designation.workshop.unit_union_id, scope=EVERYTHING)
    assert union is not None
    return acting(union)


_seq = count(1)


@dataclass
class Tree:
    city: Union
    district: Union
    sector: Union
    unit: Union
    other_district: Union
    other_unit: Union
    other_sector: Union | None = None  # the other district's sector, where it has one


def union_tree(uow: UnitOfWork) -> Tree:
    """上海市总工会 → 杨浦区总工会 → 街道工会 → 单位工会, plus a second district."""
    n = next(_seq)
    city = create_union(
        uow,
        NewUnion(f"上海市总工会{n}", UnionLevel.CITY, doc_prefix="沪工", region_code="shanghai"),
    )
    district = create_union(
        uow,
        NewUnion(
            "杨浦区总工会", UnionLevel.DISTRICT, city.id, doc_prefix="杨工创", region_code="yangpu"
        ),
    )
    sector = create_union(uow, NewUnion("五角场街道总工会", UnionLevel.SECTOR, district.id))
    unit = create_union(uow, NewUnion("上海某机械有限公司工会", UnionLevel.UNIT, sector.id))
    other = create_union(
        uow, NewUnion("浦东新区总工会", UnionLevel.DISTRICT, city.id, region_code="pudong")
    )
    other_sector = create_union(uow, NewUnion("张江镇总工会", UnionLevel.SECTOR, other.id))
    other_unit = create_union(uow, NewUnion("张江某科技公司工会", UnionLevel.UNIT, other_sector.id))
    add_contact(
        uow,
        NewContact(district.id, "王干事", f"wang{n}@yp.example.cn", ContactRole.OFFICER),
        scope=EVERYTHING,
    )
    return Tree(city, district, sector, unit, other, other_unit, other_sector)


def leshan_tree(uow: UnitOfWork) -> Tree:
    """乐山市总工会 → 市中区总工会 → 街道工会 → 单位工会, plus 五通桥区: Leshan titles and calls are
    the Leshan city union's alone [L 一], so they are built here, not in Shanghai's tree."""
    n = next(_seq)
    city = create_union(
        uow, NewUnion(f"乐山市总工会{n}", UnionLevel.CITY, doc_prefix="乐工", region_code="leshan")
    )
    district = create_union(
        uow,
        NewUnion("市中区总工会", UnionLevel.DISTRICT, city.id, region_code="leshan-shizhong"),
    )
    sector = create_union(uow, NewUnion("张公桥街道工会", UnionLevel.SECTOR, district.id))
    unit = create_union(uow, NewUnion("乐山某机械有限公司工会", UnionLevel.UNIT, sector.id))
    other = create_union(
        uow,
        NewUnion("五通桥区总工会", UnionLevel.DISTRICT, city.id, region_code="leshan-wutongqiao"),
    )
    other_unit = create_union(uow, NewUnion("五通桥某化工公司工会", UnionLevel.UNIT, other.id))
    add_contact(
        uow,
        NewContact(district.id, "何干事", f"he{n}@ls.example.cn", ContactRole.OFFICER),
        scope=EVERYTHING,
    )
    return Tree(city, district, sector, unit, other, other_unit)


def seen_from_the_other_district(tree: Tree) -> Tree:
    """``tree`` seen from its other district (浦东): that district, its sector and unit, with the
    first district (杨浦) as the other one. Its titles are those 浦东's unions may hold: the city's
    (named by the city union), or a district pack's named by 浦东新区总工会 (``pudong_pack``)."""
    assert tree.other_sector is not None
    return Tree(
        tree.city,
        tree.other_district,
        tree.other_sector,
        tree.other_unit,
        tree.district,
        tree.unit,
        tree.sector,
    )


def person(
    uow: UnitOfWork,
    *,
    name: str = "张师傅",
    gender: Gender = Gender.MALE,
    birth_date: date = date(1975, 6, 1),
    honours: tuple[HonourInput, ...] = (HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2015),),
    skill_level: SkillLevel = SkillLevel.SENIOR_TECHNICIAN,
    union_id: int | None = None,
) -> Person:
    return register_person(
        uow,
        NewPerson(
            name=name,
            gender=gender,
            birth_date=birth_date,
            honours=honours,
            skill_level=skill_level,
            union_id=union_id,
        ),
        as_of=AS_OF,
        scope=EVERYTHING,
    )


def workshop(
    uow: UnitOfWork, tree: Tree, *, members: int = 3, founded_on: date = date(2020, 1, 1)
) -> Workshop:
    leader = person(uow, union_id=tree.unit.id)
    shop = create_workshop(
        uow,
        NewWorkshop(
            name=f"张师傅数控攻关劳模创新工作室{next(_seq)}",
            host_unit_name="上海某机械有限公司",
            host_unit_nature=UnitNature.STATE_OWNED,
            unit_union_id=tree.unit.id,
            founded_on=founded_on,
            leader_person_id=leader.id,
            venue_area_sqm=80.0,
        ),
        as_of=AS_OF,
        scope=EVERYTHING,
    )
    for i in range(members):
        member = person(uow, name=f"成员{i + 1}", honours=(), skill_level=SkillLevel.SENIOR_WORKER)
        add_member(
            uow,
            shop.id,
            NewMember(person_id=member.id, joined_on=founded_on),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
    return shop


def named_designation(
    uow: UnitOfWork,
    tree: Tree,
    *,
    scheme: str = "yangpu-district",
    naming_date: date = date(2023, 3, 15),
    shop: Workshop | None = None,
    naming_union: Union | None = None,
) -> Designation:
    shop = shop or workshop(uow, tree)
    if naming_union is None:
        city_level = scheme.startswith(("shanghai", "leshan"))
        naming_union = tree.city if city_level else tree.district
    return register_existing_title(
        uow,
        ExistingTitle(
            workshop_id=shop.id,
            scheme=scheme,
            title=shop.name,
            number=f"杨浦 {naming_date.year}-{next(_seq):03d}",
            naming_date=naming_date,
            decision_ref="杨工〔2023〕12号",
            reason="区总工会主席办公会议审定命名",
        ),
        actor=acting(naming_union),
        as_of=AS_OF,
        scope=SYSTEM_SCOPE,
    )


USER_PASSWORD = "test-password-2026"


def user(
    uow: UnitOfWork, role: Role, union_id: int, *, username: str | None = None
) -> tuple[Principal, str]:
    """A user of `role` bound to `union_id`, with the principal it logs in as and its password."""
    name = username or f"{role.value.replace('_', '')}{next(_seq)}"
    created = create_user(
        uow,
        NewUser(name, f"测试{role.value}{name}", USER_PASSWORD, role, union_id),
        OFFICER,
        scope=EVERYTHING,
    )
    found = uow.accounts.user_with_union(created.id)
    assert found is not None
    return principal_of(*found), USER_PASSWORD
