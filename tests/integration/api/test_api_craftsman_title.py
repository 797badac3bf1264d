"""上海工匠 over JSON: stages by level, masked lists, the income survey, 附件3 [G]."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.audit.model import AuditEntry
from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour, Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import ADDRESS, PHONE, local_craftsman

BASE = "/api/v1/craftsman-selections"
STAGES = (
    ("expert_review", "2024-08-20", {}),
    ("release_review", "2024-09-10", {}),
    ("city_approval", "2024-09-25", {"credit_check_passed": True}),
    (
        "public_notice",
        "2024-10-15",
        {"notice_from": "2024-09-28", "notice_to": "2024-10-12", "objections": "无"},
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
    wrong = api.client.post(path, headers=city, json=_decide("qualification", "2024-07-20"))
    assert wrong.status_code == 403
    assert "资格审查由申请人所在区局（产业）工会办理" in wrong.json()["error"]["message"]
    qualify = _decide("qualification", "2024-07-20")
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
    assert (Honour.SHANGHAI_CRAFTSMAN, 2024) in held


def test_a_self_application_on_07_16_is_refused_naming_the_window(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "迟到师傅").id
        u.commit()
    before = api.writes()
    late = craftsman_form(person_id, applied_on="2024-07-16")
    refused = api.client.post(
        f"{BASE}/{api.own.craftsman_selection}/applications", headers=contact, json=late
    )
    assert refused.status_code == 422
    problems = {p["code"]: p for p in refused.json()["error"]["problems"]}
    assert problems["outside_self_window"]["field"] == "applied_on"
    assert "二（三）" in problems["outside_self_window"]["message"]
    assert api.writes() == before


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
            assert "12000" not in text
            assert "138****5678" in text
    survey = f"{BASE}/applications/{app}/income-survey"
    assert api.client.get(survey, headers=api.callers[Role.CITY_OFFICER].headers).json() == {
        "monthly_income_yuan": 12000,
        "level": "较高",
        "willing": True,
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
            assert "12000" not in text


def test_the_statistics_workbook_counts_equal_independent_counts(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    sel = api.own.craftsman_selection
    with api.uow() as u:
        svc.record_local_selection(
            u,
            svc.RecordLocal(
                sel, union_id=api.tree.district.id, participants=150, local_craftsmen=9
            ),
            recording_union_id=api.tree.district.id,
            scope=EVERYTHING,
        )
        svc.record_local_selection(
            u,
            svc.RecordLocal(sel, association_name="上海市焊接协会", participants=40),
            recording_union_id=api.tree.city.id,
            scope=EVERYTHING,
        )
        apps = svc.repo(u).applications(sel, EVERYTHING)
        expected: dict[str, tuple[int, int, int]] = {}
        for a in apps:
            name = u.unions.get(a.district_union_id, EVERYTHING).name
            recommended, own, granted = expected.get(name, (0, 0, 0))
            expected[name] = (
                recommended + (a.channel != "self"),
                own + (a.channel == "self"),
                granted + (a.status == "granted"),
            )
        u.commit()
    response = api.client.get(f"{BASE}/{sel}/statistics.xlsx", headers=city)
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws.cell(1, 1).value.startswith("2024年度")
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    for name, (recommended, own, granted) in expected.items():
        assert rows[name][4:7] == (recommended, own, granted)
    assert rows["杨浦区总工会"][1:4] == ("是", 150, 9)
    assert rows["上海市焊接协会"][1:5] == ("是", 40, 0, 0)
    # A district officer reads its own district's sheet only; the city-wide sheet is refused.
    district = api.callers[Role.DISTRICT_OFFICER].headers
    assert api.client.get(f"{BASE}/{sel}/statistics.xlsx", headers=district).status_code == 403
    own = api.client.get(f"{BASE}/{sel}/unions/{api.own.unit}/statistics.xlsx", headers=district)
    names = [
        r[0]
        for r in load_workbook(BytesIO(own.content)).active.iter_rows(min_row=3, values_only=True)
    ]
    assert names == ["杨浦区总工会"]
    other = api.client.get(
        f"{BASE}/{sel}/unions/{api.other.unit}/statistics.xlsx", headers=district
    )
    assert other.status_code == 404


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
