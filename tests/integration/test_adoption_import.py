"""Adopting a registry from Excel: all or nothing, every bad cell named, idempotent, in scope."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest
from sqlalchemy import func, select

from lifecycle.actors import Actor
from lifecycle.adoption.errors import RegistryRejected
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets import (
    DESIGNATIONS,
    GRANTS,
    PERSONS,
    UNIONS,
    WORKSHOPS,
)
from lifecycle.designations.model import Designation
from lifecycle.funding.model import Grant
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.views.designation import designation_gaps
from lifecycle.vocab import DesignationStatus
from lifecycle.workshops.model import Workshop
from tests import factories as f
from tests.adoption_helpers import AS_OF, data_row, set_cell, workbook

IMPORTER = Actor(name="导入测试")


def _count(uow, model) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def _import(uow, content: bytes, *, scope: Scope = EVERYTHING, dry_run: bool = False):
    return import_registry(uow, content, actor=IMPORTER, as_of=AS_OF, scope=scope, dry_run=dry_run)


@cache
def _two_thousand_titles() -> tuple[bytes, bytes]:
    """The 2,000 titles' workbook and the same with one bad cell, written once per process for
    both backends (the bytes are only read)."""
    good = workbook(sample_registry(titles=2000, districts=3, full=False))
    return good, set_cell(good, DESIGNATIONS.name, data_row(1234), "F", "2019-13-01")


def test_two_thousand_titles_one_bad_cell_nothing_then_all_then_nothing_changes(uow) -> None:
    good, bad = _two_thousand_titles()
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, bad)
    assert [(c.sheet, c.row, c.column, c.header) for c in refused.value.cells] == [
        ("命名", data_row(1234), "F", "命名日期")
    ]
    assert refused.value.cells[0].message == "日期不存在：2019-13-01（格式如 2026-03-01）"
    assert "「命名」第1237行「命名日期」（F列）" in refused.value.message
    with uow() as u:
        assert _count(u, Designation) == 0
        assert _count(u, Union) == 0
    with uow() as u:
        report = _import(u, good)
        u.commit()
    assert report.counts[DESIGNATIONS.name].created == 2000
    assert report.counts[WORKSHOPS.name].created == 2000
    with uow() as u:
        assert _count(u, Designation) == 2000
        districts = u.session.scalars(select(Union).where(Union.level == "district")).all()
        assert len(districts) == 3
    with uow() as u:
        again = _import(u, good, dry_run=True)
    assert again.total_changes == 0
    assert again.counts[DESIGNATIONS.name].unchanged == 2000
    assert all("新增 0，将修改 0" in line for line in again.lines())


def test_a_rule_broken_late_in_the_file_rolls_back_everything_already_written(uow) -> None:
    rows = sample_registry(titles=4, districts=1)
    # A second title of the same scheme for one team: refused by the designation use case [Y7].
    rows[DESIGNATIONS.name][3][2:4] = rows[DESIGNATIONS.name][2][2:4]
    # A district title named by a unit union: refused for the naming level (scheme rule).
    rows[DESIGNATIONS.name][1][6] = rows[DESIGNATIONS.name][1][2]
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows))
    cells = {(c.row, c.column): c.message for c in refused.value.cells if c.sheet == "命名"}
    assert "不再重复申报" in cells[(data_row(3), "D")]  # [Y7], on the workshop's column
    assert "应由区级工会命名" in cells[(data_row(1), "G")]
    with uow() as u:
        assert _count(u, Person) == 0
        assert _count(u, Workshop) == 0


def test_a_key_twice_in_a_sheet_is_a_bad_cell(uow) -> None:
    rows = sample_registry(titles=3, districts=1, full=False)
    rows[DESIGNATIONS.name][2][1] = rows[DESIGNATIONS.name][0][1]
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows))
    assert [(c.sheet, c.row, c.column, c.message) for c in refused.value.cells] == [
        ("命名", data_row(2), "B", f"与第{data_row(0)}行重复")
    ]


def test_dry_run_reports_created_changed_and_unchanged(uow) -> None:
    rows = sample_registry(titles=3, districts=1)
    with uow() as u:
        _import(u, workbook(rows))
        u.commit()
    rows[WORKSHOPS.name][0][6] = "新地址 1号"  # one workshop's address corrected
    with uow() as u:
        report = _import(u, workbook(rows), dry_run=True)
    assert (report.counts[WORKSHOPS.name].changed, report.counts[WORKSHOPS.name].unchanged) == (
        1,
        2,
    )
    assert report.counts[DESIGNATIONS.name].unchanged == 3
    # A registered title's state moves only through its regulated flow, never by import.
    as_registered = list(rows[DESIGNATIONS.name][2][8:])
    rows[DESIGNATIONS.name][2][8:] = ["已撤牌/摘牌", date(2026, 6, 1), "区工创〔2026〕9号"]
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows), dry_run=True)
    assert ["通过相应流程办理" in c.message for c in refused.value.cells] == [True]
    with uow() as u:  # a dry run writes nothing
        assert u.session.scalar(select(func.count()).where(Workshop.address == "新地址 1号")) == 0
    rows[DESIGNATIONS.name][2][8:] = as_registered
    with uow() as u:
        _import(u, workbook(rows))
        u.commit()
    with uow() as u:
        assert u.session.scalar(select(func.count()).where(Workshop.address == "新地址 1号")) == 1
        statuses = u.session.scalars(select(Designation.status)).all()
        assert DesignationStatus.REVOKED not in statuses


def test_a_district_officer_naming_a_union_outside_the_subtree_is_refused(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        u.commit()
        city = tree.city.name
        own = f"{city}/{tree.district.name}/新建街道总工会"
        other_unit = f"{city}/{tree.other_district.name}/张江镇总工会/{tree.other_unit.name}"
        scope = Scope.subtree(tree.district.path)
        before = (_count(u, Person), _count(u, Workshop), _count(u, Union))
    sample = sample_registry(titles=2, districts=1, full=False)
    leaders = [row[0] for row in sample[PERSONS.name]]
    shops = sample[WORKSHOPS.name]
    rows = {
        UNIONS.name: [
            [own, "行业、街镇、直属工会"],
            [f"{own}/新建公司工会", "基层单位工会"],
            [f"{city}/新设区总工会", "区局（产业）工会"],
        ],
        PERSONS.name: [[*row[:5], None, *row[6:]] for row in sample[PERSONS.name]],
        WORKSHOPS.name: [
            [f"{own}/新建公司工会", *shops[0][1:5], leaders[0]],
            [other_unit, *shops[1][1:5], leaders[1]],
        ],
    }
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows), scope=scope)
    messages = [(c.sheet, c.row, c.message) for c in refused.value.cells]
    # Both unions outside the subtree are named; a leader registered without a union is not
    # visible to a district's scope either, so that row may be refused too.
    assert {
        ("工会", data_row(2), f"工会“{city}/新设区总工会”不在本人管辖范围内"),
        ("工作室", data_row(1), f"工会“{other_unit}”不在本人管辖范围内"),
    } <= set(messages)
    with uow() as u:
        assert (_count(u, Person), _count(u, Workshop), _count(u, Union)) == before


def _ended_titles() -> dict[str, list[list[object]]]:
    """Three titles named 2019-06-01, each with its one-off grant approved that day: the first
    named, the second (district) revoked in 2023, the third (city, 附件3) exited in 2024 (exit
    keeping the title is the craftsman notice's measure [C 三（六）]; [S9] knows only 摘牌)."""
    rows = sample_registry(titles=3, districts=1)
    rows[DESIGNATIONS.name][1][8:] = ["已撤牌/摘牌", date(2023, 9, 1), "区工创〔2023〕9号"]
    city_scheme = get_scheme("shanghai-craftsman").settings.name
    rows[DESIGNATIONS.name][2][0:2] = [city_scheme, "沪工匠创 2019-003"]
    rows[DESIGNATIONS.name][2][6] = "上海市总工会"
    rows[DESIGNATIONS.name][2][8:] = [
        "已退出管理序列（保留称号）",
        date(2024, 3, 1),
        "沪工〔2024〕3号",
    ]
    rows[GRANTS.name][2][0:2] = [city_scheme, "沪工匠创 2019-003"]
    return rows


def test_past_grants_of_revoked_and_exited_titles_are_imported_and_reimported_unchanged(
    uow,
) -> None:
    content = workbook(_ended_titles())
    with uow() as u:
        report = _import(u, content)
        u.commit()
    assert report.counts[GRANTS.name].created == 3
    with uow() as u:
        held = u.session.execute(
            select(Designation.status, Grant.approved_on, Grant.amount_fen).join(
                Grant, Grant.designation_id == Designation.id
            )
        ).all()
        assert {tuple(row) for row in held} == {
            (DesignationStatus.EXITED, date(2019, 6, 1), 2_000_000),  # [C 三（一）] = [S10]
            (DesignationStatus.NAMED, date(2019, 6, 1), 1_000_000),  # [Y14]
            (DesignationStatus.REVOKED, date(2019, 6, 1), 1_000_000),
        }
    with uow() as u:
        again = _import(u, content, dry_run=True)
    assert again.total_changes == 0
    assert again.counts[GRANTS.name].unchanged == 3


def test_a_grant_approved_after_the_title_ended_is_a_bad_cell_and_nothing_is_written(uow) -> None:
    rows = _ended_titles()
    rows[GRANTS.name][1][4:6] = [date(2023, 9, 2), date(2023, 9, 20)]  # the day after 撤牌
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows))
    cells = [(c.sheet, c.row, c.column, c.header) for c in refused.value.cells]
    assert cells == [("拨款", data_row(1), "E", "批准日期")]
    assert "2023年9月1日" in refused.value.cells[0].message
    with uow() as u:
        assert (_count(u, Designation), _count(u, Grant), _count(u, Workshop)) == (0, 0, 0)


