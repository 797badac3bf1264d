"""A refused query or path parameter, or a field of an uploaded form, is named in the refusal's
Chinese message (「下发起始日期应为日期」), as a body's field is, never 「有一项输入…」."""

from __future__ import annotations

from typing import Any

import pytest

from lifecycle.field_labels import field_label
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _form_fields(document: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    schemas = document["components"]["schemas"]
    names: set[str] = set()
    for content in operation.get("requestBody", {}).get("content", {}).values():
        ref = content.get("schema", {}).get("$ref", "")
        if ref:
            names |= set(schemas[ref.rsplit("/", 1)[-1]].get("properties", {}))
    return names


def test_every_parameter_and_form_field_of_the_api_has_a_chinese_label(api: Api) -> None:
    document = api.client.app.openapi()  # type: ignore[attr-defined]
    unlabelled = set()
    for path, operations in document["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in operations.items():
            names = {
                p["name"] for p in operation.get("parameters", []) if p["in"] in ("query", "path")
            }
            if any("multipart" in c for c in operation.get("requestBody", {}).get("content", {})):
                names |= _form_fields(document, operation)
            unlabelled |= {(method, path, n) for n in names if field_label(n) is None}
    assert not unlabelled


@pytest.mark.parametrize(
    ("path", "expected", "field"),
    [
        ("/api/v1/notices?issued_from=x", "下发起始日期应为日期（YYYY-MM-DD）", "issued_from"),
        (
            "/api/v1/inspections?scheduled_to=2026-02-30",
            "检查截止日期有误：没有2026-02-30这一天",
            "scheduled_to",
        ),
        ("/api/v1/designations?after=-1", "上一页最后一条的编号不能小于0", "after"),
        ("/api/v1/inspections/abc", "检查记录应为整数", "inspection_id"),
        ("/api/v1/todo?mine=x", "是否只看我的待办应为 true 或 false", "mine"),
    ],
)
def test_a_refused_parameter_is_named_in_the_message(
    api: Api, path: str, expected: str, field: str
) -> None:
    refused = api.client.get(path, headers=api.callers[Role.DISTRICT_OFFICER].headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["message"].startswith(expected), error
    assert "有一项输入" not in error["message"]
    assert error["field"] == field


def test_a_value_of_the_wrong_type_says_what_the_field_takes(api: Api) -> None:
    """Before: 「支出日期格式不正确；金额格式不正确；性别不在可选值中」, no hint of what to send."""
    refused = api.client.post(
        "/api/v1/persons",
        json={
            "name": 5,
            "gender": "x",
            "birth_date": True,
            "union_id": api.own.unit,
            "is_union_member": "maybe",
            "honours": "x",
        },
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert refused.status_code == 422, refused.text
    messages = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert messages == {
        "name": "应为文本（JSON 字符串）",
        "gender": "不在可选值中（可选：male、female）",
        "birth_date": "应为日期（YYYY-MM-DD）",
        "is_union_member": "应为 true 或 false",
        "honours": "应为列表",
    }
    unit = api.callers[Role.UNIT_CONTACT].headers
    spent = api.client.post(
        f"/api/v1/designations/{api.own.designation}/expenditures",
        json={
            "spent_on": "2026-10-20",
            "amount_yuan": 100.5,
            "payee": "某书店",
            "category": "books",
            "description": "专业书籍",
        },
        headers=unit,
    )
    assert spent.status_code == 422, spent.text
    assert spent.json()["error"]["message"] == "金额应为文本（JSON 字符串）"


def test_every_parameter_is_described_in_the_served_schema(api: Api) -> None:
    """Before: 37 query parameters (``named_from``, ``issued_to``, ``kind`` …) and every path
    parameter had no description: the reference page showed a bare code."""
    document = api.client.get("/openapi.json").json()
    bare = [
        (path, p["name"])
        for path, item in document["paths"].items()
        if path.startswith("/api/v1")
        for operation in item.values()
        for p in operation.get("parameters", ())
        if p["in"] in ("path", "query")
        and not (p.get("description") or p.get("schema", {}).get("description"))
    ]
    assert bare == []
    named = document["paths"]["/api/v1/notices"]["get"]["parameters"]
    assert next(p for p in named if p["name"] == "issued_from")["description"] == "下发起始日期"
