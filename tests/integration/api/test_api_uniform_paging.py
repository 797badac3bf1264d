"""The API as an integrator reads its lists and its refusals: every list pages the same way
(``items``, ``total``, ``limit`` 50 by default and at most 500, ``offset``), a list read page by
page holds every row once, the finance list carries the 合计 of every page, an impossible date is
named as such, and the answers' fields are described by what they hold."""

from __future__ import annotations

from typing import Any

import pytest

from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call


def _all_pages(api: Api, url: str, headers: dict[str, str], limit: int) -> list[dict[str, Any]]:
    """Every item of ``url`` read ``limit`` at a time by ``offset``, each page's total checked."""
    seen: list[dict[str, Any]] = []
    total = None
    while total is None or len(seen) < total:
        page = api.client.get(url, headers=headers, params={"limit": limit, "offset": len(seen)})
        assert page.status_code == 200, page.text
        body = page.json()
        assert total in (None, body["total"])
        total = body["total"]
        assert (body["limit"], body["offset"]) == (limit, len(seen))
        if not body["items"]:
            break
        seen += body["items"]
    return seen


def test_occasions_come_fifty_a_page_as_every_list_and_each_once_across_pages(api: Api) -> None:
    """Before: /occasions answered 100 a page by default where every other list answers 50."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    url = "/api/v1/occasions?from=2024-01-01&to=2026-12-31"
    first = api.client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["limit"], body["offset"]) == (50, 0)
    assert len(body["items"]) == min(50, body["total"])
    everything = api.client.get(url, headers=headers, params={"limit": 500}).json()
    assert everything["total"] >= 3, "the world has several occasions in the window"
    paged = _all_pages(api, url, headers, limit=2)
    assert paged == everything["items"]  # the same order on every page: none twice, none lost
    bad = (({"limit": 501}, "limit"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset"))
    for params, field in bad:
        refused = api.client.get(url, headers=headers, params=params)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["field"] == field


def test_the_finance_list_carries_the_totals_of_every_page(api: Api) -> None:
    headers = api.callers[Role.FINANCE].headers
    url = "/api/v1/finance/designations"
    rows = _all_pages(api, url, headers, limit=1)
    assert rows, "the world's district has titles"
    one = api.client.get(url, headers=headers, params={"limit": 1}).json()
    received = sum(r["received_fen"] for r in rows)
    spent = sum(r["spent_fen"] for r in rows)
    assert one["totals"] == {
        "count": len(rows),
        "received_fen": received,
        "spent_fen": spent,
        "balance_fen": received - spent,
        "open_findings": sum(r["open_findings"] for r in rows),
    }
    assert received > 0 or spent > 0, "the world's title has money to add up"
    only = api.client.get(url, headers=headers, params={"open_findings": "true"}).json()
    flagged = [r for r in rows if r["open_findings"]]
    assert only["totals"]["count"] == len(flagged) == only["total"]
    assert only["totals"]["open_findings"] == sum(r["open_findings"] for r in flagged)


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "2026-04-31"])
def test_an_impossible_date_in_a_query_is_named_as_no_such_day(api: Api, day: str) -> None:
    """Before: 「检查起始日期应为日期（YYYY-MM-DD）」, the format the date already had."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get(f"/api/v1/inspections?scheduled_from={day}", headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    said = f"检查起始日期有误：没有{day}这一天"
    assert (error["field"], error["message"]) == ("scheduled_from", said)
    assert error["problems"] == [
        {"field": "scheduled_from", "code": "no_such_day", "message": f"没有{day}这一天"}
    ]
    # A date not written YYYY-MM-DD is still asked for in that format.
    unreadable = api.client.get("/api/v1/inspections?scheduled_from=2026-2-3", headers=headers)
    (problem,) = unreadable.json()["error"]["problems"]
    assert problem["message"] == "应为日期（YYYY-MM-DD）"


