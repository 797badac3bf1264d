"""上海工匠 over JSON: stages by level, masked lists, the income survey, 附件3 [G]."""

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
from lifecycle.vocab import EmploymentStatus, Honour, Role
from tests import factories as f
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
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

BASE = "/api/v1/craftsman-selections"
# This year's open call (filed 11-10, today 11-21): each stage after the one before.
STAGES = (
    ("expert_review", "2026-11-13", {}),
    ("release_review", "2026-11-14", {}),
    ("city_approval", "2026-11-16", {"credit_check_passed": True}),
    (
        "public_notice",
        "2026-11-20",
        {"notice_from": "2026-11-16", "notice_to": "2026-11-19", "objections": "无"},
    ),
)


def _decide(stage: str, on: str, **extra: object) -> dict[str, object]:
    return {
        "stage": stage,
        "passed": True,
        "opinion": "同意",
        "signer": "审核人",
        "decided_on": on,
    } | extra


def test_an_application_runs_through_the_api_and_the_person_holds_the_title(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "接口师傅").id
        u.commit()
    sel = api.own.craftsman_selection
    filed = api.client.post(
        f"{BASE}/{sel}/applications", headers=contact, json=craftsman_form(person_id)
    )
    assert filed.status_code == 201, filed.text
    app = filed.json()
    assert app["status"] == "qualification"
    assert app["channel_label"] == "个人自荐"
    path = f"{BASE}/applications/{app['id']}/stages"
    # The qualification check is the district's; the city may not take it.
    wrong = api.client.post(path, headers=city, json=_decide("qualification", "2026-11-12"))
    assert wrong.status_code == 403
    assert "资格审查由申请人所在区局（产业）工会办理" in wrong.json()["error"]["message"]
    qualify = _decide("qualification", "2026-11-12")
    no_interview = api.client.post(path, headers=district, json=qualify)
    assert no_interview.status_code == 422
    assert "海选面试" in no_interview.json()["error"]["message"]
    ok = api.client.post(path, headers=district, json=qualify | {"interview_passed": True})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "expert_review"
    for stage, on, extra in STAGES:
        body = _decide(stage, on) | extra
        assert api.client.post(path, headers=district, json=body).status_code == 403
        done = api.client.post(path, headers=city, json=body)
        assert done.status_code == 200, done.text
    assert done.json()["status"] == "granted"
    assert done.json()["status_label"] == "已授予上海工匠"
    with api.uow() as u:
        held = {(h.honour, h.year) for h in u.persons.get(person_id, EVERYTHING).honours}
    assert (Honour.SHANGHAI_CRAFTSMAN, 2026) in held


def test_a_self_application_dated_outside_the_window_is_refused_naming_it(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "迟到师傅").id
        u.commit()
    before = api.writes()
    late = craftsman_form(person_id, applied_on="2026-11-01")  # the window opens 11-02
    refused = api.client.post(
        f"{BASE}/{api.own.craftsman_selection}/applications", headers=contact, json=late
    )
    assert refused.status_code == 422
    problems = {p["code"]: p for p in refused.json()["error"]["problems"]}
    assert problems["outside_self_window"]["field"] == "applied_on"
    assert "二（三）" in problems["outside_self_window"]["message"]
    assert api.writes() == before


