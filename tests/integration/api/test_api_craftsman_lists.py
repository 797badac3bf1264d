"""The 上海工匠 selection's lists and statistics over the API [G]: personal data masked,
the income survey the city's alone, the statistics workbook's counts and headings,
the release review's one group."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.audit.model import AuditEntry
from lifecycle.craftsman_title import local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.model import (
    CraftsmanApplication,
    CraftsmanSelection,
    LocalSelection,
)
from lifecycle.craftsman_title.rules import Channel
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_craftsman_title import BASE
from tests.integration.craftsman.helpers import (
    ADDRESS,
    DATED,
    PHONE,
    TODAY,
    association,
    file,
    form,
    local_craftsman,
    member,
)


def _sheet(content: bytes, year: int = TODAY.year) -> dict[str, dict[str, object]]:
    """The 统计表's rows by body, each cell by its header."""
    ws = load_workbook(BytesIO(content)).active
    assert ws.cell(1, 1).value.startswith(f"{year}年度")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def _expected(u: Any, year: int, bodies: dict[int, str]) -> dict[str, dict[str, object]]:
    """The 附件3 figures counted here from the stored rows, apart from the statistics module."""
    out: dict[str, dict[str, object]] = {}
    apps = u.session.execute(
        select(CraftsmanApplication, CraftsmanSelection.year).join(
            CraftsmanSelection, CraftsmanSelection.id == CraftsmanApplication.selection_id
        )
    ).all()
    locals_ = u.session.execute(
        select(LocalSelection, CraftsmanSelection.year).join(
            CraftsmanSelection, CraftsmanSelection.id == LocalSelection.selection_id
        )
    ).all()
    holders = u.session.execute(
        select(Person.id, Union.path)
        .join(Union, Person.union_id == Union.id)
        .where(
            Person.id.in_(
                select(PersonHonour.person_id).where(
                    PersonHonour.honour == Honour.SHANGHAI_CRAFTSMAN, PersonHonour.year <= year
                )
            )
        )
    ).all()
    paths = {b: u.unions.get(b, EVERYTHING).path for b in bodies}
    granted_by: dict[int, set[int]] = {}
    for person, path in holders:
        inside = [b for b, p in paths.items() if path.startswith(p)]
        if inside:
            deepest = max(inside, key=lambda b: len(paths[b]))
            granted_by.setdefault(deepest, set()).add(person)
    for body, name in bodies.items():

        def counts(a: CraftsmanApplication, body: int = body) -> bool:
            if a.channel == "association":
                return a.association_id == body
            return a.district_union_id == body

        # A withdrawn application is not counted as 申报 (reading G9).
        mine = [(a, y) for a, y in apps if counts(a) and y <= year and a.status != "withdrawn"]
        now = [a for a, y in mine if y == year]
        history = [(loc, y) for loc, y in locals_ if loc.union_id == body and y <= year]
        this = [loc for loc, y in history if y == year]
        years = [y for _, y in history] + [loc.since_year for loc, _ in history if loc.since_year]
        income = this[0].average_income_fen if this else None
        # 申报 counts persons: each who applied here, and each holder (granted on an application,
        # on record here or from before the service); 获得, the holders.
        applicants = {a.person_id for a, _ in mine} | granted_by.get(body, set())
        out[name] = {
            "何时起开展工匠培养选树命名活动（年）": min(years) if years else None,
            "历年活动参与总人数": sum(loc.participants for loc, _ in history),
            "历年本地区、本系统工匠选树总人数": sum(loc.local_craftsmen for loc, _ in history),
            "历年申报“上海工匠”总人数": len(applicants),
            "历年获得“上海工匠”总人数": len(granted_by.get(body, set())),
            "是否有下属工会开展工匠培养选树命名活动": "是"
            if this and this[0].subordinate_selections
            else "否",
            "本年度是否开展本地区、本系统工匠培养选树命名活动": "是" if this else "否",
            "本年度活动参与人数": this[0].participants if this else 0,
            "本年度本地区、本系统工匠选树人数": this[0].local_craftsmen if this else 0,
            "本年度申报“上海工匠”人数": len(now),
            "其中个人自荐人数": sum(a.channel == "self" for a in now),
            "本年度获得“上海工匠”人数": sum(a.status == "granted" for a in now),
            "参与活动职工月平均可支配收入（元）": income / 100 if income is not None else None,
        }
    return out


