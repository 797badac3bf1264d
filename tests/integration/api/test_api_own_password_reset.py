"""An admin sets other users' passwords, not their own: theirs is changed giving the current one
(``POST /api/v1/me/password``), so a token or session left open is not enough to take the
account over (OWASP ASVS 2.1.6)."""

from __future__ import annotations

from lifecycle.accounts.throttle import FREE_FAILURES
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_an_admin_token_cannot_set_the_admins_own_password_without_the_current_one(
    api: Api,
) -> None:
    admin = api.callers[Role.ADMIN]
    refused = api.client.post(
        f"/api/v1/users/{admin.principal.user_id}/password",
        headers=admin.headers,
        json={"password": "taken-over-2026"},
    )
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "own_password"
    assert error["field"] == "user_id"
    assert "请在“修改密码”页面输入当前密码后修改" in error["message"]
    # The token still works (nothing revoked) and the old password still logs in.
    assert api.client.get("/api/v1/me", headers=admin.headers).status_code == 200
    login = {"username": admin.principal.username, "password": api.passwords[Role.ADMIN]}
    assert api.client.post("/api/v1/auth/tokens", json=login).status_code == 201
    # Another user's password is still the admin's to set.
    other = api.callers[Role.FINANCE].principal.user_id
    reset = api.client.post(
        f"/api/v1/users/{other}/password",
        headers=admin.headers,
        json={"password": "reset-by-admin-2026"},
    )
    assert reset.status_code == 200, reset.text


def test_guessing_the_current_password_is_throttled_in_the_password_forms_words(
    api: Api,
) -> None:
    """ASVS 2.2.1: wrong current passwords count as failed logins of that name from that
    address; the refusal names what the user was doing (before: 「登录失败次数过多」 beside the
    current password of a user who was changing it, not logging in)."""
    caller = api.callers[Role.UNIT_CONTACT]
    body = {"current_password": "wrong-password-0", "new_password": "Another-pass-2026x"}
    for _ in range(FREE_FAILURES):
        wrong = api.client.post("/api/v1/me/password", json=body, headers=caller.headers)
        assert wrong.status_code == 422, wrong.text
        assert wrong.json()["error"]["code"] == "wrong_password"
    right = {**body, "current_password": api.passwords[Role.UNIT_CONTACT]}
    locked = api.client.post("/api/v1/me/password", json=right, headers=caller.headers)
    assert locked.status_code == 429, locked.text
    error = locked.json()["error"]
    assert error["code"] == "login_throttled"
    assert error["field"] == "current_password"
    assert error["message"] == "密码错误次数过多，请30秒后再试"
    # The login itself still says 登录失败 (one count for both).
    login = {"username": caller.principal.username, "password": api.passwords[Role.UNIT_CONTACT]}
    refused = api.client.post("/api/v1/auth/tokens", json=login)
    assert refused.status_code == 429
    assert refused.json()["error"]["message"] == "登录失败次数过多，请30秒后再试"
