"""Unions, persons and workshops: bad input is refused naming the field, and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.persons.model import Person
from lifecycle.persons.service import HonourInput, NewPerson, register_person
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import Gender, Honour, RetirementGroup, UnionLevel
from lifecycle.workshops.model import WorkshopMember
from lifecycle.workshops.service import NewMember, add_member
from tests import factories as f

VALID_ID = "11010519491231002X"  # the standard's own example number, birth date 1949-12-31


def _count(uow, model) -> int:
    return uow.session.scalar(select(func.count()).select_from(model))


def test_union_tree_paths_and_subtree(uow):
    with uow() as u:
        tree = f.union_tree(u)
        assert tree.unit.path.startswith(tree.district.path)
        assert not tree.other_unit.path.startswith(tree.district.path)
        assert u.unions.ancestor_at_level(tree.unit, UnionLevel.DISTRICT).id == tree.district.id


def test_union_level_must_be_below_parent(uow):
    with uow() as u:
        tree = f.union_tree(u)
        with pytest.raises(ValidationFailed) as err:
            create_union(u, NewUnion("错误的区工会", UnionLevel.DISTRICT, tree.unit.id))
        assert err.value.field == "level"


def test_birth_date_in_future_is_refused_and_nothing_written(uow):
    with uow() as u:
        before = _count(u, Person)
        with pytest.raises(ValidationFailed) as err:
            register_person(
                u,
                NewPerson(name="李四", gender=Gender.MALE, birth_date=date(2030, 1, 1)),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "birth_date"
        assert "出生日期" in err.value.message
        assert _count(u, Person) == before


def test_every_bad_field_is_named_at_once(uow):
    with uow() as u:
        with pytest.raises(ValidationFailed) as err:
            register_person(
                u,
                NewPerson(
                    name="  ",
                    gender=Gender.FEMALE,
                    birth_date=date(2030, 1, 1),
                    retirement_group=RetirementGroup.MALE,
                    id_card_number="123",
                    honours=(HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2099),),
                ),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        fields = {p.field for p in err.value.problems}
        assert fields == {
            "name",
            "birth_date",
            "retirement_group",
            "id_card_number",
            "honours.0.year",
        }


def test_id_card_is_stored_but_only_shown_masked(uow):
    with uow() as u:
        p = register_person(
            u,
            NewPerson(
                name="王五",
                gender=Gender.FEMALE,
                birth_date=date(1949, 12, 31),
                id_card_number=VALID_ID.lower(),
            ),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        assert p.id_card_number == VALID_ID
        assert p.masked_id_card == "1101**********002X"
        assert VALID_ID not in repr(p)


def test_id_card_checksum_and_birth_date_must_agree(uow):
    with uow() as u, pytest.raises(ValidationFailed) as err:
        register_person(
            u,
            NewPerson(
                name="王五",
                gender=Gender.FEMALE,
                birth_date=date(1950, 1, 1),
                id_card_number=VALID_ID,
            ),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
    assert err.value.field == "id_card_number"


def test_member_joining_before_founding_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree, members=0, founded_on=date(2022, 5, 1))
        newcomer = f.person(u, name="赵六", honours=())
        before = _count(u, WorkshopMember)
        with pytest.raises(ValidationFailed) as err:
            add_member(
                u,
                shop.id,
                NewMember(person_id=newcomer.id, joined_on=date(2022, 4, 30)),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "joined_on"
        assert "成立日期" in err.value.message
        assert _count(u, WorkshopMember) == before


def test_members_on_a_day_respect_join_and_leave(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree, members=2, founded_on=date(2020, 1, 1))
        leaver = f.person(u, name="钱七", honours=())
        add_member(
            u,
            shop.id,
            NewMember(person_id=leaver.id, joined_on=date(2021, 1, 1), left_on=date(2024, 1, 1)),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        assert len(shop.members_on(date(2023, 6, 1))) == 3
        assert len(shop.members_on(date(2024, 6, 1))) == 2


def test_member_of_unknown_workshop(uow):
    with uow() as u, pytest.raises(NotFound):
        add_member(
            u,
            999_999,
            NewMember(person_id=1, joined_on=date(2022, 1, 1)),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )


def test_negative_venue_area_and_future_founding_are_refused_and_nothing_written(uow):
    from lifecycle.vocab import UnitNature
    from lifecycle.workshops.model import Workshop
    from lifecycle.workshops.service import NewWorkshop, create_workshop

    with uow() as u:
        tree = f.union_tree(u)
        leader = f.person(u)
        before = _count(u, Workshop)
        with pytest.raises(ValidationFailed) as err:
            create_workshop(
                u,
                NewWorkshop(
                    name="测试工作室",
                    host_unit_name="某公司",
                    host_unit_nature=UnitNature.NON_PUBLIC,
                    unit_union_id=tree.district.id,
                    founded_on=date(2027, 1, 1),
                    leader_person_id=leader.id,
                    venue_area_sqm=-5,
                ),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert {p.field for p in err.value.problems} == {
            "venue_area_sqm",
            "founded_on",
            "unit_union_id",
        }
        assert _count(u, Workshop) == before
