"""「所在单位工会、区局（产业）工会每年期末应对劳模创新工作室进行管理考核」 [S9], over the JSON API
on both backends: a title named in October owes the 考核 of its naming year (reading D1a), so the
district's 摘牌 application of that year reaches the city's 待办, and only the city decides it;
a step of a year's 考核 is dated at the year's end, not before its last quarter (reading D1b)."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _title(api: Api, named: date) -> int:
    with api.uow() as u:
        d = f.named_designation(u, api.tree, scheme="shanghai-model-worker", naming_date=named)
        u.commit()
        return d.id


def _step(api: Api, designation_id: int, role: Role, step: str, passed: bool, on: str, **extra):
    body = {"year": 2026, "step": step, "passed": passed, "decided_on": on,
            "signer": "李主席", "opinion": "按第三条逐项考核", **extra}  # fmt: skip
    return api.client.post(
        f"/api/v1/designations/{designation_id}/assessments",
        json=body,
        headers=api.callers[role].headers,
    )


def _owed(api: Api, designation_id: int) -> list[tuple[str, str, int, str]]:
    """The title's 考核 items on the calendar of its district (as the city reads it): due date,
    title, the union that must act, status."""
    page = api.client.get(
        "/api/v1/occasions",
        params={"union_id": api.tree.district.id, "kind": "annual_assessment",
                "from": "2026-01-01", "to": "2026-12-31"},
        headers=api.callers[Role.CITY_OFFICER].headers,
    )  # fmt: skip
    assert page.status_code == 200, page.text
    items = page.json()["items"]
    return [
        (o["due_on"], o["title"], o["union_id"], o["status"])
        for o in items
        if o["designation_id"] == designation_id
    ]


def test_a_title_named_in_october_owes_its_naming_years_assessment_up_to_the_citys_decision(
    api: Api,
) -> None:
    designation_id = _title(api, date(2026, 10, 12))
    unit, district, city = Role.UNIT_CONTACT, Role.DISTRICT_OFFICER, Role.CITY_OFFICER
    tree = api.tree
    assert _owed(api, designation_id) == [
        ("2026-12-31", "2026年度考核（待单位工会考核）", tree.unit.id, "upcoming")
    ]
    occasions = api.client.get(
        f"/api/v1/designations/{designation_id}/occasions", headers=api.callers[city].headers
    ).json()["items"]
    assessed = [o["due_on"] for o in occasions if o["kind"] == "annual_assessment"]
    assert assessed[0] == "2026-12-31"

    assert _step(api, designation_id, unit, "unit", False, "2026-11-10").status_code == 200
    assert _owed(api, designation_id) == [
        ("2026-12-31", "2026年度考核（待区局（产业）工会考核）", tree.district.id, "upcoming")
    ]
    applied = _step(api, designation_id, district, "district", False, "2026-11-15")
    assert applied.json()["outcome"] == "revocation_applied"
    assert _owed(api, designation_id) == [
        ("2026-12-31", "2026年度考核（已申请摘牌，待市总工会决定）", tree.city.id, "upcoming")
    ]

    # Only the city decides the 摘牌: the district is refused naming who decides.
    refused = _step(api, designation_id, district, "city", False, "2026-11-20",
                    decision_ref="沪工〔2026〕9号")  # fmt: skip
    assert refused.status_code == 403, refused.text
    assert "应由" in refused.json()["error"]["message"]
    revoked = _step(api, designation_id, city, "city", False, "2026-11-20",
                    decision_ref="沪工〔2026〕9号")  # fmt: skip
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["outcome"] == "revoked"
    assert _owed(api, designation_id) == []  # the year is settled, the title ended
    title = api.client.get(
        f"/api/v1/designations/{designation_id}", headers=api.callers[city].headers
    ).json()
    assert (title["status"], title["ended_on"]) == ("revoked", "2026-11-20")


def test_a_step_before_the_years_last_quarter_is_refused_with_a_structured_error(api: Api) -> None:
    designation_id = _title(api, date(2024, 7, 5))
    early = _step(api, designation_id, Role.UNIT_CONTACT, "unit", True, "2026-09-30")
    assert early.status_code == 422
    error = early.json()["error"]
    assert (error["field"], error["code"]) == ("decided_on", "before_previous")
    assert error["message"] == (
        "2026年度考核于年度期末进行，日期不能早于2026年10月1日"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条「每年期末」）"
    )
    assessments = api.client.get(
        f"/api/v1/designations/{designation_id}/assessments",
        headers=api.callers[Role.UNIT_CONTACT].headers,
    ).json()["items"]
    assert not any(a["year"] == 2026 for a in assessments)  # nothing written
    on_time = _step(api, designation_id, Role.UNIT_CONTACT, "unit", True, "2026-10-01")
    assert on_time.status_code == 200, on_time.text


def test_the_city_reads_each_steps_signer_and_opinion_before_deciding(api: Api) -> None:
    """The city decides on the district's 摘牌 application [S9]: the API gives it what the page
    shows, each step's signer and opinion and the outcome in Chinese (before: dates and verdicts
    only, so a client could not read why the district applied)."""
    designation_id = _title(api, date(2024, 7, 5))
    unit, district, city = Role.UNIT_CONTACT, Role.DISTRICT_OFFICER, Role.CITY_OFFICER
    assert _step(api, designation_id, unit, "unit", False, "2026-11-10").status_code == 200
    applied = _step(api, designation_id, district, "district", False, "2026-11-15",
                    signer="王主席", opinion="团队已不满足第三条第2项")  # fmt: skip
    assert applied.status_code == 200, applied.text
    read = api.client.get(
        f"/api/v1/designations/{designation_id}/assessments", headers=api.callers[city].headers
    ).json()["items"]
    (year,) = [a for a in read if a["year"] == 2026]
    assert {k: year[k] for k in ("outcome", "outcome_label", "unit_signer", "unit_opinion",
                                 "district_signer", "district_opinion", "city_signer")} == {
        "outcome": "revocation_applied",
        "outcome_label": "已申请摘牌，待市总工会决定",
        "unit_signer": "李主席",
        "unit_opinion": "按第三条逐项考核",
        "district_signer": "王主席",
        "district_opinion": "团队已不满足第三条第2项",
        "city_signer": None,
    }  # fmt: skip
    kept = _step(api, designation_id, city, "city", True, "2026-11-20", opinion="限期改进，保留")
    assert kept.status_code == 200, kept.text
    assert (kept.json()["outcome_label"], kept.json()["city_opinion"]) == (
        "市总工会决定保留", "限期改进，保留",
    )  # fmt: skip


def test_the_district_step_is_named_by_the_union_the_regulation_names(api: Api) -> None:
    """[S9] 第九条 names the 区局（产业）工会: the 考核's district step and its status say so
    (before: 区局工会), also in a refusal of another union's step."""
    designation_id = _title(api, date(2025, 3, 12))
    assert (
        _step(api, designation_id, Role.UNIT_CONTACT, "unit", True, "2026-11-10").status_code == 200
    )
    before = api.writes()
    refused = _step(api, designation_id, Role.UNIT_CONTACT, "district", True, "2026-11-12")
    assert refused.status_code == 403, refused.text
    assert "年度考核（区局（产业）工会考核）应由" in refused.json()["error"]["message"]
    assert api.writes() == before
    read = api.client.get(
        f"/api/v1/designations/{designation_id}/assessments",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert "待区局（产业）工会考核" in read.text
    assert "待区局工会考核" not in read.text
