"""A token's name is visible text (no bidi override, zero-width or other control character),
refused by its field on both routes that issue one; a token's times are written in UTC (``Z``)
whether just issued, listed or revoked, as every instant of the API read back from the database."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import NOW, Api

HIDDEN = ["脚本\u202eexe.txt", "零宽\u200b", "\u2067隔离\u2069", "\ufeff同步", "换行\u2028"]


@pytest.mark.parametrize("name", HIDDEN)
def test_a_token_name_with_an_invisible_character_is_refused_by_its_field(
    api: Api, name: str
) -> None:
    caller = api.callers[Role.DISTRICT_OFFICER]
    before = api.client.get("/api/v1/me/tokens", headers=caller.headers).json()["items"]
    refused = api.client.post("/api/v1/me/tokens", json={"name": name}, headers=caller.headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "name"
    assert error["code"] == "invisible_character"
    assert "令牌名称不能包含控制字符或不可见字符" in error["message"]

    login = {
        "username": caller.principal.username,
        "password": api.passwords[Role.DISTRICT_OFFICER],
        "token_name": name,
    }
    by_login = api.client.post("/api/v1/auth/tokens", json=login)
    assert by_login.status_code == 422, by_login.text
    assert by_login.json()["error"]["field"] == "token_name"
    assert api.client.get("/api/v1/me/tokens", headers=caller.headers).json()["items"] == before


def test_a_plain_name_with_spaces_is_taken(api: Api) -> None:
    caller = api.callers[Role.FINANCE]
    body = {"name": "财务\u3000报表 脚本"}  # an ideographic and a plain space are visible
    made = api.client.post("/api/v1/me/tokens", json=body, headers=caller.headers)
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "财务\u3000报表 脚本"


def test_a_tokens_times_are_written_in_utc_when_issued_listed_and_revoked(api: Api) -> None:
    caller = api.callers[Role.UNIT_CONTACT]
    made = api.client.post(
        "/api/v1/me/tokens", json={"name": "同步", "expires_in_days": 7}, headers=caller.headers
    ).json()
    utc = NOW.astimezone(UTC)
    assert made["created_at"] == utc.isoformat().replace("+00:00", "Z")
    assert made["expires_at"] == (utc + timedelta(days=7)).isoformat().replace("+00:00", "Z")
    login = {
        "username": caller.principal.username,
        "password": api.passwords[Role.UNIT_CONTACT],
        "token_name": "登录",
    }
    by_login = api.client.post("/api/v1/auth/tokens", json=login).json()
    assert by_login["created_at"] == made["created_at"]
    listed = {
        t["id"]: t
        for t in api.client.get("/api/v1/me/tokens", headers=caller.headers).json()["items"]
    }
    assert listed[made["id"]]["created_at"] == made["created_at"]
    assert listed[made["id"]]["expires_at"] == made["expires_at"]
    revoked = api.client.delete(f"/api/v1/me/tokens/{made['id']}", headers=caller.headers)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] == made["created_at"]
    assert revoked.json()["created_at"] == made["created_at"]