def test_the_applicants_phone_is_a_mobile_or_a_landline_with_its_area_code(api: Api) -> None:
    """附件1's 联系电话 is a number a reviewer can call (reading P36d): other text is refused
    beside the field; a mobile and a landline with its area code are taken."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "电话师傅").id
        u.commit()
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    before = api.writes()
    for typed in ("请打单位总机", "12345", "23812345678"):
        refused = api.client.post(
            url, headers=contact, json=craftsman_form(person_id, applicant_phone=typed)
        )
        assert refused.status_code == 422, typed
        problems = {p["field"]: p for p in refused.json()["error"]["problems"]}
        assert problems["applicant_phone"]["code"] == "not_a_phone"
        assert problems["applicant_phone"]["message"] == (
            "申报人联系电话应为11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"
        )
    assert api.writes() == before
    taken = api.client.post(
        url, headers=contact, json=craftsman_form(person_id, applicant_phone="021-6543 1234")
    )
    assert taken.status_code == 201, taken.text


def test_a_non_member_is_directed_to_join_then_accepted(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person = local_craftsman(u, api.tree, "新会员")
        person.is_union_member = False
        person_id = person.id
        u.commit()
    filed = api.client.post(
        f"{BASE}/{api.own.craftsman_selection}/applications",
        headers=contact,
        json=craftsman_form(person_id),
    )
    assert filed.status_code == 201
    assert filed.json()["status"] == "awaiting_membership"
    assert "我要入会" in filed.json()["message"]
    joined = api.client.post(
        f"{BASE}/applications/{filed.json()['id']}/membership", headers=contact
    )
    assert joined.json()["status"] == "qualification"
    assert joined.json()["message"] is None


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
        a["id"] for a in api.client.get(url, headers=city, params={"group": "metallurgy"}).json()
    }
    assert api.own.craftsman_application in mine
    assert api.client.get(url, headers=city, params={"group": "catering"}).json() == []
    refused = api.client.get(url, headers=city, params={"group": "nowhere"})
    assert refused.status_code == 422


def _problems(response: Any) -> dict[str, dict[str, str]]:
    return {p["field"]: p for p in response.json()["error"]["problems"]}


def test_stages_run_in_order_never_ahead_and_the_title_follows_the_ended_notice(
    api: Api,
) -> None:
    """The demo's defect: stages dated before the previous one, the notice in the future."""
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "顺序师傅").id
        u.commit()
    sel = api.own.craftsman_selection
    app = api.client.post(
        f"{BASE}/{sel}/applications", headers=contact, json=craftsman_form(person_id)
    ).json()
    path = f"{BASE}/applications/{app['id']}/stages"
    qualify = _decide("qualification", "2026-11-12") | {"interview_passed": True}
    assert api.client.post(path, headers=district, json=qualify).status_code == 200
    for stage, on, code in (
        ("expert_review", "2026-11-11", "before_previous_stage"),  # before the check of 11-12
        ("expert_review", "2026-11-22", "decided_in_future"),  # today is 11-21
    ):
        refused = api.client.post(path, headers=city, json=_decide(stage, on))
        assert refused.status_code == 422
        assert _problems(refused)["decided_on"]["code"] == code
    assert (
        "审核日期不能早于资格审查日期（2026年11月12日）"
        in api.client.post(path, headers=city, json=_decide("expert_review", "2026-11-11")).text
    )
    for stage, on, _ in STAGES[:2]:
        assert api.client.post(path, headers=city, json=_decide(stage, on)).status_code == 200
    # 诚信审核 cites the notice of the call's own year by name, no rule id.
    no_check = api.client.post(path, headers=city, json=_decide("city_approval", "2026-11-16"))
    message = _problems(no_check)["credit_check_passed"]["message"]
    assert message == (
        "通过市总审定须经诚信审核（《关于开展2026年度“上海工匠”培养选树工作的通知》三（四））"
    )
    approve = _decide("city_approval", "2026-11-16") | {"credit_check_passed": True}
    assert api.client.post(path, headers=city, json=approve).status_code == 200
    # The notice starts no earlier than the approval; its outcome waits for its last day.
    notice = {"notice_from": "2026-11-15", "notice_to": "2026-11-30", "objections": "无"}
    early = api.client.post(
        path, headers=city, json=_decide("public_notice", "2026-11-20") | notice
    )
    assert early.status_code == 422
    problems = _problems(early)
    assert problems["notice_from"]["code"] == "notice_before_approval"
    assert problems["decided_on"]["code"] == "notice_running"
    assert "公示期满（2026年11月30日）后方可确定最终人选" in problems["decided_on"]["message"]
    future = notice | {"notice_from": "2026-11-16"}
    ahead = api.client.post(
        path, headers=city, json=_decide("public_notice", "2026-12-01") | future
    )
    assert _problems(ahead)["decided_on"]["code"] == "decided_in_future"
    with api.uow() as u:  # the four stages accepted, nothing of the refusals
        assert len(svc.repo(u).stage_records(app["id"], EVERYTHING)) == 4
        held = {h.honour for h in u.persons.get(person_id, EVERYTHING).honours}
    assert Honour.SHANGHAI_CRAFTSMAN not in held
    ended = notice | {"notice_from": "2026-11-16", "notice_to": "2026-11-20"}
    done = api.client.post(path, headers=city, json=_decide("public_notice", "2026-11-20") | ended)
    assert done.status_code == 200, done.text  # decided on the notice's last day
    assert done.json()["status"] == "granted"


