"""A union contact's 修改记录 over JSON (``GET …/contacts/{contact_id}/audit``), like every other
record's audit route; adding a contact over JSON trims and lower-cases the address before checking
it and takes an optional phone."""

from __future__ import annotations

from typing import Any

from lifecycle.unions.model import UnionContact
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _contacts(union_id: int) -> str:
    return f"/api/v1/unions/{union_id}/contacts"


def _audit(union_id: int, contact_id: int) -> str:
    return f"{_contacts(union_id)}/{contact_id}/audit"


def _headers(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _stored(api: Api, contact_id: int) -> tuple[str, str | None]:
    with api.uow() as u:
        c = u.session.get(UnionContact, contact_id)
        assert c is not None
        return c.email, c.phone


def _add(api: Api, **body: Any) -> Any:
    sent = {"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer", **body}
    return api.client.post(_contacts(api.own.unit), headers=_headers(api, Role.ADMIN), json=sent)


def test_the_contact_audit_lists_its_creation_and_a_correction_oldest_first(api: Api) -> None:
    added = _add(api, email="qian@unit.example.cn")
    assert added.status_code == 201, added.text
    contact = added.json()["id"]
    path = f"{_contacts(api.own.unit)}/{contact}"
    corrected = api.client.patch(
        path, headers=_headers(api, Role.ADMIN), json={"email": "Qian.New@Unit.example.cn"}
    )
    assert corrected.status_code == 200, corrected.text
    admin_id = api.callers[Role.ADMIN].principal.user_id
    for reader in (Role.ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.FINANCE):
        answer = api.client.get(_audit(api.own.unit, contact), headers=_headers(api, reader))
        assert answer.status_code == 200, (reader, answer.text)
        page = answer.json()
        assert (page["total"], page["offset"]) == (2, 0)
        created, changed = page["items"]  # oldest first, as every /audit route
        assert (created["action"], created["entity"], created["entity_id"]) == (
            "insert", "union_contacts", str(contact),
        )  # fmt: skip
        assert created["user_id"] == admin_id
        assert created["after"]["email"] == "qian@unit.example.cn"
        assert changed["action"] == "update"
        assert changed["before"] == {"email": "qian@unit.example.cn"}
        assert changed["after"] == {"email": "qian.new@unit.example.cn"}
    paged = api.client.get(
        _audit(api.own.unit, contact),
        headers=_headers(api, Role.ADMIN),
        params={"limit": 1, "offset": 1},
    )
    assert paged.status_code == 200, paged.text
    assert (paged.json()["total"], paged.json()["limit"], paged.json()["offset"]) == (2, 1, 1)
    assert [e["action"] for e in paged.json()["items"]] == ["update"]


def test_the_contact_audit_is_404_outside_the_read_scope_or_under_another_union_and_403_for_a_unit(
    api: Api,
) -> None:
    officer = _headers(api, Role.DISTRICT_OFFICER)
    outside = api.client.get(_audit(api.other.unit, api.other.contact), headers=officer)
    assert outside.status_code == 404, outside.text
    missing = api.client.get(_audit(api.own.unit, 2_000_000), headers=officer)
    assert missing.status_code == 404
    assert outside.json() == missing.json()
    assert outside.json()["error"]["field"] == "contact_id"
    wrong_union = api.client.get(_audit(api.own.district, api.own.contact), headers=officer)
    assert wrong_union.status_code == 404
    assert wrong_union.json() == missing.json()
    # The city reads every district, but a contact named under another union is still missing.
    city = _headers(api, Role.CITY_OFFICER)
    assert api.client.get(_audit(api.other.unit, api.other.contact), headers=city).is_success
    assert api.client.get(_audit(api.own.unit, api.other.contact), headers=city).status_code == 404
    unit = api.client.get(
        _audit(api.own.unit, api.own.contact), headers=_headers(api, Role.UNIT_CONTACT)
    )
    assert unit.status_code == 403
    assert api.client.get(_audit(api.own.unit, api.own.contact), headers=officer).is_success


def test_adding_trims_and_lower_cases_the_address_and_keeps_an_optional_phone(api: Api) -> None:
    spaced = _add(api, email="  Qian@Unit.Example.CN ", phone=" 021-65431234 ")
    assert spaced.status_code == 201, spaced.text
    got = spaced.json()
    assert (got["email"], got["phone"]) == ("qian@unit.example.cn", "021-65431234")
    assert _stored(api, got["id"]) == ("qian@unit.example.cn", "021-65431234")
    without = _add(api, email="li@unit.example.cn")
    assert without.status_code == 201, without.text
    assert without.json()["phone"] is None
    blank = _add(api, email="sun@unit.example.cn", phone="  ")
    assert blank.status_code == 201, blank.text
    assert blank.json()["phone"] is None
    listed = api.client.get(_contacts(api.own.unit), headers=_headers(api, Role.ADMIN)).json()[
        "items"
    ]
    assert {c["email"]: c["phone"] for c in listed}["qian@unit.example.cn"] == "021-65431234"
    # The trimmed address is the one the union already holds.
    again = _add(api, email=" QIAN@unit.example.cn")
    assert again.status_code == 422
    assert again.json()["error"]["field"] == "email"
    writes = api.writes()
    long = _add(api, email="zhou@unit.example.cn", phone="1" * 41)
    assert long.status_code == 422, long.text
    problems = long.json()["error"]["problems"]
    assert [(p["field"], p["message"]) for p in problems] == [("phone", "联系电话不能超过40个字符")]
    assert api.writes() == writes


def test_a_removed_contacts_audit_stays_readable_in_scope_and_404_outside_it(api: Api) -> None:
    admin = _headers(api, Role.ADMIN)
    added = _add(api, email="zhao@unit.example.cn")
    assert added.status_code == 201, added.text
    contact = added.json()["id"]
    path = f"{_contacts(api.own.unit)}/{contact}"
    assert api.client.patch(path, headers=admin, json={"name": "赵干事"}).status_code == 200
    assert api.client.delete(path, headers=admin).status_code == 200
    other = f"{_contacts(api.other.unit)}/{api.other.contact}"
    assert api.client.delete(other, headers=admin).status_code == 200
    writes = api.writes()
    for reader in (Role.ADMIN, Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.FINANCE):
        answer = api.client.get(_audit(api.own.unit, contact), headers=_headers(api, reader))
        assert answer.status_code == 200, (reader, answer.text)
        page = answer.json()
        assert page["total"] == 3
        assert [e["action"] for e in page["items"]] == ["insert", "update", "delete"]
        removal = page["items"][-1]
        assert removal["user_id"] == api.callers[Role.ADMIN].principal.user_id
        assert removal["before"]["email"] == "zhao@unit.example.cn"
        assert removal["before"]["name"] == "赵干事"
    officer = _headers(api, Role.DISTRICT_OFFICER)
    missing = api.client.get(_audit(api.own.unit, 2_000_000), headers=officer)
    assert missing.status_code == 404
    # Another district's removed contact, or this one asked for under another union: absent.
    outside = api.client.get(_audit(api.other.unit, api.other.contact), headers=officer)
    wrong_union = api.client.get(_audit(api.own.district, contact), headers=officer)
    assert (outside.status_code, wrong_union.status_code) == (404, 404)
    assert outside.json() == missing.json() == wrong_union.json()
    city = _headers(api, Role.CITY_OFFICER)
    assert api.client.get(_audit(api.other.unit, api.other.contact), headers=city).is_success
    unit = api.client.get(_audit(api.own.unit, contact), headers=_headers(api, Role.UNIT_CONTACT))
    assert unit.status_code == 403
    assert api.writes() == writes
