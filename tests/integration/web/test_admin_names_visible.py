"""A user's or a contact's name with a bidi override or a zero-width character reads as another
name in every list and mail: refused beside its field by the admin's forms (and the API, the same
rule), with every other bad field of the form at once and nothing written."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.accounts.model import User
from lifecycle.unions.model import UnionContact
from tests.integration.web.conftest import Site, csrf_of

HIDDEN = "\u202e张三"  # U+202E: what follows is shown right to left


def _count(site: Site, model: type) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def _beside(html: str, field: str) -> str:
    assert f'id="{field}-error"' in html, html
    return html.split(f'id="{field}-error">')[1].split("</div>", maxsplit=1)[0]


def test_a_user_name_with_an_invisible_character_is_refused_with_the_other_bad_fields(
    site: Site,
) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/users").text
    before = _count(site, User)
    refused = browser.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(page, "/admin/users"),
            "username": site.usernames["district"],  # taken
            "display_name": HIDDEN,
            "password": "Stronger-pass-42",
            "confirm_password": "Stronger-pass-42",
            "role": "district_officer",
            "union_id": str(site.tree.district.id),
            "email": "x" * 250 + "@a.cn",  # past the column's 254
        },
    )
    assert refused.status_code == 422
    assert "姓名不能包含控制字符或不可见字符" in _beside(refused.text, "display_name")
    assert _beside(refused.text, "username") == "用户名已被使用"
    assert _beside(refused.text, "email") == "邮箱不能超过254个字符"
    assert _count(site, User) == before


def test_the_api_refuses_the_same_user_name_by_its_field(site: Site) -> None:
    token = site.app_client.post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames["admin"], "password": site.passwords["admin"]},
    ).json()["token"]
    body = {
        "username": "hidden-name",
        "display_name": "零宽\u200b名",
        "password": "Stronger-pass-42",
        "role": "district_officer",
        "union_id": site.tree.district.id,
    }
    headers = {"Authorization": f"Bearer {token}"}
    refused = site.app_client.post("/api/v1/users", json=body, headers=headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == "display_name"
    assert refused.json()["error"]["code"] == "invisible_character"


def test_a_contact_name_with_an_invisible_character_is_refused_beside_it(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/contacts").text
    before = _count(site, UnionContact)
    refused = browser.post(
        "/admin/contacts",
        data={
            "csrf_token": csrf_of(page, "/admin/contacts"),
            "union_id": str(site.tree.unit.id),
            "name": HIDDEN,
            "email": "zhang@unit.example.cn",
            "role": "unit_contact",
        },
    )
    assert refused.status_code == 422
    assert "联系人姓名不能包含控制字符或不可见字符" in _beside(refused.text, "name")
    assert 'value="zhang@unit.example.cn"' in refused.text
    assert _count(site, UnionContact) == before


def test_a_refused_deactivation_is_said_once_above_the_list_not_under_the_new_user_form(
    site: Site,
) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/users").text
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames["admin"])
        assert found is not None
        own = found.id
    action = f"/admin/users/{own}/deactivate"
    refused = browser.post(action, data={"csrf_token": csrf_of(page, "/admin/users")})
    assert refused.status_code == 422
    assert refused.text.count("不能停用自己的账号") == 1
    new_user_form = refused.text.split('id="new-user"')[1]
    assert "提交未成功" not in new_user_form