def test_a_row_naming_a_row_refused_elsewhere_says_where_and_a_bad_cell_hides_no_rule(
    uow,
) -> None:
    """One run: a person refused for their ID number is named as refused by the rows that name
    them, and so on down (workshop → title → grant); a row with an unreadable date is still
    checked by the person rules on its other cells; nothing written."""
    rows = sample_registry(titles=2, districts=1)  # 人员: leader 0, member 0, leader 1, member 1
    for index in (1, 2):  # a wrong check digit, wherever the number is written
        number = str(rows[PERSONS.name][index][0])
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        for sheet in rows.values():
            for row in sheet:
                row[:] = [wrong if value == number else value for value in row]
    rows[PERSONS.name][1][3] = "1990-02-30"
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows))
    found = {(c.sheet, c.row, c.column): c.message for c in refused.value.cells}
    assert found == {
        ("人员", data_row(1), "A"): "身份证号码校验位不正确",
        ("人员", data_row(1), "D"): "日期不存在：1990-02-30（格式如 2026-03-01）",
        ("人员", data_row(2), "A"): "身份证号码校验位不正确",
        ("成员", data_row(0), "C"): f"该身份证号的人员在「人员」表第{data_row(1)}行未通过校验",
        ("荣誉", data_row(1), "A"): f"该身份证号的人员在「人员」表第{data_row(2)}行未通过校验",
        ("工作室", data_row(1), "F"): f"该身份证号的人员在「人员」表第{data_row(2)}行未通过校验",
        ("成员", data_row(1), "B"): f"该工作室在「工作室」表第{data_row(1)}行未通过校验",
        ("命名", data_row(1), "D"): f"该工作室在「工作室」表第{data_row(1)}行未通过校验",
        ("拨款", data_row(1), "B"): f"该命名在「命名」表第{data_row(1)}行未通过校验",
    }
    with uow() as u:
        assert (_count(u, Person), _count(u, Workshop), _count(u, Designation)) == (0, 0, 0)


