"""A refused query of the persons' list or the person search names its parameter as a person's
form does: ``name`` is 姓名, not 名称 (a team's) (docs/RULES.md, 字段名称)."""

from __future__ import annotations

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/v1/persons?name=" + "张" * 101, "name", "姓名不能超过100个字符"),
        ("/api/v1/persons?name=%E5%BC%A0%00", "name", "姓名不能包含控制字符"),
        ("/api/v1/person-search?q=" + "张" * 201, "q", "搜索词不能超过200个字符"),
    ],
)
def test_a_refused_person_query_names_its_parameter_as_a_persons(
    api: Api, path: str, field: str, message: str
) -> None:
    answer = api.client.get(path, headers=api.callers[Role.DISTRICT_OFFICER].headers)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == field
    assert error["message"] == message


def test_a_persons_honour_year_and_correction_reason_are_named_as_their_forms_name_them(
    api: Api,
) -> None:
    """Before: 「年度应为整数」 (a 考核's word) and 「原因不能超过500个字符」."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    honour = {"honour": "national_model_worker", "year": "去年"}
    answer = api.client.post(
        f"/api/v1/persons/{api.own.person}/honours", json=honour, headers=headers
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["message"] == "荣誉年份应为整数"
    correction = {"reason": "更" * 501, "education": "大学本科"}
    answer = api.client.patch(f"/api/v1/persons/{api.own.person}", json=correction, headers=headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["message"] == "更正原因不能超过500个字符"
    assert api.writes() == before