def test_lists_mask_personal_data_and_only_the_city_reads_the_income_survey(api: Api) -> None:
    sel, app = api.own.craftsman_selection, api.own.craftsman_application
    for role in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.UNIT_CONTACT):
        headers = api.callers[role].headers
        for url in (f"{BASE}/{sel}/applications", f"{BASE}/applications/{app}"):
            text = api.client.get(url, headers=headers).text
            assert PHONE not in text
            assert ADDRESS not in text
            assert "1200000" not in text
            assert "138****5678" in text
    survey = f"{BASE}/applications/{app}/income-survey"
    assert api.client.get(survey, headers=api.callers[Role.CITY_OFFICER].headers).json() == {
        "monthly_income_fen": 1_200_000,
        "income_level": "较高",
        "public_welfare_willing": "是",
    }
    for role in (Role.DISTRICT_OFFICER, Role.UNIT_CONTACT, Role.FINANCE, Role.ADMIN):
        assert api.client.get(survey, headers=api.callers[role].headers).status_code == 403
    with api.uow() as u:
        logged = u.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "craftsman_applications")
        ).all()
        assert logged
        for entry in logged:
            text = repr(entry.after) + repr(entry.before)
            assert PHONE not in text
            assert ADDRESS not in text
            assert "1200000" not in text


def test_the_statistics_workbook_counts_equal_independent_counts(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    sel = api.own.craftsman_selection
    tree = api.tree
    with api.uow() as u:
        # 2023: the district's first recorded selection, one self-application of that year.
        earlier = svc.open_selection(
            u,
            svc.OpenSelection(2023, date(2023, 6, 12), date(2023, 7, 15), date(2023, 7, 15)),
            scope=EVERYTHING,
            as_of=date(2023, 6, 12),
        )
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(earlier.id, tree.district.id, 100, 5, since_year=2016),
            recording_union_id=tree.district.id,
            scope=EVERYTHING,
        )
        old_hand = local_craftsman(u, tree, "往年师傅")
        file(
            u,
            form(earlier.id, old_hand.id, channel=Channel.SELF, applied_on=date(2023, 7, 1)),
            scope=EVERYTHING,
        )
        # This year: the district and an association under the city, with their figures.
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(
                sel, tree.district.id, 150, 9, subordinate_selections=True,
                average_income_fen=876_543,
            ),
            recording_union_id=tree.district.id,
            scope=EVERYTHING,
        )  # fmt: skip
        body = association(u, tree, "上海市焊接协会")
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(sel, body.id, participants=40, since_year=2020),
            recording_union_id=tree.city.id,
            scope=EVERYTHING,
        )
        recommended = member(u, body, "焊接会员")
        file(
            u,
            form(
                sel,
                recommended.id,
                channel=Channel.ASSOCIATION,
                district_union_id=tree.district.id,
                applied_on=DATED,
            ),
            scope=Scope.subtree(body.path),
            on=TODAY,
        )
        # Titles held before the service (2019, 2020) count; one awarded after this year does not.
        for who, year in ((old_hand, 2019), (member(u, body, "老会员"), 2020)):
            add_honour(
                u, who.id, HonourInput(Honour.SHANGHAI_CRAFTSMAN, year), as_of=f.AS_OF,
                scope=EVERYTHING,
            )  # fmt: skip
        later = local_craftsman(u, tree, "后来师傅")
        add_honour(
            u, later.id, HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2027), as_of=date(2027, 1, 1),
            scope=EVERYTHING,
        )  # fmt: skip
        # The other district's world lies in 浦东新区总工会 (the fixture's other district).
        other = u.unions.get(api.other.district, EVERYTHING)
        assert other is not None
        bodies = {
            tree.district.id: "杨浦区总工会",
            other.id: other.name,
            body.id: "上海市焊接协会",
        }
        expected = _expected(u, TODAY.year, bodies)
        u.commit()
    response = api.client.get(f"{BASE}/{sel}/statistics.xlsx", headers=city)
    assert response.status_code == 200
    rows = _sheet(response.content)
    assert set(rows) == set(expected)
    for name, figures in expected.items():
        for header, value in figures.items():
            assert rows[name][header] == value, (name, header)
    # Spot checks of what the independent counts must hold.
    assert rows["上海市焊接协会"]["历年获得“上海工匠”总人数"] == 1
    assert rows["杨浦区总工会"]["何时起开展工匠培养选树命名活动（年）"] == 2016
    assert rows["杨浦区总工会"]["联系人"] == "王干事"
    # A district officer reads its own district's sheet only; the city-wide sheet is refused.
    district = api.callers[Role.DISTRICT_OFFICER].headers
    assert api.client.get(f"{BASE}/{sel}/statistics.xlsx", headers=district).status_code == 403
    own = api.client.get(f"{BASE}/{sel}/unions/{api.own.unit}/statistics.xlsx", headers=district)
    assert list(_sheet(own.content)) == ["杨浦区总工会"]
    assert _sheet(own.content)["杨浦区总工会"] == rows["杨浦区总工会"]
    other = api.client.get(
        f"{BASE}/{sel}/unions/{api.other.unit}/statistics.xlsx", headers=district
    )
    assert other.status_code == 404
    # A unit contact under the district reads none of the district's figures [G] 五（四）.
    unit = api.callers[Role.UNIT_CONTACT].headers
    below = api.client.get(f"{BASE}/{sel}/unions/{api.own.unit}/statistics.xlsx", headers=unit)
    assert below.status_code == 403
    assert below.json()["error"]["code"] == "not_authorised"
    assert "只有杨浦区总工会及上级工会可以读取" in below.json()["error"]["message"]


