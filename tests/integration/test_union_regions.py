"""One city union and one district union per region: a pack names the union of its region [Y7][S7].

A second district carrying 杨浦's region would name 杨浦 titles and open 杨浦 calls; the use cases
refuse it beside 地区代码 and the database refuses it on both backends.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from lifecycle.actors import Actor
from lifecycle.adoption.errors import RegistryRejected
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets import UNIONS
from lifecycle.errors import IntegrityConflict, ValidationFailed
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import UnionLevel
from tests import factories as f
from tests.adoption_helpers import AS_OF, data_row, workbook

TAKEN = "该地区代码已由{}使用，同一层级只能有一个工会使用"


def _count(u) -> int:
    return int(u.session.scalar(select(func.count()).select_from(Union)) or 0)


def test_a_second_district_or_city_carrying_a_region_is_refused_beside_the_region_code(uow):
    with uow() as u:
        tree = f.union_tree(u)
        before = _count(u)
        twin = NewUnion("杨浦区总工会（第二）", UnionLevel.DISTRICT, tree.city.id, "杨二", "yangpu")
        with pytest.raises(ValidationFailed) as refused:
            create_union(u, twin)
        assert [(p.field, p.code, p.message) for p in refused.value.problems] == [
            ("region_code", "region_taken", TAKEN.format("杨浦区总工会"))
        ]
        city = NewUnion("上海市总工会（第二）", UnionLevel.CITY, region_code="shanghai")
        with pytest.raises(ValidationFailed) as again:
            create_union(u, city)
        assert [(p.field, p.message) for p in again.value.problems] == [
            ("region_code", TAKEN.format(tree.city.name))
        ]
        assert _count(u) == before
        # Every bad field at once: a taken name beside the taken region.
        same_name = NewUnion("浦东新区总工会", UnionLevel.DISTRICT, tree.city.id, None, "yangpu")
        with pytest.raises(ValidationFailed) as both:
            create_union(u, same_name)
        assert {p.field for p in both.value.problems} == {"name", "region_code"}
        # A region of its own is a district of its own.
        minhang = create_union(
            u, NewUnion("闵行区总工会", UnionLevel.DISTRICT, tree.city.id, region_code="minhang")
        )
        assert minhang.region_code == "minhang"


def test_below_a_district_unions_share_its_region_and_a_district_takes_none_from_the_city(uow):
    with uow() as u:
        tree = f.union_tree(u)
        # Sectors and units (and associations) take their district's region, as many as there are.
        streets = [
            create_union(u, NewUnion(name, UnionLevel.SECTOR, tree.district.id))
            for name in ("控江路街道总工会", "殷行街道总工会")
        ]
        unit = create_union(u, NewUnion("上海某新材料公司工会", UnionLevel.UNIT, streets[1].id))
        assert [s.region_code for s in (*streets, unit)] == ["yangpu", "yangpu", "yangpu"]
        # A district (a 局 or 产业 union) without a code of its own carries none, not the city's:
        # two of them are two unions of no region.
        bureaus = [
            create_union(u, NewUnion(name, UnionLevel.DISTRICT, tree.city.id))
            for name in ("上海市教育工会", "上海市建设交通工会")
        ]
        assert [b.region_code for b in bureaus] == [None, None]
        assert u.unions.of_region("yangpu", UnionLevel.DISTRICT) == tree.district


def test_the_database_refuses_a_second_district_of_a_region_added_past_the_use_case(uow):
    with uow() as u:
        tree = f.union_tree(u)
        u.session.add(
            Union(
                name="绕过服务检查的区工会",
                level=UnionLevel.DISTRICT,
                parent_id=tree.city.id,
                path=f"{tree.city.path}0/",
                region_code="yangpu",
            )
        )
        with pytest.raises(IntegrityConflict) as refused:
            u.session.flush()
        assert isinstance(refused.value.__cause__, IntegrityError)  # the database said no


def test_the_database_refuses_a_second_city_of_a_region_inserted_with_core(uow):
    with uow() as u:
        tree = f.union_tree(u)
        sector = {"level": UnionLevel.SECTOR, "parent_id": tree.district.id, "path": "/x/"}
        u.session.execute(insert(Union).values(name="另一街道", region_code="yangpu", **sector))
        city = {"name": "另一个上海市总工会", "level": UnionLevel.CITY, "path": "/y/"}
        with pytest.raises(IntegrityError), u.session.begin_nested():
            u.session.execute(insert(Union).values(region_code="shanghai", **city))


def _unions_file(rows: list[list[object]]) -> bytes:
    return workbook({UNIONS.name: rows})


def test_the_registry_import_refuses_a_region_taken_by_a_new_or_an_existing_union(uow):
    with uow() as u:
        tree = f.union_tree(u)
        u.commit()
        city, pudong = tree.city.name, f"{tree.city.name}/{tree.other_district.name}"
        pudong_id, pudong_scope = tree.other_district.id, Scope.subtree(tree.other_district.path)
        before = (_count(u), tree.other_district.region_code)
    rows: list[list[object]] = [
        [f"{city}/杨浦区总工会（第二）", "区局（产业）工会", "杨二", "yangpu"],
        [pudong, "区局（产业）工会", None, "yangpu"],
        [f"{city}/闵行区总工会", "区局（产业）工会", None, "minhang"],
    ]
    officer = Actor("市总工会干部")
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        import_registry(
            u, _unions_file(rows), actor=officer, as_of=AS_OF, scope=EVERYTHING, dry_run=False
        )
    assert [(c.sheet, c.row, c.column, c.header, c.message) for c in refused.value.cells] == [
        ("工会", data_row(i), "D", "地区代码", TAKEN.format("杨浦区总工会")) for i in (0, 1)
    ]
    with uow() as u:
        other = u.unions.get(pudong_id, EVERYTHING)
        assert other is not None
        assert (_count(u), other.region_code) == before  # nothing written, 闵行 neither
    # A union carrying its own region again is no conflict (浦东's officer, 浦东's row).
    same = [[pudong, "区局（产业）工会", None, "pudong"]]
    with uow() as u:
        report = import_registry(
            u, _unions_file(same), actor=officer, as_of=AS_OF, scope=pudong_scope, dry_run=True
        )
    assert report.counts[UNIONS.name].unchanged == 1
