"""The API says how long a text may be as its rule takes it: a client built from the OpenAPI
schema was told 5000 characters for a 附件3 request's 申请原因具体情况 (taken: 2000), a step
opinion (4000) and an expenditure's 用途说明 (2000), and learned the limit only from a refusal."""

from __future__ import annotations

from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

_STAGES = "/api/v1/craftsman-selections/applications/{craftsman_application_id}/stages"
# (the path, its method, the body field, the longest text the rule takes)
DECLARED = [
    ("/api/v1/designations/{designation_id}/change-requests", "reason_details", 2000),
    ("/api/v1/change-requests/{request_id}/resubmit", "reason_details", 2000),
    ("/api/v1/change-requests/{request_id}/unit", "opinion", 4000),
    ("/api/v1/change-requests/{request_id}/district", "opinion", 4000),
    ("/api/v1/change-requests/{request_id}/city", "opinion", 4000),
    ("/api/v1/designations/{designation_id}/expenditures", "description", 2000),
    ("/api/v1/expenditures/{expenditure_id}/correction", "description", 2000),
    # A 考核 step's 考核意见, an audit finding's 处理说明, a workshop's 简介 (5000 declared before).
    ("/api/v1/designations/{designation_id}/assessments", "opinion", 4000),
    ("/api/v1/findings/{finding_id}/resolution", "note", 2000),
    ("/api/v1/workshops", "description", 2000),
    ("/api/v1/inspections/{inspection_id}/outcome", "summary", 2000),
    # 上海工匠: 附件1's 工匠精神 (100字以内), 个人自述 (300–700字); a stage's 审核意见, 公示异议.
    ("/api/v1/craftsman-selections/{selection_id}/applications", "understanding", 100),
    ("/api/v1/craftsman-selections/{selection_id}/applications", "statement", 700),
    (f"{_STAGES}", "opinion", 2000),
    (f"{_STAGES}", "objections", 2000),
    ("/api/v1/intake/applications/{intake_id}/steps", "consent", 2000),
]


def _body_schema(spec: dict, path: str) -> dict:
    ref = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]


def test_the_schema_declares_the_length_each_rule_takes(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    for path, field, longest in DECLARED:
        declared = _body_schema(spec, path)["properties"][field]
        lengths = [declared.get("maxLength")] + [
            a.get("maxLength") for a in declared.get("anyOf", [])
        ]
        assert longest in lengths, (path, field, declared)


def _refused_on(got, field: str, message: str) -> None:
    assert got.status_code == 422, got.text
    error = got.json()["error"]
    problems = {p["field"]: p["message"] for p in error["problems"]}
    assert field in problems, got.text
    assert message in error["message"], got.text


def test_a_text_one_over_the_limit_is_refused_on_its_field_and_the_limit_is_taken(api: Api) -> None:
    client = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    spend = {
        "spent_on": "2026-10-20",
        "amount_yuan": "120.00",
        "payee": "某书店",
        "category": "books",
        "receipt_ref": "FP-1",
    }
    url = f"/api/v1/designations/{api.own.designation}/expenditures"
    before = api.writes()
    too_long = client.post(url, headers=unit, json={**spend, "description": "书" * 2001})
    _refused_on(too_long, "description", "用途说明不能超过2000个字符")
    assert api.writes() == before
    taken = client.post(url, headers=unit, json={**spend, "description": "书" * 2000})
    assert taken.status_code == 201, taken.text
    assert len(taken.json()["description"]) == 2000

    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        u.commit()
        d_id = d.id
    district = api.callers[Role.DISTRICT_OFFICER].headers
    filing = {
        "reason": "other",
        "measure": "exit_keeping_title",
        "filed_on": "2026-11-02",
    }
    url = f"/api/v1/designations/{d_id}/change-requests"
    before = api.writes()
    too_long = client.post(url, headers=district, json={**filing, "reason_details": "外" * 2001})
    _refused_on(too_long, "reason_details", "申请原因具体情况不能超过2000个字符")
    assert api.writes() == before
    filed = client.post(url, headers=district, json={**filing, "reason_details": "外" * 2000})
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]

    step = f"/api/v1/change-requests/{request_id}/unit"
    decision = {"decision": "approve", "decided_on": "2026-11-03", "signer": "签署人"}
    before = api.writes()
    too_long = client.post(step, headers=unit, json={**decision, "opinion": "同" * 4001})
    _refused_on(too_long, "opinion", "不能超过4000个字符")
    assert api.writes() == before
    decided = client.post(step, headers=unit, json={**decision, "opinion": "同" * 4000})
    assert decided.status_code == 200, decided.text


def test_a_workshops_description_is_taken_to_its_rules_limit(api: Api) -> None:
    client = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        shop = u.workshops.get(api.own.workshop, EVERYTHING)
        assert shop is not None
        leader = shop.leader_person_id
    new = {
        "name": "简介创新工作室",
        "host_unit_name": "某公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": api.own.unit,
        "founded_on": "2021-01-01",
        "leader_person_id": leader,
    }
    before = api.writes()
    too_long = client.post(
        "/api/v1/workshops", headers=unit, json=new | {"description": "简" * 2001}
    )
    _refused_on(too_long, "description", "简介不能超过2000个字符")
    assert api.writes() == before
    taken = client.post("/api/v1/workshops", headers=unit, json=new | {"description": "简" * 2000})
    assert taken.status_code == 201, taken.text
    url = f"/api/v1/workshops/{taken.json()['id']}"
    again = client.patch(url, headers=unit, json={"description": "简" * 2001, "reason": "补充"})
    _refused_on(again, "description", "简介不能超过2000个字符")