def test_a_craftsman_title_whose_leader_is_not_on_record_as_shanghai_craftsman_is_flagged(
    uow,
) -> None:
    """Records kept before the service may be incomplete: the 命名 row is registered and the gap
    is named on the title (领衔人必须是“上海工匠” [C 一（一）], reading I3)."""
    rows = sample_registry(titles=2, districts=1)
    city_scheme = get_scheme("shanghai-craftsman").settings.name
    rows[DESIGNATIONS.name][1][0:2] = [city_scheme, "沪工匠创 2019-003"]
    rows[DESIGNATIONS.name][1][6] = "上海市总工会"
    rows[GRANTS.name][1][0:2] = [city_scheme, "沪工匠创 2019-003"]
    with uow() as u:
        report = _import(u, workbook(rows))
        u.commit()
    assert report.counts[DESIGNATIONS.name].created == 2
    with uow() as u:
        titles = u.session.scalars(select(Designation).order_by(Designation.id)).all()
        gaps = {d.number: designation_gaps(u, d.id, AS_OF, scope=EVERYTHING) for d in titles}
        assert gaps["样本-000000"] == []
        (gap,) = gaps["沪工匠创 2019-003"]
        assert gap.title.startswith("领衔人带头人1未登记“上海工匠”称号（《关于开展2024年度")
        city = u.session.scalar(select(Union.id).where(Union.name == "上海市总工会"))
        assert gap.union_id == city


def test_an_ended_title_without_its_date_is_refused_in_its_schemes_word(uow) -> None:
    """The 状态生效日期 a lost title needs is asked for in its scheme's word (已撤牌 for Yangpu
    [Y12], 已摘牌 for a city 劳模 title [S9]), not 「已退出或已撤牌」 for every scheme."""
    rows = sample_registry(titles=2, districts=1)
    rows[DESIGNATIONS.name][1][8:] = ["已撤牌/摘牌", None, "区工创〔2023〕9号"]
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, workbook(rows))
    messages = [(c.sheet, c.message) for c in refused.value.cells]
    assert (DESIGNATIONS.name, "「已撤牌」的命名须填写状态生效日期") in messages


def test_a_title_number_written_in_full_width_or_unspaced_is_the_title_already_imported(
    uow,
) -> None:
    """One number whatever its width or spacing [Y7]: the workbook imported again with the
    city title's number typed in full width (命名) and unspaced (拨款) changes nothing;
    before, the title was not found by its number."""
    rows = _ended_titles()
    with uow() as u:
        _import(u, workbook(rows))
        u.commit()
    rows[DESIGNATIONS.name][2][1] = "沪工匠创２０１９－００３"
    rows[GRANTS.name][2][1] = "沪工匠创2019-003"
    with uow() as u:
        again = _import(u, workbook(rows), dry_run=True)
    assert again.total_changes == 0
    assert again.counts[DESIGNATIONS.name].unchanged == 3
    assert again.counts[GRANTS.name].unchanged == 3
