"""Intake over /api/v1: the Yangpu route by token, each stage by its union, JSON refusals [Y7]."""

from __future__ import annotations

from datetime import date

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import craftsman_form, model_worker_form, yangpu_form
from tests.integration.api.conftest import NOW, Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call


def _bearer(api: Api, role: Role, union_id: int) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, role, union_id)
        token = issue_token(u, principal, "申报", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def test_yangpu_route_over_the_api(api: Api) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        u.commit()
        shop_id = shop.id
    forms = c.get("/api/v1/intake/forms", headers=unit).json()
    yangpu = next(x for x in forms if x["scheme"] == "yangpu-district")
    assert [s["code"] for s in yangpu["route"]] == ["unit", "sector", "panel", "council"]
    call_id = yangpu_2027_call(api)
    created = c.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": {**yangpu_form(), "has_rules": False}},
    )
    assert created.status_code == 201, created.text
    app_id = created.json()["id"]
    refused = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert refused.status_code == 422
    problems = refused.json()["error"]["problems"]
    assert [p["field"] for p in problems] == ["eligibility.venue_and_rules"]
    assert "第三条" in problems[0]["message"]
    fixed = c.put(
        f"/api/v1/intake/applications/{app_id}/form",
        headers=unit,
        json={"form": yangpu_form()},
    )
    assert fixed.status_code == 200
    counts = {x["name"]: x for x in fixed.json()["counts"]}
    assert counts["introduction"]["count"] == 900
    assert counts["introduction"]["guide"] == 800
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.json()["stage_label"] == "单位工会推荐（经本单位党政同意）"

    def step(headers: dict[str, str], stage: str, **more: object):  # type: ignore[no-untyped-def]
        body = {"stage": stage, "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
        return c.post(
            f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json={**body, **more}
        )

    assert step(unit, "unit").json()["error"]["field"] == "consent"
    assert step(unit, "unit", consent="党政联席会议同意").status_code == 200
    wrong = step(district, "sector")
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "not_your_step"
    assert step(sector, "sector").status_code == 200
    assert step(district, "panel").json()["application"]["stage"] == "council"
    named = c.post(
        f"/api/v1/intake/calls/{call_id}/naming",
        headers=district,
        json={
            "application_ids": [app_id],
            "document_ref": "杨工〔2026〕30号",
            "decided_on": "2026-11-21",
            "signer": "主席办公会议",
        },
    )
    assert named.status_code == 201, named.text
    (one,) = named.json()["named"]
    assert one["grant_fen"] == 1_000_000
    assert one["first_occasion_kind"] == "cycle_inspection"
    assert one["first_occasion_due_on"] == "2029-11-21"
    history = c.get(f"/api/v1/intake/applications/{app_id}/history", headers=unit).json()["items"]
    assert [h["action"] for h in history] == ["submit", "approve", "approve", "approve", "name"]
    designation = c.get(f"/api/v1/designations/{one['designation_id']}", headers=unit).json()
    assert designation["status"] == "named"
    # The title keeps the day the unit submitted it [Y7] (before: no 申报日期 at all).
    assert designation["applied_on"] == sent.json()["application"]["submitted_on"] == "2026-11-21"
    # Another district's officer sees nothing of it.
    other = _bearer(api, Role.DISTRICT_OFFICER, api.tree.other_district.id)
    assert c.get(f"/api/v1/intake/applications/{app_id}", headers=other).status_code == 404


def test_the_council_refuses_to_name_over_the_api_and_a_second_application_waits(api: Api) -> None:
    """主席办公会议 may decide 不予命名 with a reason [Y7]; one application per team and scheme."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    calls = [
        c.post(
            "/api/v1/intake/calls",
            headers=district,
            json={
                "scheme": "yangpu-district",
                "year": year,
                "title": f"{year}年度杨浦区创新工作室申报",
                "opens_on": opens_on,
                "deadline": "2026-12-20",
            },
        ).json()["id"]
        # 2026's call is the world's own; a late 2025 round and the 2027 round are open too.
        for year, opens_on in ((2025, "2025-11-01"), (2027, "2026-11-01"))
    ]
    apps = [
        c.post(
            f"/api/v1/intake/calls/{call_id}/applications",
            headers=unit,
            json={"workshop_id": shop_id, "form": yangpu_form()},
        ).json()["id"]
        for call_id in calls
    ]
    app_id = apps[0]
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.status_code == 200, sent.text
    second = c.post(f"/api/v1/intake/applications/{apps[1]}/submit", headers=unit, json={})
    assert second.status_code == 422
    problem = next(p for p in second.json()["error"]["problems"] if p["field"] == "workshop_id")
    assert problem["code"] == "already_in_review"
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条" in problem["message"]

    def step(headers: dict[str, str], stage: str, **more: object):  # type: ignore[no-untyped-def]
        body = {"stage": stage, "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
        return c.post(
            f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json={**body, **more}
        )

    assert step(unit, "unit", consent="党政联席会议同意").status_code == 200
    assert step(sector, "sector").status_code == 200
    at_council = step(district, "panel").json()
    assert (at_council["application"]["stage"], at_council["actions"]) == ("council", ["reject"])
    bare = step(district, "council", action="reject", opinion=" ")
    assert bare.status_code == 422
    assert bare.json()["error"]["problems"][0]["field"] == "opinion"
    approved = step(district, "council").json()["error"]
    assert approved["code"] == "action_not_allowed"
    # Naming is the call's decision, one 文号 for many: the refusal says where it is done.
    assert approved["message"] == (
        "「区总工会主席办公会议审定」在申报通知页的命名决定中办理（一个文号命名多个），"
        "此处只能作“不予命名”"
    )
    refused = step(district, "council", action="reject", opinion="评审得分未达命名标准")
    assert refused.status_code == 200, refused.text
    body = refused.json()
    assert (body["application"]["status"], body["application"]["stage"], body["actions"]) == (
        "rejected",
        None,
        [],
    )
    history = c.get(f"/api/v1/intake/applications/{app_id}/history", headers=unit).json()["items"]
    assert (history[-1]["stage"], history[-1]["action"], history[-1]["opinion"]) == (
        "council",
        "reject",
        "评审得分未达命名标准",
    )
    # Decided: the team's application to the next year's call may now go in.
    again = c.post(f"/api/v1/intake/applications/{apps[1]}/submit", headers=unit, json={})
    assert again.status_code == 200, again.text


def test_a_naming_over_the_api_continues_the_schemes_series_after_its_highest_number(
    api: Api,
) -> None:
    """The register holds 杨浦 2026-024 and 026: the decision numbers 杨浦 2026-027 [Y7]."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shops = [f.workshop(u, api.tree).id for _ in range(3)]
        u.commit()
    for shop_id, number in zip(shops, ("杨浦 2026-024", "杨浦 2026-026"), strict=False):
        recorded = c.post(
            "/api/v1/designations/existing",
            headers=district,
            json={
                "workshop_id": shop_id,
                "scheme": "yangpu-district",
                "title": "既有工作室",
                "number": number,
                "naming_date": "2026-03-01",
                "decision_ref": "杨工〔2026〕3号",
            },
        )
        assert recorded.status_code == 201, recorded.text
    call_id = yangpu_2027_call(api)
    app_id = drafted(api, call_id, shops[2])
    assert c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={}).is_success
    for headers, stage, more in (
        (unit, "unit", {"consent": "党政联席会议同意"}),
        (sector, "sector", {}),
        (district, "panel", {}),
    ):
        body = {"stage": stage, "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
        done = c.post(
            f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json=body | more
        )
        assert done.status_code == 200, done.text
    named = c.post(
        f"/api/v1/intake/calls/{call_id}/naming",
        headers=district,
        json={
            "application_ids": [app_id],
            "document_ref": "杨工〔2026〕30号",
            "decided_on": "2026-11-21",
            "signer": "主席办公会议",
        },
    )
    assert named.status_code == 201, named.text
    assert named.json()["named"][0]["number"] == "杨浦 2026-027"


def test_a_call_year_outside_its_window_is_refused_and_the_deadline_check_cites_its_article(
    api: Api,
) -> None:
    """A call's 年度 fits its window (reading I4); the batch's deadline check cites the article
    the deadline rests on, not the call's title [S7]."""
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    body = {
        "scheme": "shanghai-model-worker",
        "year": 2019,
        "title": "2026年度上海市劳模创新工作室",
        "opens_on": "2026-10-01",
        "deadline": "2026-12-20",
    }
    refused = c.post("/api/v1/intake/calls", headers=city, json=body)
    assert refused.status_code == 422
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("year", "outside_window")
    assert "年度应为2026、2027年" in problem["message"]
    call = c.post("/api/v1/intake/calls", headers=city, json=body | {"year": 2026})
    assert call.status_code == 201, call.text
    with api.uow() as u:
        source = f.named_designation(
            u, api.tree, naming_union=api.tree.district, naming_date=date(2024, 3, 1)
        )
        u.commit()
        shop_id = source.workshop_id
    app_id = c.post(
        f"/api/v1/intake/calls/{call.json()['id']}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": model_worker_form()},
    ).json()["id"]
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.json()["application"]["stage"] == "recommend", sent.text
    batch = c.post(
        f"/api/v1/intake/applications/{app_id}/batch", headers=district, json={"rank": 1}
    )
    assert batch.status_code == 200, batch.text
    articles = {x["rule"]: x["article"] for x in batch.json()["checks"]}
    assert articles["within_window"] == "《上海市“劳模创新工作室”管理办法（修订）》第七条"


