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
        ("/api/v1/inspections?scheduled_to=2026-02-30", "检查截止日期应为日期", "scheduled_to"),
        ("/api/v1/designations?after=-1", "上一页最后一条的编号不能小于0", "after"),
        ("/api/v1/inspections/abc", "检查记录应为整数", "inspection_id"),
        ("/api/v1/todo?mine=x", "是否只看我的待办", "mine"),
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