def test_an_impossible_date_in_a_body_is_named_beside_its_field_and_nothing_is_written(
    api: Api,
) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    body = {"kind": "re_inspection", "scheduled_on": "2027-02-29", "place": "现场"}
    body["inspectors"] = "王"
    refused = api.client.post(
        f"/api/v1/designations/{api.own.designation}/inspections", headers=headers, json=body
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "scheduled_on"
    assert error["message"] == "检查日期有误：没有2027-02-29这一天"
    assert error["problems"][0]["code"] == "no_such_day"
    assert api.writes() == before


@pytest.mark.parametrize(
    ("value", "message"), [("0", "命名记录不能小于1"), ("2147483648", "命名记录不能大于2147483647")]
)
def test_a_designation_filter_out_of_bounds_names_the_title_record(
    api: Api, value: str, message: str
) -> None:
    """Before: 「工作室不能小于1」, as if it were the team's id (``workshop_id``)."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get(f"/api/v1/notices?designation_id={value}", headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["message"]) == ("designation_id", message)


def test_answer_fields_named_like_a_filter_are_described_by_what_they_hold(api: Api) -> None:
    """Before: a row's count of open findings read 「是否只看有未处理审计发现的」 (the filter's
    label) and a reminder's ``undated`` 「是否只看无规定办理期限的环节」."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    schemas = api.client.get("/openapi.json", headers=headers).json()["components"]["schemas"]

    def said(model: str, name: str) -> str:
        return str(schemas[model]["properties"][name]["description"])

    assert said("FundRowOut", "open_findings") == "未处理的审计发现（经费台账一览中为条数）"
    assert said("ReminderOut", "undated").startswith("是否为无规定办理期限的环节")
    assert said("DashboardOut", "months") == "各月到期的待办数"
    assert said("InspectionOut", "summary") == "总体意见"
    assert said("FundPage", "totals").startswith("合计")
    for model in schemas.values():
        for name, prop in (model.get("properties") or {}).items():
            assert not str(prop.get("description", "")).startswith("是否只看"), name


def test_a_filter_given_twice_is_refused_not_half_applied(api: Api) -> None:
    """Before: ``status=named&status=revoked`` answered the revoked titles alone, as if both."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get(
        "/api/v1/designations?status=named&status=revoked&limit=5", headers=headers
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("repeated_parameter", "status")
    assert error["message"] == "查询参数「status」只能给出一个值（不能重复给出）"
    once = api.client.get("/api/v1/designations?status=named&limit=5", headers=headers)
    assert once.status_code == 200, once.text


@pytest.mark.parametrize("path", ["/api/v1/designations", "/api/v1/finance/designations"])
def test_a_blank_search_is_refused_as_an_empty_one_is(api: Api, path: str) -> None:
    """Before: ``q=`` was refused (「搜索词不能为空」) but ``q=%20`` listed every title."""
    headers = api.callers[Role.FINANCE].headers
    for blank in ("", "   "):
        refused = api.client.get(path, headers=headers, params={"q": blank})
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert (error["field"], error["message"]) == ("q", "搜索词不能为空")
    padded = api.client.get(path, headers=headers, params={"q": "  杨浦  "})
    plain = api.client.get(path, headers=headers, params={"q": "杨浦"})
    assert padded.status_code == 200, padded.text
    assert padded.json()["total"] == plain.json()["total"]


def test_an_impossible_date_in_an_application_form_is_named_as_no_such_day(api: Api) -> None:
    """Before: 「取得日期不是有效日期（YYYY-MM-DD）」 of 2026-02-30, written in that format."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, call_id, shop_id)
    form = yangpu_form()
    form["achievements"][0]["achieved_on"] = "2026-02-30"
    saved = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": form}
    )
    assert saved.status_code == 422, saved.text
    [problem] = saved.json()["error"]["problems"]
    assert problem["code"] == "no_such_day"
    assert problem["message"] == "创新成果第1行：取得日期有误：没有2026-02-30这一天"
    assert problem["field"].endswith("achieved_on")


