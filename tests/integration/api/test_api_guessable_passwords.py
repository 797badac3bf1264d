"""A new password that a guesser tries first is refused, however long (OWASP ASVS 2.1.7)."""

from __future__ import annotations

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

GUESSABLE = ("aaaaaaaaaa", "1212121212", "1234567890", "qwertyuiop", "Password123")
MESSAGE = "密码过于简单（重复字符、连续字符或常见密码），请换一个不易猜到的密码"


@pytest.mark.parametrize("password", GUESSABLE)
def test_an_admin_cannot_give_a_user_a_guessable_password(api: Api, password: str) -> None:
    admin = api.callers[Role.ADMIN].headers
    made = api.client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "guessable",
            "display_name": "弱密码",
            "password": password,
            "role": "unit_contact",
            "union_id": api.own.unit,
        },
    )
    assert made.status_code == 422, made.text
    problems = made.json()["error"]["problems"]
    assert {"field": "password", "code": "weak_password", "message": MESSAGE} in problems
    listed = api.client.get("/api/v1/users", headers=admin, params={"limit": 500}).json()
    assert "guessable" not in {u["username"] for u in listed["items"]}
    reset = api.client.post(
        f"/api/v1/users/{api.own.user}/password", headers=admin, json={"password": password}
    )
    assert reset.status_code == 422, reset.text
    assert reset.json()["error"]["field"] == "password"


def test_a_user_cannot_change_their_own_password_to_a_guessable_one(api: Api) -> None:
    caller = api.callers[Role.DISTRICT_OFFICER]
    current = api.passwords[Role.DISTRICT_OFFICER]
    refused = api.client.post(
        "/api/v1/me/password",
        headers=caller.headers,
        json={"current_password": current, "new_password": "1q2w3e4r5t"},
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"], error["message"]) == (
        "weak_password",
        "new_password",
        MESSAGE,
    )
    still = api.client.get("/api/v1/me", headers=caller.headers)  # nothing changed, none revoked
    assert still.status_code == 200
    strong = api.client.post(
        "/api/v1/me/password",
        headers=caller.headers,
        json={"current_password": current, "new_password": "tea-kettle-harbour-7"},
    )
    assert strong.status_code == 204, strong.text
