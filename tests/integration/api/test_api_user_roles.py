"""A user's role fits the level of its union, and a city officer reads their own city only."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _admin(api: Api) -> dict[str, str]:
    return api.callers[Role.ADMIN].headers


def _fields(answer: Any) -> dict[str, str]:
    return {p["field"]: p["message"] for p in answer.json()["error"]["problems"]}


def _new(role: str, union_id: int, username: str) -> dict[str, Any]:
    return {
        "username": username,
        "display_name": "测试用户",
        "password": "long-password-2026",
        "role": role,
        "union_id": union_id,
    }


def test_a_role_that_does_not_fit_its_unions_level_is_refused_beside_both_fields(
    api: Api,
) -> None:
    before = api.client.get("/api/v1/users", headers=_admin(api)).json()["total"]
    for role, union_id in (
        ("city_officer", api.tree.district.id),  # 市总工会干部 of a district union
        ("district_officer", api.tree.city.id),
        ("district_officer", api.tree.unit.id),
        ("unit_contact", api.tree.district.id),
        ("finance", api.tree.unit.id),
        ("admin", api.tree.unit.id),
    ):
        answer = api.client.post(
            "/api/v1/users", headers=_admin(api), json=_new(role, union_id, f"x-{role}-{union_id}")
        )
        assert answer.status_code == 422, (role, answer.text)
        fields = _fields(answer)
        assert set(fields) == {"role", "union_id"}, fields
        assert "只能属于" in fields["role"]
    answer = api.client.post(
        "/api/v1/users", headers=_admin(api), json=_new("city_officer", api.tree.district.id, "c2")
    )
    assert "“市总工会干部”只能属于市总工会，所选工会是区局（产业）工会" in _fields(answer)["role"]
    assert api.client.get("/api/v1/users", headers=_admin(api)).json()["total"] == before
    # Each role at a union it fits is accepted (a sector union's officer does the 初审 [Y7]).
    for role, union_id in (
        ("city_officer", api.tree.city.id),
        ("district_officer", api.tree.sector.id),
        ("finance", api.tree.city.id),
        ("admin", api.tree.district.id),
        ("unit_contact", api.tree.other_unit.id),
    ):
        answer = api.client.post(
            "/api/v1/users", headers=_admin(api), json=_new(role, union_id, f"ok-{role}")
        )
        assert answer.status_code == 201, (role, answer.text)


def test_changing_an_existing_users_role_or_union_must_fit_too(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].principal
    url = f"/api/v1/users/{officer.user_id}"
    for body in (
        {"role": "city_officer"},  # kept at the district union
        {"union_id": api.tree.unit.id},  # a district officer of a unit union
        {"role": "unit_contact", "union_id": api.tree.city.id},
    ):
        answer = api.client.patch(url, headers=_admin(api), json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert set(_fields(answer)) == {"role", "union_id"}
    got = api.client.get(url, headers=_admin(api)).json()
    assert (got["role"], got["union_id"]) == ("district_officer", api.tree.district.id)
    moved = api.client.patch(
        url, headers=_admin(api), json={"role": "unit_contact", "union_id": api.tree.unit.id}
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["role"], moved.json()["union_id"]) == ("unit_contact", api.tree.unit.id)


def test_a_city_officer_reads_every_district_of_their_city_and_nothing_of_another_city(
    api: Api,
) -> None:
    with api.uow() as u:
        leshan = f.leshan_tree(u)  # a second city with its own districts
        theirs = f.named_designation(u, leshan, scheme="leshan-city")
        shop = u.workshops.get(theirs.workshop_id, scope=f.SYSTEM_SCOPE)
        assert shop is not None
        their_person = shop.leader_person_id
        theirs_id = theirs.id
        u.commit()
    for role in (Role.CITY_OFFICER, Role.ADMIN):
        headers = api.callers[role].headers
        # Both districts of the own city …
        for world in (api.own, api.other):
            assert api.client.get(f"/api/v1/persons/{world.person}", headers=headers).is_success
            ledger = f"/api/v1/designations/{world.designation}/fund-ledger"
            assert api.client.get(ledger, headers=headers).status_code == 200
        # … and nothing of the other city, as if it did not exist.
        for url in (
            f"/api/v1/persons/{their_person}",
            f"/api/v1/designations/{theirs_id}",
            f"/api/v1/designations/{theirs_id}/fund-ledger",
        ):
            assert api.client.get(url, headers=headers).status_code == 404, (role, url)
        listed = api.client.get("/api/v1/designations?limit=200", headers=headers).json()
        assert theirs_id not in {d["id"] for d in listed["items"]}


def test_a_person_is_registered_under_a_union_the_registrar_can_see(api: Api) -> None:
    """Everyone reads inside their union's subtree, so a person of no union would be lost to every
    user, the city officer who typed it included: the union is asked for, beside its field."""
    city = api.callers[Role.CITY_OFFICER].headers
    body = {"name": "周师傅", "gender": "male", "birth_date": "1980-01-01"}
    before = api.writes()
    refused = api.client.post("/api/v1/persons", json=body, headers=city)
    assert refused.status_code == 422, refused.text
    assert [p["field"] for p in refused.json()["error"]["problems"]] == ["union_id"]
    assert api.writes() == before
    created = api.client.post(
        "/api/v1/persons", json={**body, "union_id": api.tree.city.id}, headers=city
    )
    assert created.status_code == 201, created.text
    assert api.client.get(f"/api/v1/persons/{created.json()['id']}", headers=city).is_success


def test_an_edit_sent_with_a_version_read_before_anothers_is_refused(api: Api) -> None:
    """Two admins read the user; A sets an address, B's move on the same version would have
    kept the old one: 409 naming ``expected_version``, A's address kept, nothing written."""
    officer = api.callers[Role.DISTRICT_OFFICER].principal
    url = f"/api/v1/users/{officer.user_id}"
    read = api.client.get(url, headers=_admin(api)).json()
    first = {"email": "wang.new@yp.example.cn", "expected_version": read["version"]}
    done = api.client.patch(url, headers=_admin(api), json=first)
    assert done.status_code == 200, done.text
    assert done.json()["version"] == read["version"] + 1
    before = api.writes()
    moved = {
        "email": read["email"],
        "union_id": api.tree.sector.id,
        "expected_version": read["version"],
    }
    stale = api.client.patch(url, headers=_admin(api), json=moved)
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert (error["code"], error["field"]) == ("conflict", "expected_version")
    assert error["message"] == "该用户已在您打开后被修改，请刷新后重试"
    assert api.writes() == before
    got = api.client.get(url, headers=_admin(api)).json()
    assert (got["email"], got["union_id"]) == ("wang.new@yp.example.cn", api.tree.district.id)
