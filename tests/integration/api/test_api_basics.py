"""The JSON API's envelope: pagination with totals, filters, masked ID cards, one error shape."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api


def test_designations_page_counts_and_filters_inside_the_subtree(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    page = api.client.get("/api/v1/designations?limit=1", headers=officer.headers).json()
    assert page["total"] == 2  # the Yangpu title and the 上海工匠 title of the same unit
    assert page["limit"] == 1
    assert [d["id"] for d in page["items"]] == [api.own.designation]
    city = api.callers[Role.CITY_OFFICER]
    everything = api.client.get("/api/v1/designations", headers=city.headers).json()
    assert {api.own.designation, api.other.designation} <= {d["id"] for d in everything["items"]}
    under_other = api.client.get(
        f"/api/v1/designations?under={api.other.district}&status=rectifying", headers=city.headers
    ).json()
    assert [d["id"] for d in under_other["items"]] == [api.other.designation]


def test_person_id_card_is_only_ever_masked(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    body = api.client.get(f"/api/v1/persons/{api.own.person}", headers=officer.headers).json()
    assert "id_card_number" not in body
    assert set(body) >= {"id_card_masked", "honours"}


def test_errors_share_one_shape_with_code_message_and_field(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    bad = api.client.post(
        f"/api/v1/designations/{api.own.designation}/assessments",
        # A year's range is its rule's (reading IN1); a year that is no number is the schema's.
        json={"year": "一九", "step": "nonsense", "passed": True, "decided_on": "not-a-date"},
        headers=officer.headers,
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "validation_failed"
    fields = {p["field"] for p in error["problems"]}
    assert fields == {"year", "step", "decided_on", "signer", "opinion"}
    missing = api.client.get("/api/v1/designations/999999", headers=officer.headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    anonymous = api.client.get("/api/v1/designations")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    truncated = api.client.post(
        f"/api/v1/designations/{api.own.designation}/assessments",
        content=b'{"year": 2026, "st',
        headers={**officer.headers, "content-type": "application/json"},
    )
    assert truncated.status_code == 422
    broken = truncated.json()["error"]
    assert broken["field"] == "body"
    assert broken["problems"][0]["code"] == "json_invalid"
    assert broken["message"] == "请求内容不是有效的 JSON"


def test_notice_pdf_and_html_are_served_in_scope(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    pdf = api.client.get(f"/api/v1/notices/{api.own.notice}/pdf", headers=officer.headers)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    html = api.client.get(f"/api/v1/notices/{api.own.notice}/html", headers=officer.headers)
    assert "整改" in html.text
    other = api.client.get(f"/api/v1/notices/{api.other.notice}/pdf", headers=officer.headers)
    assert other.status_code == 404


def test_a_failed_inspection_names_the_notice_it_issued(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    failed = api.client.get(f"/api/v1/inspections/{api.own.inspection}", headers=officer.headers)
    assert failed.status_code == 200
    assert failed.json()["issued_notice_id"] == api.own.notice
    assert failed.json()["notice_id"] is None  # a cycle-end inspection checks no earlier notice
    notice = api.client.get(f"/api/v1/notices/{api.own.notice}", headers=officer.headers)
    assert notice.json()["inspection_id"] == api.own.inspection


def test_designations_page_by_key_as_they_do_by_offset(api: Api) -> None:
    from tests import factories as f

    with api.uow() as u:
        for _ in range(4):
            f.named_designation(u, api.tree)
        u.commit()
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    everything = api.client.get("/api/v1/designations?limit=500", headers=officer).json()
    by_offset = [d["id"] for d in everything["items"]]
    assert len(by_offset) == everything["total"] >= 6
    assert everything["next_after"] is None  # one page holds them all
    by_key: list[int] = []
    after = None
    while True:
        params = {"limit": 2, **({"after": after} if after is not None else {})}
        page = api.client.get("/api/v1/designations", params=params, headers=officer).json()
        assert page["total"] == len(by_offset) - len(by_key)  # counted from this page on
        by_key += [d["id"] for d in page["items"]]
        after = page["next_after"]
        if after is None:
            break
        assert after == by_key[-1]
    assert by_key == by_offset
    refused = api.client.get("/api/v1/designations?after=-1", headers=officer)
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"][0]["field"] == "after"


def test_a_misspelt_field_and_a_control_character_are_refused_by_field(api: Api) -> None:
    """A field the route does not take is named (before, a misspelt one changed nothing and
    answered 200); text with a control character (NUL: PostgreSQL cannot store it) is refused on
    its field rather than as an unnamed database refusal; nothing is written."""
    officer = api.callers[Role.DISTRICT_OFFICER]
    before = api.writes()
    bad = api.client.post(
        f"/api/v1/designations/{api.own.designation}/assessments",
        json={"year": 2026, "step": "district", "passed": True, "decided_on": "2026-06-01",
              "signer": "\x00王主席", "opinion": "合格", "opinon": "合格"},
        headers=officer.headers,
    )  # fmt: skip
    assert bad.status_code == 422, bad.text
    problems = {p["field"]: (p["code"], p["message"]) for p in bad.json()["error"]["problems"]}
    assert problems == {
        "signer": ("control_character", "不能包含控制字符"),
        "opinon": ("extra_forbidden", "不接受此字段"),
    }
    admin = api.callers[Role.ADMIN]
    patch = api.client.patch(
        f"/api/v1/users/{api.own.user}", json={"emial": "x@example.cn"}, headers=admin.headers
    )
    assert patch.status_code == 422, patch.text
    assert patch.json()["error"]["field"] == "emial"
    assert api.writes() == before


def test_a_length_or_range_refusal_names_its_limit(api: Api) -> None:
    """As the pages word it (「不能超过200个字符」), not a bare 「过长」 or 「过大」."""
    unit = api.callers[Role.UNIT_CONTACT]
    workshop = api.client.get(
        f"/api/v1/designations/{api.own.designation}", headers=unit.headers
    ).json()["workshop_id"]
    before = api.writes()
    bad = api.client.post(
        f"/api/v1/workshops/{workshop}/ledger/activities",
        json={"held_on": "2026-11-20", "title": "活" * 301, "participants": 1_000_001,
              "description": ""},
        headers=unit.headers,
    )  # fmt: skip
    assert bad.status_code == 422, bad.text
    problems = {p["field"]: (p["code"], p["message"]) for p in bad.json()["error"]["problems"]}
    assert problems == {
        "title": ("string_too_long", "不能超过300个字符"),
        "participants": ("less_than_equal", "不能大于10000"),
    }
    empty = api.client.post(
        f"/api/v1/workshops/{workshop}/ledger/activities",
        json={"held_on": "2026-11-20", "title": "", "participants": -1},
        headers=unit.headers,
    )
    problems = {p["field"]: p["message"] for p in empty.json()["error"]["problems"]}
    assert problems == {"title": "不能为空", "participants": "不能小于0"}
    assert api.writes() == before


def test_a_refusal_for_the_role_says_which_roles_may_act(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT]
    refused = api.client.post(
        f"/api/v1/designations/{api.own.designation}/grants",
        json={"kind": "one_off", "approval_ref": "杨工〔2026〕1号", "approved_on": "2026-11-01"},
        headers=unit.headers,
    )
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "forbidden"
    assert error["message"] == "基层单位联系人无权办理此事项，须由财务人员办理"


def test_a_street_unions_officer_is_refused_by_their_unions_level(api: Api) -> None:
    """A district officer bound to a 行业、街镇、直属工会 is named as that union's officer."""
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.sector.id)
        token = issue_token(u, principal, "测试", NOW).plaintext
        u.commit()
    refused = api.client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "forbidden"
    assert error["message"] == "行业、街镇、直属工会干部无权办理此事项，须由系统管理员办理"