def test_the_release_review_lists_one_group(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    mine = {
        a["id"]
        for a in api.client.get(url, headers=city, params={"group": "metallurgy"}).json()["items"]
    }
    assert api.own.craftsman_application in mine
    assert api.client.get(url, headers=city, params={"group": "catering"}).json()["items"] == []
    refused = api.client.get(url, headers=city, params={"group": "nowhere"})
    assert refused.status_code == 422


def test_the_statistics_headings_hold_of_every_row_and_the_income_is_a_number(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    sel = api.own.craftsman_selection
    tree = api.tree
    with api.uow() as u:
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(sel, tree.district.id, 150, 9, average_income_fen=865_000),
            recording_union_id=tree.district.id,
            scope=EVERYTHING,
        )
        unit = local_craftsman(u, tree, "单位推荐师傅")
        file(u, form(sel, unit.id, applied_on=DATED), scope=EVERYTHING, on=TODAY)
        # A title from before the service, with no application on record here.
        add_honour(
            u, unit.id, HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2018), as_of=f.AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
    content = api.client.get(f"{BASE}/{sel}/statistics.xlsx", headers=city).content
    rows = _sheet(content)
    for name, row in rows.items():
        assert row["历年获得“上海工匠”总人数"] <= row["历年申报“上海工匠”总人数"], name
        assert row["其中个人自荐人数"] <= row["本年度申报“上海工匠”人数"], name
        assert row["本年度获得“上海工匠”人数"] <= row["本年度申报“上海工匠”人数"], name
    yangpu = rows["杨浦区总工会"]
    # The world's self-application and this unit recommendation; the self one among them.
    assert (yangpu["本年度申报“上海工匠”人数"], yangpu["其中个人自荐人数"]) == (2, 1)
    assert yangpu["参与活动职工月平均可支配收入（元）"] == 8650
    ws = load_workbook(BytesIO(content)).active
    (income,) = [r[-1] for r in ws.iter_rows(min_row=3) if r[0].value == "杨浦区总工会"]
    assert isinstance(income.value, int | float)
    assert income.number_format == "#,##0.00"
    # The city's own sheet: the figures of what is filed under the city itself, consistent.
    own = _sheet(
        api.client.get(f"{BASE}/{sel}/unions/{tree.city.id}/statistics.xlsx", headers=city).content
    )
    (row,) = own.values()
    assert row["历年获得“上海工匠”总人数"] <= row["历年申报“上海工匠”总人数"]
