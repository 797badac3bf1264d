"""API authentication: bearer tokens (hashed, revocable), same-origin session cookies, audit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from api.deps import CSRF_HEADER, SESSION_COOKIE
from lifecycle.accounts.model import ApiToken
from lifecycle.accounts.service import hash_secret
from lifecycle.accounts.sessions import start_session
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.integration.api.conftest import NOW, Api


def _session_cookie(api: Api, role: Role) -> tuple[str, str]:
    with api.uow() as u:
        ticket = start_session(u, api.callers[role].principal, NOW - timedelta(minutes=1))
        u.commit()
    return ticket.token, ticket.csrf_token


def test_session_cookie_is_refused_as_api_auth_from_another_origin(api: Api) -> None:
    token, _csrf = _session_cookie(api, Role.DISTRICT_OFFICER)
    api.client.cookies.set(SESSION_COOKIE, token)
    try:
        same = api.client.get("/api/v1/me", headers={"Origin": "http://testserver"})
        assert same.status_code == 200
        assert same.json()["role"] == "district_officer"
        for headers in (
            {"Origin": "https://evil.example"},
            {"Sec-Fetch-Site": "cross-site"},
            {"Referer": "https://evil.example/page"},
        ):
            refused = api.client.get("/api/v1/me", headers=headers)
            assert refused.status_code == 401, headers
            assert refused.json()["error"]["field"] == "origin"
    finally:
        api.client.cookies.clear()


def test_a_cookie_write_needs_the_csrf_header_and_writes_nothing_without(api: Api) -> None:
    token, csrf = _session_cookie(api, Role.DISTRICT_OFFICER)
    api.client.cookies.set(SESSION_COOKIE, token)
    body = {"year": 2026, "title": "跨站课题"}
    path = f"/api/v1/workshops/{api.own.workshop}/ledger/projects"
    try:
        before = api.writes()
        forged = api.client.post(path, json=body)
        assert forged.status_code == 403
        assert forged.json()["error"]["code"] == "csrf_failed"
        odd = api.client.post(
            path, json=body, headers={CSRF_HEADER: "tok\u00e9n".encode("latin-1")}
        )
        assert (odd.status_code, odd.json()["error"]["code"]) == (403, "csrf_failed")
        cross = api.client.post(
            path, json=body, headers={CSRF_HEADER: csrf, "Origin": "https://evil.example"}
        )
        assert cross.status_code == 401
        assert api.writes() == before
        ok = api.client.post(path, json=body, headers={CSRF_HEADER: csrf})
        assert ok.status_code == 201, ok.text
    finally:
        api.client.cookies.clear()


def test_tokens_are_issued_once_hashed_at_rest_and_stop_working_when_revoked(api: Api) -> None:
    caller = api.callers[Role.FINANCE]
    issued = api.client.post("/api/v1/me/tokens", json={"name": "报表"}, headers=caller.headers)
    assert issued.status_code == 201
    plaintext = issued.json()["token"]
    with api.uow() as u:
        stored = u.session.scalars(
            select(ApiToken).where(ApiToken.token_hash == hash_secret(plaintext))
        ).one()
        assert plaintext not in (stored.token_hash, stored.name)
        token_id = stored.id
    bearer = {"Authorization": f"Bearer {plaintext}"}
    assert api.client.get("/api/v1/me", headers=bearer).json()["username"] == (
        caller.principal.username
    )
    listed = api.client.get("/api/v1/me/tokens", headers=bearer).json()["items"]
    assert all("token" not in t and "token_hash" not in t for t in listed)
    revoked = api.client.delete(f"/api/v1/me/tokens/{token_id}", headers=caller.headers)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    gone = api.client.get("/api/v1/me", headers=bearer)
    assert gone.status_code == 401


def test_state_changes_through_the_api_record_the_acting_user(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    renamed = api.client.post(
        f"/api/v1/workshops/{api.own.workshop}/ledger/projects",
        json={"year": 2026, "title": "数控刀具寿命攻关"},
        headers=officer.headers,
    )
    assert renamed.status_code == 201, renamed.text
    admin = api.callers[Role.ADMIN]
    changed = api.client.post(f"/api/v1/users/{api.own.user}/deactivate", headers=admin.headers)
    assert changed.status_code == 200, changed.text
    trail = api.client.get(f"/api/v1/users/{api.own.user}/audit", headers=admin.headers).json()
    change = trail["items"][-1]
    assert trail["total"] == 2  # created, then deactivated
    assert change["action"] == "update"
    assert change["user_id"] == admin.principal.user_id
    assert change["actor_name"] == admin.principal.display_name
    assert change["before"] == {"active": True}
    assert change["after"] == {"active": False}
    with api.uow() as u:
        (project,) = u.ledgers.projects_of(api.own.workshop, scope=EVERYTHING)
        (entry,) = u.audit.for_record("ledger_projects", project.id)
        assert entry.user_id == officer.principal.user_id
        assert entry.after is not None
        assert entry.after["title"] == "数控刀具寿命攻关"
    other = api.client.get(
        f"/api/v1/designations/{api.other.designation}/audit", headers=officer.headers
    )
    assert other.status_code == 404


def test_a_token_made_by_a_logged_in_caller_comes_back_as_the_api_login_gives_it(
    api: Api,
) -> None:
    caller = api.callers[Role.DISTRICT_OFFICER]
    made = api.client.post("/api/v1/me/tokens", json={"name": "巡检脚本"}, headers=caller.headers)
    assert made.status_code == 201, made.text
    assert made.headers["cache-control"] == "no-store"
    login = {"username": caller.principal.username, "password": api.passwords[caller.role]}
    logged_in = api.client.post("/api/v1/auth/tokens", json=login | {"token_name": "登录"})
    assert logged_in.status_code == 201, logged_in.text
    got, other = made.json(), logged_in.json()
    assert set(got) == set(other) == {
        "id", "name", "token", "created_at", "expires_at", "user_id", "username", "role",
    }  # fmt: skip
    for issued in (got, other):  # both 90 days unless asked otherwise
        created, expires = (datetime.fromisoformat(issued[k]) for k in ("created_at", "expires_at"))
        assert expires - created == timedelta(days=90)
    assert (got["name"], got["user_id"], got["username"], got["role"]) == (
        "巡检脚本",
        caller.principal.user_id,
        caller.principal.username,
        "district_officer",
    )
    # The id it got back is the one to revoke it by.
    with api.uow() as u:
        stored = u.session.scalars(
            select(ApiToken).where(ApiToken.token_hash == hash_secret(got["token"]))
        ).one()
        assert stored.id == got["id"]
    bearer = {"Authorization": f"Bearer {got['token']}"}
    assert api.client.get("/api/v1/me", headers=bearer).status_code == 200
    revoked = api.client.delete(f"/api/v1/me/tokens/{got['id']}", headers=caller.headers)
    assert revoked.status_code == 200, revoked.text
    assert api.client.get("/api/v1/me", headers=bearer).status_code == 401
