"""上海工匠 over JSON: stages by level, masked lists, the income survey, 附件3 [G]."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifecycle.craftsman_title import service as svc
from lifecycle.persons.model import Person
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import EmploymentStatus, Honour, Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import (
    TODAY,
    local_craftsman,
)

BASE = "/api/v1/craftsman-selections"
# A self-applicant's 资格审查 (the city's) records the district union's opinion [G] 三（一）.
OPINION = {"district_opinion": "同意推荐", "district_opinion_on": "2026-11-11"}
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
    # A self-applicant's qualification check is the city's [G] 三（一）; the district may not.
    wrong = api.client.post(path, headers=district, json=_decide("qualification", "2026-11-12"))
    assert wrong.status_code == 403
    assert "由上海工匠培养选树申报办公室（市总工会）办理" in wrong.json()["error"]["message"]
    qualify = _decide("qualification", "2026-11-12") | OPINION
    no_interview = api.client.post(path, headers=city, json=qualify)
    assert no_interview.status_code == 422
    assert "海选面试" in no_interview.json()["error"]["message"]
    ok = api.client.post(path, headers=city, json=qualify | {"interview_passed": True})
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
    # The title carries its 授予依据, the selection's own record [G] 三（五）、四 (before: none).
    person = api.client.get(f"/api/v1/persons/{person_id}", headers=city).json()
    (title,) = [h for h in person["honours"] if h["honour"] == "shanghai_craftsman"]
    assert title["reference"] == (
        "2026年度“上海工匠”选树社会公示（2026年11月16日至2026年11月19日）期满，"
        f"2026年11月20日授予（本系统选树申报第{app['id']}号）"
    )


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


def _problems(response: Any) -> dict[str, dict[str, str]]:
    return {p["field"]: p for p in response.json()["error"]["problems"]}


def test_stages_run_in_order_never_ahead_and_the_title_follows_the_ended_notice(
    api: Api,
) -> None:
    """The demo's defect: stages dated before the previous one, the notice in the future."""
    city = api.callers[Role.CITY_OFFICER].headers
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "顺序师傅").id
        u.commit()
    sel = api.own.craftsman_selection
    app = api.client.post(
        f"{BASE}/{sel}/applications", headers=contact, json=craftsman_form(person_id)
    ).json()
    path = f"{BASE}/applications/{app['id']}/stages"
    qualify = _decide("qualification", "2026-11-12") | {"interview_passed": True} | OPINION
    assert api.client.post(path, headers=city, json=qualify).status_code == 200  # [G] 三（一）
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
    year = next(s["year"] for s in c.get(BASE, headers=unit).json()["items"] if s["id"] == sel)
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
    nothing written; the city, whose check a self-application's is [G] 三（一）, closes it as
    not passed."""
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    city = api.callers[Role.CITY_OFFICER].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "申报后故去师傅").id
        u.commit()
    sel = api.own.craftsman_selection
    year = next(s["year"] for s in c.get(BASE, headers=unit).json()["items"] if s["id"] == sel)
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
        **OPINION,
    }
    before = api.writes()
    refused = c.post(url, headers=city, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("passed", "not_in_service")
    assert problem["message"] == (
        "“上海工匠”面向在职职工，申报人现登记为已故，本环节不能通过，请作不通过办理"
        f"（《关于开展{year}年度“上海工匠”培养选树工作的通知》一）"
    )
    assert api.writes() == before
    closed = c.post(url, headers=city, json=body | {"passed": False, "opinion": "申报人已故"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "not_selected"


def test_an_overlong_understanding_is_refused_with_its_count(api: Api) -> None:
    """附件1 「对“工匠精神”的理解（100字以内）」: the refusal says how many were typed, as the
    个人自述's does (before: 「…应在100字以内」 alone)."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "理解师傅").id
        u.commit()
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    before = api.writes()
    refused = api.client.post(
        url, headers=contact, json=craftsman_form(person_id, understanding="精" * 101)
    )
    assert refused.status_code == 422, refused.text
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert problems["understanding"] == "对“工匠精神”的理解应在100字以内，现为101字"
    assert api.writes() == before
    taken = api.client.post(
        url, headers=contact, json=craftsman_form(person_id, understanding="精" * 100)
    )
    assert taken.status_code == 201, taken.text
