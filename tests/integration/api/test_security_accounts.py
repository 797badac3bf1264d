"""Issue 16: login throttling that cannot lock a user out, one answer for every failed login,
passwords that end old sessions and tokens, deactivation at once, the last admin kept."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from api.app import create_app
from lifecycle.accounts import service as accounts_service
from lifecycle.accounts.credentials import LastAdmin, check_admins_remain
from lifecycle.config import Settings
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

LOGIN = "/api/v1/auth/tokens"
FAILED = "用户名或密码不正确"


def _from(api: Api, address: str) -> TestClient:
    """A client whose requests come from ``address`` (the peer the service sees)."""
    return TestClient(api.client.app, client=(address, 40000), follow_redirects=False)


def _login(client: TestClient, username: str, password: str, **headers: str):
    return client.post(LOGIN, json={"username": username, "password": password}, headers=headers)


def test_fifty_wrong_passwords_from_one_address_do_not_stop_admin_from_another(api: Api) -> None:
    admin = api.callers[Role.ADMIN].principal.username
    attacker = _from(api, "203.0.113.7")
    answers = [_login(attacker, admin, f"wrong-password-{n}").status_code for n in range(50)]
    assert set(answers[:5]) == {401}
    assert set(answers[5:]) == {429}  # that address is slowed down, no hash spent on it
    assert _login(attacker, admin, api.passwords[Role.ADMIN]).status_code == 429
    elsewhere = _login(_from(api, "198.51.100.2"), admin, api.passwords[Role.ADMIN])
    assert elsewhere.status_code == 201, elsewhere.text


def test_unknown_inactive_and_wrong_password_get_the_same_answer_and_cost(
    api: Api, monkeypatch
) -> None:
    admin = api.callers[Role.ADMIN]
    inactive = api.callers[Role.UNIT_CONTACT].principal
    off = api.client.post(f"/api/v1/users/{inactive.user_id}/deactivate", headers=admin.headers)
    assert off.status_code == 200, off.text
    verified: list[str] = []
    real = accounts_service._hasher()

    class Counting:
        """The real hasher, counting the verifications (the cost: one argon2 hash each)."""

        def verify(self, hashed: str, password: str) -> bool:
            verified.append(password)
            return real.verify(hashed, password)

        def __getattr__(self, name: str):
            return getattr(real, name)

    monkeypatch.setattr(accounts_service, "_hasher", Counting)
    client = _from(api, "192.0.2.10")
    tries = {
        "unknown": ("nobody-at-all", "whatever-password-1"),
        "inactive": (inactive.username, api.passwords[Role.UNIT_CONTACT]),
        "wrong": (api.callers[Role.FINANCE].principal.username, "wrong-password-2"),
    }
    answers = {}
    for kind, (username, password) in tries.items():
        before = len(verified)
        response = _login(client, username, password)
        answers[kind] = (response.status_code, response.json()["error"]["message"])
        assert len(verified) - before == 1, kind  # one hash, whichever the case
    assert set(answers.values()) == {(401, FAILED)}, answers
    # Throttled, a real and an unknown name answer alike too.
    throttled = {}
    for username in ("nobody-at-all", api.callers[Role.FINANCE].principal.username):
        for n in range(5):
            _login(client, username, f"wrong-again-{n}")
        response = _login(client, username, "wrong-again-x")
        throttled[username] = (response.status_code, response.json()["error"]["message"])
    assert len(set(throttled.values())) == 1
    assert next(iter(throttled.values()))[0] == 429


def test_the_trusted_proxy_setting_decides_the_client_address(api: Api) -> None:
    settings = Settings(
        database_url="sqlite://", base_url="http://testserver", trusted_proxies=["testclient"]
    )
    app = create_app(settings, clock=lambda: NOW)
    app.state.session_factory = api.factory
    behind_proxy = TestClient(app, follow_redirects=False)
    admin = api.callers[Role.ADMIN].principal.username
    for n in range(6):
        _login(behind_proxy, admin, f"wrong-{n}", **{"X-Forwarded-For": "203.0.113.9"})
    refused = _login(
        behind_proxy, admin, api.passwords[Role.ADMIN], **{"X-Forwarded-For": "203.0.113.9"}
    )
    assert refused.status_code == 429
    other = _login(
        behind_proxy, admin, api.passwords[Role.ADMIN], **{"X-Forwarded-For": "198.51.100.9"}
    )
    assert other.status_code == 201, other.text
    # Without the setting, the header is not believed: the peer is the client.
    direct = _from(api, "198.51.100.50")
    for n in range(6):
        _login(direct, admin, f"wrong-{n}", **{"X-Forwarded-For": "203.0.113.99"})
    spoofed = _login(direct, admin, api.passwords[Role.ADMIN], **{"X-Forwarded-For": "192.0.2.1"})
    assert spoofed.status_code == 429


def _browser_session(api: Api, role: Role) -> TestClient:
    """A same-origin browser logged in through the login page."""
    browser = _from(api, "192.0.2.44")
    page = browser.get("/login")
    token = page.cookies.get("workshops_login_csrf")
    form = {
        "csrf_token": token,
        "username": api.callers[role].principal.username,
        "password": api.passwords[role],
        "next": "/dashboard",
    }
    assert browser.post("/login", data=form).status_code == 303
    return browser


def test_own_password_change_ends_other_sessions_and_every_token(api: Api) -> None:
    caller = api.callers[Role.DISTRICT_OFFICER]
    browser = _browser_session(api, Role.DISTRICT_OFFICER)
    assert browser.get("/api/v1/me").status_code == 200
    wrong = api.client.post(
        "/api/v1/me/password",
        headers=caller.headers,
        json={"current_password": "not-the-password", "new_password": "a-new-password-2027"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["field"] == "current_password"
    weak = api.client.post(
        "/api/v1/me/password",
        headers=caller.headers,
        json={"current_password": api.passwords[Role.DISTRICT_OFFICER], "new_password": "short"},
    )
    assert weak.status_code == 422
    assert api.client.get("/api/v1/me", headers=caller.headers).status_code == 200  # nothing done
    changed = api.client.post(
        "/api/v1/me/password",
        headers=caller.headers,
        json={
            "current_password": api.passwords[Role.DISTRICT_OFFICER],
            "new_password": "a-new-password-2027",
        },
    )
    assert changed.status_code == 204, changed.text
    assert api.client.get("/api/v1/me", headers=caller.headers).status_code == 401
    assert browser.get("/api/v1/me").status_code == 401
    assert browser.get("/dashboard").status_code == 303  # back to the login page
    login = _login(_from(api, "192.0.2.45"), caller.principal.username, "a-new-password-2027")
    assert login.status_code == 201


def test_admin_reset_and_deactivation_stop_sessions_and_tokens_at_once(api: Api) -> None:
    admin = api.callers[Role.ADMIN]
    finance = api.callers[Role.FINANCE]
    browser = _browser_session(api, Role.FINANCE)
    reset = api.client.post(
        f"/api/v1/users/{finance.principal.user_id}/password",
        headers=admin.headers,
        json={"password": "reset-by-admin-2026"},
    )
    assert reset.status_code == 200, reset.text
    assert api.client.get("/api/v1/me", headers=finance.headers).status_code == 401
    assert browser.get("/api/v1/me").status_code == 401
    fresh = _login(_from(api, "192.0.2.46"), finance.principal.username, "reset-by-admin-2026")
    assert fresh.status_code == 201
    bearer = {"Authorization": f"Bearer {fresh.json()['token']}"}
    assert api.client.get("/api/v1/me", headers=bearer).status_code == 200
    off = api.client.post(
        f"/api/v1/users/{finance.principal.user_id}/deactivate", headers=admin.headers
    )
    assert off.json()["active"] is False
    assert api.client.get("/api/v1/me", headers=bearer).status_code == 401
    on = api.client.post(
        f"/api/v1/users/{finance.principal.user_id}/reactivate", headers=admin.headers
    )
    assert on.status_code == 200
    assert on.json()["active"] is True
    assert api.client.get("/api/v1/me", headers=bearer).status_code == 401  # stays revoked
    again = _login(_from(api, "192.0.2.47"), finance.principal.username, "reset-by-admin-2026")
    assert again.status_code == 201


def test_the_last_admin_cannot_deactivate_or_demote_itself(api: Api) -> None:
    admin = api.callers[Role.ADMIN]
    own = api.client.post(
        f"/api/v1/users/{admin.principal.user_id}/deactivate", headers=admin.headers
    )
    assert own.status_code in (409, 422)
    assert api.client.get("/api/v1/me", headers=admin.headers).status_code == 200
    with api.uow() as u:
        only = u.accounts.get_user(admin.principal.user_id, scope=EVERYTHING)
        assert only is not None
        with pytest.raises(LastAdmin):
            check_admins_remain(u, only, active=True, role=Role.CITY_OFFICER)
        # A second admin makes the change possible.
        f.user(u, Role.ADMIN, api.tree.city.id)
        check_admins_remain(u, only, active=True, role=Role.CITY_OFFICER)


def test_guessing_the_current_password_through_a_session_is_throttled(api: Api) -> None:
    caller = api.callers[Role.CITY_OFFICER]
    client = _from(api, "192.0.2.60")
    body = {"current_password": "a-wrong-guess-0", "new_password": "another-password-2027"}
    guesses = [
        client.post("/api/v1/me/password", headers=caller.headers, json=body).status_code
        for _ in range(6)
    ]
    assert guesses == [422] * 5 + [429]
    right = {**body, "current_password": api.passwords[Role.CITY_OFFICER]}
    late = client.post("/api/v1/me/password", headers=caller.headers, json=right)
    assert late.status_code == 429
    assert api.client.get("/api/v1/me", headers=caller.headers).status_code == 200


def test_a_login_checks_in_a_read_only_unit_and_rehashes_an_outdated_hash(api: Api) -> None:
    caller = api.callers[Role.FINANCE]
    password = api.passwords[Role.FINANCE]
    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(password)
    with api.uow() as u:
        user = u.accounts.get_user(caller.principal.user_id, scope=EVERYTHING)
        assert user is not None
        user.password_hash = old
        u.commit()
    login = _login(_from(api, "192.0.2.70"), caller.principal.username, password)
    assert login.status_code == 201, login.text
    with api.uow() as u:
        user = u.accounts.get_user(caller.principal.user_id, scope=EVERYTHING)
        assert user is not None
        assert user.password_hash != old  # upgraded to today's parameters
        assert accounts_service.verify_password(user.password_hash, password)