def test_the_application_date_is_not_ahead_of_today_and_the_window_is_judged_today(
    api: Api,
) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "日期师傅").id
        closed = svc.open_selection(
            u,
            svc.OpenSelection(2025, date(2025, 6, 12), date(2025, 7, 15), date(2025, 7, 15)),
            scope=EVERYTHING,
            as_of=date(2025, 6, 12),
        ).id
        u.commit()
    before = api.writes()
    ahead = craftsman_form(person_id, applied_on="2030-01-01", trade=" ", understanding="")
    refused = api.client.post(
        f"{BASE}/{api.own.craftsman_selection}/applications", headers=contact, json=ahead
    )
    assert refused.status_code == 422
    problems = _problems(refused)
    assert problems["applied_on"]["code"] == "applied_after_today"
    assert problems["applied_on"]["message"] == "申报日期不能晚于今天（2026年11月21日）"
    assert {"trade", "understanding"} <= set(problems)
    # Last year's call has closed: a form dated inside its window, filed today, is late.
    backdated = craftsman_form(person_id, applied_on="2025-07-01")
    late = api.client.post(f"{BASE}/{closed}/applications", headers=contact, json=backdated)
    assert late.status_code == 422
    message = _problems(late)["applied_on"]["message"]
    assert "个人自荐申报时间为6月12日至7月15日，今天（2026年11月21日）已截止" in message
    assert "《关于开展2025年度“上海工匠”培养选树工作的通知》二（三）" in message
    assert "2024" not in message
    assert api.writes() == before


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


def test_a_worker_recorded_as_left_or_dead_is_not_filed_a_serving_one_is(api: Api) -> None:
    """[G] 一 「“上海工匠”面向全市各行各业在职职工」: a person whose record says 离职 or 已故 is
    refused beside 申报人, citing the year's notice, nothing written (before: filed and sent to
    the district's qualification check); the same unit's worker in service is filed."""
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        left = local_craftsman(u, api.tree, "离职师傅")
        left.employment_status = EmploymentStatus.LEFT
        dead = local_craftsman(u, api.tree, "已故师傅")
        dead.employment_status = EmploymentStatus.DECEASED
        serving = local_craftsman(u, api.tree, "在职师傅")
        u.commit()
        ids = {"离职": left.id, "已故": dead.id}
        serving_id = serving.id
    sel = api.own.craftsman_selection
    year = next(s["year"] for s in c.get(BASE, headers=unit).json() if s["id"] == sel)
    before = api.writes()
    for label, person_id in ids.items():
        body = craftsman_form(person_id)  # 个人自荐, as every channel
        refused = c.post(f"{BASE}/{sel}/applications", headers=unit, json=body)
        assert refused.status_code == 422, refused.text
        problem = next(
            p for p in refused.json()["error"]["problems"] if p["code"] == "not_in_service"
        )
        assert problem["field"] == "person_id"
        assert problem["message"] == (
            f"“上海工匠”面向在职职工，申报人登记为{label}，不能申报"
            f"（《关于开展{year}年度“上海工匠”培养选树工作的通知》一）"
        )
    assert api.writes() == before
    filed = c.post(f"{BASE}/{sel}/applications", headers=unit, json=craftsman_form(serving_id))
    assert filed.status_code == 201, filed.text


def test_no_stage_is_passed_for_an_applicant_recorded_dead_since_filing(api: Api) -> None:
    """[G] 一: an applicant recorded 已故 after filing is not passed at the next stage (the title
    would go to a person who is no 在职职工): refused beside 结果, citing the year's notice,
    nothing written; the district closes it as not passed."""
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "申报后故去师傅").id
        u.commit()
    sel = api.own.craftsman_selection
    year = next(s["year"] for s in c.get(BASE, headers=unit).json() if s["id"] == sel)
    filed = c.post(f"{BASE}/{sel}/applications", headers=unit, json=craftsman_form(person_id))
    assert filed.status_code == 201, filed.text
    app_id = filed.json()["id"]
    with api.uow() as u:
        person = u.session.get(Person, person_id)
        assert person is not None
        person.employment_status = EmploymentStatus.DECEASED
        u.commit()
    url = f"{BASE}/applications/{app_id}/stages"
    body = {
        "stage": "qualification",
        "passed": True,
        "opinion": "同意",
        "signer": "审核人",
        "decided_on": TODAY.isoformat(),
        "interview_passed": True,
    }
    before = api.writes()
    refused = c.post(url, headers=district, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("passed", "not_in_service")
    assert problem["message"] == (
        "“上海工匠”面向在职职工，申报人现登记为已故，本环节不能通过，请作不通过办理"
        f"（《关于开展{year}年度“上海工匠”培养选树工作的通知》一）"
    )
    assert api.writes() == before
    closed = c.post(url, headers=district, json=body | {"passed": False, "opinion": "申报人已故"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "not_selected"
