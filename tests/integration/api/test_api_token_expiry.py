"""An API token's expiry is chosen at its creation (90 days unless the caller asks otherwise, or
never), shown in the token list and refused after it with a clear 401 (OWASP ASVS 3.5.x)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lifecycle.clock import to_shanghai
from lifecycle.config import Settings
from lifecycle.vocab import Role
from tests.integration.api.conftest import NOW, Api


class Moving:
    """The service's clock, moved by the test."""

    def __init__(self) -> None:
        self.at = NOW

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def moving(api: Api, tmp_path: Path) -> Iterator[tuple[TestClient, Moving]]:
    clock = Moving()
    settings = Settings(database_url="sqlite://", files_dir=tmp_path, base_url="http://testserver")
    app = create_app(settings, clock=clock)
    with TestClient(app, follow_redirects=False) as client:
        app.state.session_factory = api.factory
        yield client, clock


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_token_expires_when_chosen_is_listed_so_and_is_refused_after_it(
    api: Api, moving: tuple[TestClient, Moving]
) -> None:
    client, clock = moving
    me = api.callers[Role.DISTRICT_OFFICER].headers
    made = {}
    for name, days in (("默认", ...), ("一周", 7), ("长期", None)):
        body: dict[str, object] = {"name": name}
        if days is not ...:
            body["expires_in_days"] = days
        answer = client.post("/api/v1/me/tokens", json=body, headers=me)
        assert answer.status_code == 201, answer.text
        made[name] = answer.json()
    assert _when(made["默认"]["expires_at"]) == NOW + timedelta(days=90)
    assert _when(made["一周"]["expires_at"]) == NOW + timedelta(days=7)
    assert made["长期"]["expires_at"] is None
    listed = {t["name"]: t for t in client.get("/api/v1/me/tokens", headers=me).json()["items"]}
    assert listed["长期"]["expires_at"] is None
    for name in ("默认", "一周"):
        assert _when(listed[name]["expires_at"]) == _when(made[name]["expires_at"])

    week = _bearer(made["一周"]["token"])
    clock.at = NOW + timedelta(days=7) - timedelta(seconds=1)
    assert client.get("/api/v1/me", headers=week).status_code == 200
    clock.at = NOW + timedelta(days=7)
    refused = client.get("/api/v1/me", headers=week)
    assert refused.status_code == 401
    error = refused.json()["error"]
    day = to_shanghai(NOW + timedelta(days=7)).date()
    assert error["code"] == "token_expired"
    assert error["field"] == "authorization"
    assert (
        error["message"] == f"API 令牌已于{day.year}年{day.month}月{day.day}日过期，请重新申请令牌"
    )
    # A write is refused the same way, before anything is looked at.
    assert client.post("/api/v1/me/tokens", json={"name": "续"}, headers=week).status_code == 401
    clock.at = NOW + timedelta(days=3650)
    assert client.get("/api/v1/me", headers=_bearer(made["长期"]["token"])).status_code == 200
    assert client.get("/api/v1/me", headers=_bearer(made["默认"]["token"])).status_code == 401


def test_an_expiry_out_of_range_is_refused_by_its_field_and_nothing_is_issued(
    api: Api, moving: tuple[TestClient, Moving]
) -> None:
    client, _ = moving
    me = api.callers[Role.FINANCE].headers
    before = client.get("/api/v1/me/tokens", headers=me).json()["items"]
    for days in (0, -5, 3651):
        refused = client.post(
            "/api/v1/me/tokens", json={"name": "脚本", "expires_in_days": days}, headers=me
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["message"] in ("有效天数不能小于1", "有效天数不能大于3650")
        problem = refused.json()["error"]["problems"][0]
        assert problem["field"] == "expires_in_days"
        assert problem["message"] in ("不能小于1", "不能大于3650")
    wrong_type = client.post(
        "/api/v1/me/tokens", json={"name": "脚本", "expires_in_days": "ever"}, headers=me
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["error"]["field"] == "expires_in_days"
    assert client.get("/api/v1/me/tokens", headers=me).json()["items"] == before


def test_the_api_login_issues_a_token_with_the_expiry_asked_for(
    api: Api, moving: tuple[TestClient, Moving]
) -> None:
    client, clock = moving
    caller = api.callers[Role.UNIT_CONTACT]
    login = {"username": caller.principal.username, "password": api.passwords[Role.UNIT_CONTACT]}
    short = client.post("/api/v1/auth/tokens", json={**login, "expires_in_days": 1})
    assert short.status_code == 201, short.text
    assert _when(short.json()["expires_at"]) == NOW + timedelta(days=1)
    default = client.post("/api/v1/auth/tokens", json=login)
    assert _when(default.json()["expires_at"]) == NOW + timedelta(days=90)
    clock.at = NOW + timedelta(days=2)
    assert client.get("/api/v1/me", headers=_bearer(short.json()["token"])).status_code == 401
    assert client.get("/api/v1/me", headers=_bearer(default.json()["token"])).status_code == 200
