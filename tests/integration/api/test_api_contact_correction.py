"""An administrator corrects a union contact (a reminder recipient) over JSON: fields left out keep
their value, the rules of adding a contact apply, nothing is written on a refusal, the audit log
keeps each field before and after, and nothing reaches outside the administrator's subtree."""

from __future__ import annotations

from typing import Any

from lifecycle.accounts.service import issue_token
from lifecycle.unions.model import UnionContact
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api


def _path(union_id: int, contact_id: int) -> str:
    return f"/api/v1/unions/{union_id}/contacts/{contact_id}"


def _admin(api: Api) -> dict[str, str]:
    return api.callers[Role.ADMIN].headers


def _row(api: Api, contact_id: int) -> tuple[str, str, str, str | None]:
    with api.uow() as u:
        c = u.session.get(UnionContact, contact_id)
        assert c is not None
        return c.name, c.email, c.role.value, c.phone


def _district_admin(api: Api) -> dict[str, str]:
    """An administrator of the own district only (the fixture's admin sits at the city)."""
    with api.uow() as u:
        principal, _ = f.user(u, Role.ADMIN, api.tree.district.id)
        token = issue_token(u, principal, "区管理员", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def _fields(answer: Any) -> dict[str, str]:
    return {p["field"]: p["message"] for p in answer.json()["error"]["problems"]}


def test_a_corrected_mailbox_and_role_keep_the_record_and_the_audit_shows_old_and_new(
    api: Api,
) -> None:
    contact, path = api.own.contact, _path(api.own.unit, api.own.contact)
    name, old_email, _, _ = _row(api, contact)
    body = {"email": "Zhao.New@Unit.Example.cn", "role": "officer", "phone": "021-65431234"}
    answer = api.client.patch(path, headers=_admin(api), json=body)
    assert answer.status_code == 200, answer.text
    got = answer.json()
    assert got == {
        "id": contact,
        "union_id": api.own.unit,
        "name": name,  # left out, kept
        "email": "zhao.new@unit.example.cn",  # lower-cased as adding does
        "role": "officer",
        "phone": "021-65431234",
        "version": 2,  # the first correction of the contact
    }
    assert _row(api, contact) == (name, "zhao.new@unit.example.cn", "officer", "021-65431234")
    listed = api.client.get(f"/api/v1/unions/{api.own.unit}/contacts", headers=_admin(api))
    assert "zhao.new@unit.example.cn" in {c["email"] for c in listed.json()["items"]}
    with api.uow() as u:
        entry = u.audit.for_record("union_contacts", contact)[-1]
        assert (entry.action, entry.user_id) == (
            "update",
            api.callers[Role.ADMIN].principal.user_id,
        )
        assert entry.before == {"email": old_email, "role": "chair", "phone": None}
        assert entry.after == {
            "email": "zhao.new@unit.example.cn",
            "role": "officer",
            "phone": "021-65431234",
        }
    # The same address in other letters is no change; a null phone clears it.
    again = api.client.patch(
        path, headers=_admin(api), json={"email": "ZHAO.NEW@unit.example.cn", "phone": None}
    )
    assert again.status_code == 200, again.text
    assert (again.json()["email"], again.json()["phone"]) == ("zhao.new@unit.example.cn", None)


def test_a_refused_correction_names_every_bad_field_and_writes_nothing(api: Api) -> None:
    contact, path = api.own.contact, _path(api.own.unit, api.own.contact)
    before, writes = _row(api, contact), api.writes()
    bad = {"name": "   ", "email": "not-an-email", "phone": "1" * 41, "role": "chair"}
    refused = api.client.patch(path, headers=_admin(api), json=bad)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "required"
    assert _fields(refused) == {
        "name": "联系人姓名不能为空",
        "email": "电子邮箱格式不正确",
        "phone": "联系电话不能超过40个字符",
    }
    long = {"name": "李" * 101, "email": "a" * 250 + "@x.cn"}
    too_long = api.client.patch(path, headers=_admin(api), json=long)
    assert too_long.status_code == 422
    assert _fields(too_long) == {
        "name": "联系人姓名不能超过100个字符",
        "email": "电子邮箱不能超过254个字符",
    }
    # A required field sent as null, an unknown kind, an unknown field: refused by the schema.
    shaped = api.client.patch(
        path, headers=_admin(api), json={"name": None, "role": "boss", "mail": "x@y.cn"}
    )
    assert shaped.status_code == 422
    assert set(_fields(shaped)) == {"name", "role", "mail"}
    assert _fields(shaped)["name"] == "不能为空；不修改的字段请省略"
    assert _row(api, contact) == before
    assert api.writes() == writes


def test_an_address_another_contact_of_the_union_holds_is_refused_on_email(api: Api) -> None:
    added = api.client.post(
        f"/api/v1/unions/{api.own.unit}/contacts",
        headers=_admin(api),
        json={"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer"},
    )
    assert added.status_code == 201, added.text
    before, writes = _row(api, api.own.contact), api.writes()
    taken = api.client.patch(
        _path(api.own.unit, api.own.contact),
        headers=_admin(api),
        json={"name": "赵联系人（新）", "email": "Qian@Unit.example.cn"},
    )
    assert taken.status_code == 422, taken.text
    error = taken.json()["error"]
    assert (error["code"], error["field"]) == ("duplicate", "email")
    assert _fields(taken) == {"email": "该工会已有使用此邮箱的联系人"}  # as adding says
    assert _row(api, api.own.contact) == before
    assert api.writes() == writes


def test_the_other_district_is_404_as_a_missing_contact_and_a_unit_contact_is_403(
    api: Api,
) -> None:
    district_admin = _district_admin(api)
    body = {"email": "moved@unit.example.cn"}
    theirs = _path(api.other.unit, api.other.contact)
    before, writes = _row(api, api.other.contact), api.writes()
    outside = api.client.patch(theirs, headers=district_admin, json=body)
    assert outside.status_code == 404, outside.text
    missing = api.client.patch(_path(api.own.unit, 2_000_000), headers=district_admin, json=body)
    assert missing.status_code == 404
    assert outside.json() == missing.json()
    assert outside.json()["error"]["field"] == "contact_id"
    # A contact named under another union than its own is not found either.
    wrong_union = api.client.patch(
        _path(api.own.district, api.own.contact), headers=district_admin, json=body
    )
    assert wrong_union.status_code == 404
    unit = api.client.patch(
        _path(api.own.unit, api.own.contact),
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json=body,
    )
    assert unit.status_code == 403
    assert _row(api, api.other.contact) == before
    assert api.writes() == writes
    # Adding under the other district is refused as a missing union, by the use case.
    added = api.client.post(
        f"/api/v1/unions/{api.other.unit}/contacts",
        headers=district_admin,
        json={"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer"},
    )
    assert added.status_code == 404
    assert added.json()["error"]["field"] == "union_id"
    assert api.writes() == writes
    own = api.client.patch(_path(api.own.unit, api.own.contact), headers=district_admin, json=body)
    assert own.status_code == 200, own.text
    assert own.json()["email"] == "moved@unit.example.cn"


def test_a_correction_sent_with_a_version_read_before_anothers_is_refused(api: Api) -> None:
    """Two clients read the contact; the second to write would undo the first's new phone:
    409 naming ``expected_version``, the phone kept, nothing written by the second."""
    contact, path = api.own.contact, _path(api.own.unit, api.own.contact)
    listed = api.client.get(f"/api/v1/unions/{api.own.unit}/contacts", headers=_admin(api))
    read = next(c for c in listed.json()["items"] if c["id"] == contact)
    first = {"phone": "021-65439999", "expected_version": read["version"]}
    done = api.client.patch(path, headers=_admin(api), json=first)
    assert done.status_code == 200, done.text
    assert done.json()["version"] == read["version"] + 1
    before, row = api.writes(), _row(api, contact)
    renamed = {"name": "赵主席", "expected_version": read["version"]}
    stale = api.client.patch(path, headers=_admin(api), json=renamed)
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert (error["code"], error["field"]) == ("conflict", "expected_version")
    assert error["message"] == "该联系人已在您打开后被修改，请刷新后重试"
    assert api.writes() == before
    assert _row(api, contact) == row  # the new phone kept, the name not changed
    assert row[3] == "021-65439999"


def test_a_removal_sent_on_a_stale_version_is_refused_and_the_current_one_removes(
    api: Api,
) -> None:
    contact, path = api.own.contact, _path(api.own.unit, api.own.contact)
    read = api.client.get(f"/api/v1/unions/{api.own.unit}/contacts", headers=_admin(api)).json()[
        "items"
    ]
    version = next(c["version"] for c in read if c["id"] == contact)
    corrected = api.client.patch(path, headers=_admin(api), json={"email": "new@unit.example.cn"})
    assert corrected.status_code == 200, corrected.text
    before, writes = _row(api, contact), api.writes()
    stale = api.client.delete(path, headers=_admin(api), params={"expected_version": version})
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert (error["code"], error["field"]) == ("conflict", "expected_version")
    assert "已在您打开后被修改" in error["message"]
    assert _row(api, contact) == before
    assert api.writes() == writes
    current = corrected.json()["version"]
    removed = api.client.delete(path, headers=_admin(api), params={"expected_version": current})
    assert removed.status_code == 200, removed.text
    with api.uow() as u:
        assert u.session.get(UnionContact, contact) is None
