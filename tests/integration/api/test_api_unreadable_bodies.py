"""A body the API cannot read is refused as every other body it does not take: 422 beside
``body``, saying in Chinese what to send (a district's system writing GBK is told to send
UTF-8), never a bare 「请求格式不正确」 under a 400 the API document does not list; nothing is
written."""

from __future__ import annotations

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _refusal(api: Api, path: str, content: bytes, content_type: str) -> dict[str, object]:
    headers = {**api.callers[Role.DISTRICT_OFFICER].headers, "Content-Type": content_type}
    before = api.writes()
    refused = api.client.post(path, content=content, headers=headers)
    assert refused.status_code == 422, refused.text
    assert api.writes() == before
    error: dict[str, object] = refused.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["field"] == "body"
    return error


def test_a_json_body_in_gbk_is_refused_asking_for_utf8(api: Api) -> None:
    body = '{"name": "张三", "gender": "male"}'.encode("gbk")
    error = _refusal(api, "/api/v1/persons", body, "application/json; charset=gbk")
    assert error["message"] == "请求内容应为 UTF-8 编码的 JSON（不接受 GBK 等其他编码）"
    assert error["problems"] == [
        {"field": "body", "code": "body_not_utf8", "message": error["message"][4:]}
    ]


def test_a_malformed_upload_form_is_refused_beside_the_body(api: Api) -> None:
    path = f"/api/v1/designations/{api.own.designation}/filings"
    error = _refusal(api, path, b"garbage", "multipart/form-data")
    assert error["message"] == "请求内容不是有效的上传表单（multipart/form-data）"


@pytest.mark.parametrize(
    ("content", "content_type"), [(b"[]", "application/json"), (b'{"name": "x"}', "text/plain")]
)
def test_a_body_that_is_not_a_json_object_says_so(
    api: Api, content: bytes, content_type: str
) -> None:
    error = _refusal(api, "/api/v1/persons", content, content_type)
    assert str(error["message"]).startswith("请求内容应为 JSON 对象")


def test_json_sent_to_the_calendars_csv_route_is_told_to_send_text(api: Api) -> None:
    headers = {**api.callers[Role.ADMIN].headers, "Content-Type": "application/json"}
    refused = api.client.put("/api/v1/calendar/overrides", content=b'{"a": 1}', headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "body"
    assert error["message"] == "请求内容应为纯文本（如 Content-Type: text/csv），不是 JSON"
