"""A refusal's combined message labels a field as the record it belongs to words it: a person's
and a contact's ``name`` is 姓名, a workshop's and a union's 名称, a ledger entry's ``title`` its
own 项目名称/活动名称; nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

LONG = "长" * 301


def _cases(api: Api) -> list[tuple[Any, ...]]:
    own = api.own
    return [
        (
            "POST",
            "/api/v1/persons",
            {"name": LONG, "gender": "male", "birth_date": "1980-01-01", "union_id": own.unit},
            "姓名不能超过100个字符",
        ),
        ("PATCH", f"/api/v1/persons/{own.person}", {"name": LONG, "reason": "更正"}, "姓名不能"),
        (
            "POST",
            f"/api/v1/unions/{own.district}/contacts",
            {"name": LONG, "email": "a@example.com", "role": "primary"},
            "联系人姓名不能超过100个字符",
            Role.ADMIN,
        ),
        (
            "POST",
            "/api/v1/workshops",
            {
                "name": LONG,
                "host_unit_name": "某单位",
                "host_unit_nature": "state_owned",
                "unit_union_id": own.unit,
                "founded_on": "2025-05-01",
                "leader_person_id": own.person,
            },
            "名称不能超过200个字符",
        ),
        (
            "POST",
            "/api/v1/unions",
            {"name": LONG, "level": "unit", "parent_id": own.district},
            "名称不能超过200个字符",
        ),
        (
            "POST",
            f"/api/v1/workshops/{own.workshop}/ledger/activities",
            {"held_on": "2026-01-05", "title": LONG, "participants": 3},
            "活动名称不能超过",
        ),
        (
            "POST",
            f"/api/v1/workshops/{own.workshop}/ledger/projects",
            {"year": 2026, "title": LONG},
            "项目名称不能超过",
        ),
    ]


@pytest.mark.parametrize("case", range(7))
def test_each_record_kind_names_its_own_field_in_the_combined_message(api: Api, case: int) -> None:
    method, path, body, expected, *role = _cases(api)[case]
    headers = api.callers[role[0] if role else Role.DISTRICT_OFFICER].headers
    before = api.writes()
    refused = api.client.request(method, path, json=body, headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert expected in error["message"], error
    assert error["field"] in ("name", "title")
    if expected.startswith(("姓名", "联系人")):
        assert "名称" not in error["message"]
    assert api.writes() == before


def test_a_person_and_a_workshop_refused_together_keep_their_own_labels(api: Api) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    person = api.client.post(
        "/api/v1/persons",
        json={"name": "", "gender": "male", "birth_date": "1980-01-01", "union_id": api.own.unit},
        headers=headers,
    ).json()["error"]
    shop = api.client.post("/api/v1/workshops", json={"name": ""}, headers=headers).json()["error"]
    assert person["message"].startswith("姓名不能为空"), person
    assert shop["message"].startswith("名称不能为空"), shop
    assert "领衔人必填" in shop["message"]