def test_a_call_whose_deadline_has_passed_is_refused_at_publishing(api: Api) -> None:
    """Reading P36f: the API's clock is 2026-11-21; a deadline before it is refused on the
    field, nothing written."""
    city = api.callers[Role.CITY_OFFICER].headers
    body = {
        "scheme": "shanghai-model-worker",
        "year": 2026,
        "title": "2026年度上海市劳模创新工作室",
        "opens_on": "2026-10-01",
        "deadline": "2026-11-20",
    }
    before = api.writes()
    refused = api.client.post("/api/v1/intake/calls", headers=city, json=body)
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"] == [
        {
            "field": "deadline",
            "code": "deadline_passed",
            "message": "截止日期（2026年11月20日）已过，不能发布已截止的申报通知；"
            "截止日期应不早于今天（2026年11月21日）",
        }
    ]
    assert api.writes() == before


def test_a_step_or_the_naming_dated_before_the_previous_step_is_refused(api: Api) -> None:
    """An application's history runs forward [Y7]: no opinion dated before the step that brought
    it to its stage, no naming decision dated before the panel's opinion; nothing written."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    call_id = yangpu_2027_call(api)
    app_id = drafted(api, call_id, shop_id)
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.status_code == 200, sent.text
    submitted_on = c.get(f"/api/v1/intake/applications/{app_id}", headers=unit).json()[
        "application"
    ]["submitted_on"]
    assert submitted_on == "2026-11-21"

    def step(headers: dict[str, str], stage: str, on: str, **more: object):  # type: ignore[no-untyped-def]
        body = {"stage": stage, "action": "approve", "decided_on": on, "signer": "签", **more}
        return c.post(f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json=body)

    early = step(unit, "unit", "2026-11-20", consent="党政联席会议同意")
    assert early.status_code == 422
    assert early.json()["error"]["problems"] == [
        {
            "field": "decided_on",
            "code": "before_submission",
            "message": "办理日期不能早于提交日期（2026年11月21日）",
        }
    ]
    assert step(unit, "unit", "2026-11-21", consent="党政联席会议同意").status_code == 200
    assert step(sector, "sector", "2026-11-21").status_code == 200
    assert step(district, "panel", "2026-11-21").status_code == 200

    def name(on: str):  # type: ignore[no-untyped-def]
        return c.post(
            f"/api/v1/intake/calls/{call_id}/naming",
            headers=district,
            json={
                "application_ids": [app_id],
                "document_ref": "杨工〔2026〕31号",
                "decided_on": on,
                "signer": "主席办公会议",
            },
        )

    backdated = name("2026-11-20")
    assert backdated.status_code == 422
    assert backdated.json()["error"]["problems"] == [
        {
            "field": "decided_on",
            "code": "before_previous_step",
            "message": "审定日期不能早于「区总工会评审小组评审」的办理日期（2026年11月21日）",
        }
    ]
    waiting = c.get(f"/api/v1/intake/applications/{app_id}", headers=unit).json()["application"]
    assert (waiting["status"], waiting["stage"], waiting["designation_id"]) == (
        "in_review",
        "council",
        None,
    )
    assert name("2026-11-21").status_code == 201


def test_an_age_on_an_application_form_is_a_persons_age(api: Api) -> None:
    """On the 上海市工匠创新工作室 form, the leader's 年龄 of 300 and a member's of 12 are refused
    beside their fields, in the draft, nothing written; 16 to 100 is taken."""
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    body = {"scheme": "shanghai-craftsman", "year": 2026, "title": "2026年度上海市工匠创新工作室"}
    call = c.post(
        "/api/v1/intake/calls",
        headers=city,
        json=body | {"opens_on": "2026-10-01", "deadline": "2026-12-20"},
    )
    assert call.status_code == 201, call.text
    applications = f"/api/v1/intake/calls/{call.json()['id']}/applications"
    form = craftsman_form()
    wrong = {
        **form,
        "leader_age": 300,
        "members": [{**form["members"][0], "age": 12}, *form["members"][1:]],
    }
    before = api.writes()
    refused = c.post(applications, headers=unit, json={"workshop_id": shop_id, "form": wrong})
    assert refused.status_code == 422, refused.text
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert problems == {
        "leader_age": "年龄应为16至100之间的整数",
        "members.0.age": "工作室其他成员情况第1行：年龄应为16至100之间的整数",
    }
    assert api.writes() == before
    right = {**wrong, "leader_age": 100, "members": form["members"]}
    created = c.post(applications, headers=unit, json={"workshop_id": shop_id, "form": right})
    assert created.status_code == 201, created.text