def test_the_todo_list_refuses_a_union_out_of_sight_beside_under(api: Api) -> None:
    """Before: ``/todo?under=`` another district's union was refused beside ``union_id``, a
    parameter the route does not take; /occasions said 「工会不存在」 of a union out of sight."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    other = api.tree.other_district.id
    refused = api.client.get(f"/api/v1/todo?under={other}", headers=headers)
    assert refused.status_code == 404, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["message"]) == ("under", "工会不存在或不在可见范围内")
    occasions = api.client.get(f"/api/v1/occasions?union_id={other}", headers=headers)
    error = occasions.json()["error"]
    assert (error["field"], error["message"]) == ("union_id", "工会不存在或不在可见范围内")
    own = api.client.get(f"/api/v1/todo?under={api.tree.district.id}", headers=headers)
    assert own.status_code == 200, own.text


def test_a_key_beyond_any_id_is_refused_beside_after_on_every_keyed_list(api: Api) -> None:
    """Before: ``/designations?after=99999999999`` failed at PostgreSQL as 「输入包含无法保存的
    字符或数值」 beside no field, where /persons and /workshops named ``after``."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    for path in ("/api/v1/designations", "/api/v1/persons", "/api/v1/workshops"):
        refused = api.client.get(f"{path}?after=99999999999", headers=headers)
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        said = "上一页最后一条的编号不能大于2147483647"
        assert (error["field"], error["message"]) == ("after", said)


def test_the_calls_are_a_page_as_every_list(api: Api) -> None:
    """Before: ``GET /intake/calls`` answered a bare array of every call ever visible."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    published = yangpu_2027_call(api)
    url = "/api/v1/intake/calls"
    first = api.client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["limit"], body["offset"]) == (50, 0)
    assert body["total"] >= 2, "the world's call and the one just published"
    paged = _all_pages(api, url, headers, limit=1)
    assert paged == body["items"]
    assert [c["year"] for c in paged] == sorted((c["year"] for c in paged), reverse=True)
    assert published in [c["id"] for c in paged]


@pytest.mark.parametrize("path", ["/api/v1/exports/designations.xlsx", "/api/v1/adoption/cutovers"])
def test_a_union_out_of_sight_is_refused_beside_under_as_every_list_says_it(
    api: Api, path: str
) -> None:
    """Before: the registry export said 「记录不存在或不在管辖范围内」 and the cut-over dates named
    ``union_id``, a parameter they do not take."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get(f"{path}?under={api.tree.other_district.id}", headers=headers)
    assert refused.status_code == 404, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["message"]) == ("under", "工会不存在或不在可见范围内")
    own = api.client.get(f"{path}?under={api.tree.district.id}", headers=headers)
    assert own.status_code == 200, own.text


@pytest.mark.parametrize(
    ("path", "field"),
    [("/api/v1/designations?q=a%00b", "q"), ("/api/v1/outbox?recipient=%00", "recipient")],
)
def test_a_control_character_in_a_query_is_refused_beside_it(
    api: Api, path: str, field: str
) -> None:
    """Before, on PostgreSQL: 「输入包含无法保存的字符或数值」 beside no field (a body's text was
    already refused 「不能包含控制字符」 beside its field)."""
    headers = api.callers[Role.ADMIN].headers
    refused = api.client.get(path, headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == field
    assert error["problems"] == [
        {"field": field, "code": "control_character", "message": "不能包含控制字符"}
    ]
    assert error["message"].endswith("不能包含控制字符")


@pytest.mark.parametrize("sent", ["0", "1795305600", "2026-11-21T00:00:00"])
def test_a_date_filter_is_taken_only_as_written_yyyy_mm_dd(api: Api, sent: str) -> None:
    """Before: 「0」 was read as seconds since 1970 and listed from 1 January 1970, as was a
    timestamp or a date with a time of day: a filter meant as none silently filtered."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get(f"/api/v1/inspections?scheduled_from={sent}", headers=headers)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["message"]) == ("scheduled_from", "应为日期（YYYY-MM-DD）")
    taken = api.client.get("/api/v1/inspections?scheduled_from=2026-11-21", headers=headers)
    assert taken.status_code == 200, taken.text
