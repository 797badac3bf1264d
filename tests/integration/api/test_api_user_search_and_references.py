"""API: the user list searches as /admin/users does (``q``), and a record a body refers to that
does not exist or lies outside the caller's subtree is a 422 naming the field, for a new union's
parent as for a new user's union (before: 404 for the one, 422 for the other)."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _admin(api: Api) -> dict[str, str]:
    return api.callers[Role.ADMIN].headers


def _names(answer: Any) -> set[str]:
    assert answer.status_code == 200, answer.text
    return {u["username"] for u in answer.json()["items"]}


def test_the_user_list_finds_by_username_name_mailbox_or_union_as_the_page_does(
    api: Api,
) -> None:
    """``q`` goes to the repository query /admin/users uses (``accounts.users``)."""
    everyone = api.client.get("/api/v1/users", headers=_admin(api)).json()
    unit_contact = api.callers[Role.UNIT_CONTACT].principal
    by_union = api.client.get(
        "/api/v1/users", headers=_admin(api), params={"q": api.tree.unit.name}
    )
    found = by_union.json()
    assert found["total"] < everyone["total"]
    assert unit_contact.username in _names(by_union)
    assert {u["union_id"] for u in found["items"]} == {api.tree.unit.id}
    # The username's part, in capitals: found as the page finds it (usernames are lower case).
    part = unit_contact.username[2:-1].upper()
    assert unit_contact.username in _names(
        api.client.get("/api/v1/users", headers=_admin(api), params={"q": part})
    )
    nothing = api.client.get("/api/v1/users", headers=_admin(api), params={"q": "无此用户"})
    assert nothing.json()["total"] == 0
    # Blank is refused by field, not read as 「no search」.
    blank = api.client.get("/api/v1/users", headers=_admin(api), params={"q": "  "})
    assert blank.status_code == 422
    assert blank.json()["error"]["field"] == "q"
    # The access rule is unchanged: a unit contact may not list users, searching or not.
    refused = api.client.get(
        "/api/v1/users", headers=api.callers[Role.UNIT_CONTACT].headers, params={"q": "a"}
    )
    assert refused.status_code == 403


def test_a_missing_or_unseen_union_in_a_body_is_422_on_its_field_for_unions_and_users(
    api: Api,
) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    cases: list[tuple[str, dict[str, str], dict[str, Any], str]] = [
        (
            "/api/v1/unions",
            officer,
            {"name": "新单位工会", "level": "unit", "parent_id": 99999},
            "parent_id",
        ),
        (  # the other district's street: outside the officer's subtree, as if missing
            "/api/v1/unions",
            officer,
            {"name": "新单位工会", "level": "unit", "parent_id": api.tree.other_district.id},
            "parent_id",
        ),
        (
            "/api/v1/users",
            _admin(api),
            {
                "username": "nobody-union",
                "display_name": "测试用户",
                "password": "long-password-2026",
                "role": "unit_contact",
                "union_id": 99999,
            },
            "union_id",
        ),
    ]
    for url, headers, body, field in cases:
        answer = api.client.post(url, headers=headers, json=body)
        assert answer.status_code == 422, (url, body, answer.text)
        error = answer.json()["error"]
        assert (error["field"], error["code"]) == (field, "not_found")
        assert "不存在或不在管辖范围内" in error["message"]
    assert api.writes() == before
