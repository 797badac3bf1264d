"""The admin's 重置密码 and 新增用户 forms ask for the password twice: a typo would end the user's
sessions and leave a password nobody knows. A mismatch is refused beside 确认新密码 with every
other bad field, what was typed (but the passwords) is kept, nothing is written. The JSON API
takes the password once (a program does not mistype) and says so in its description."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.accounts.model import User
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of


def _id_of(site: Site, who: str) -> int:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id


def _hash_of(site: Site, user_id: int) -> str:
    with site.uow() as u:
        found = u.accounts.get_user(user_id, EVERYTHING)
        assert found is not None
        return found.password_hash


def _users(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(User)) or 0)


def _beside(html: str, field: str) -> str:
    assert f'id="{field}-error"' in html, html
    return html.split(f'id="{field}-error">')[1].split("</div>", maxsplit=1)[0]


def test_a_reset_typed_differently_the_second_time_changes_nothing(site: Site) -> None:
    victim = site.login("finance")
    admin = site.login("admin")
    finance = _id_of(site, "finance")
    before = _hash_of(site, finance)
    action = f"/admin/users/{finance}/password"
    form = admin.get(action).text
    assert '<label for="f-confirm_password">确认新密码</label>' in form
    token = csrf_of(form, action)

    typo = admin.post(
        action,
        data={
            "csrf_token": token,
            "password": "reset-in-page-2026",
            "confirm_password": "reset-in-pgae-2026",
        },
    )
    assert typo.status_code == 422
    assert _beside(typo.text, "confirm_password") == "两次输入的新密码不一致"
    assert 'id="password-error"' not in typo.text
    assert "reset-in-page-2026" not in typo.text
    assert "reset-in-pgae-2026" not in typo.text
    # A weak password typed differently: both named at once.
    weak = admin.post(
        action, data={"csrf_token": token, "password": "short", "confirm_password": "shorter"}
    )
    assert weak.status_code == 422
    assert _beside(weak.text, "password") == "密码至少需要10个字符"
    assert _beside(weak.text, "confirm_password") == "两次输入的新密码不一致"
    # Not typed the second time at all.
    once = admin.post(action, data={"csrf_token": token, "password": "reset-in-page-2026"})
    assert once.status_code == 422
    assert _beside(once.text, "confirm_password") == "请再次输入新密码"

    assert _hash_of(site, finance) == before
    assert victim.get("/dashboard").status_code == 200  # the user's session did not end

    same = "reset-in-page-2026"
    both = {"csrf_token": token, "password": same, "confirm_password": same}
    done = admin.post(action, data=both)
    assert done.status_code == 303
    assert _hash_of(site, finance) != before
    assert victim.get("/dashboard").status_code == 303  # now it did


def test_a_new_user_typed_differently_is_refused_with_every_other_bad_field(site: Site) -> None:
    admin = site.login("admin")
    page = admin.get("/admin/users").text
    assert '<label for="f-confirm_password">确认初始密码</label>' in page
    before = _users(site)
    typed = {
        "csrf_token": csrf_of(page, "/admin/users"),
        "username": "Bad Name!",
        "display_name": "新干事小王",
        "password": "initial-pass-2026",
        "confirm_password": "initial-pass-2062",
        "role": "district_officer",
        "union_id": str(site.tree.district.id),
        "email": "not-an-email",
    }
    refused = admin.post("/admin/users", data=typed)
    assert refused.status_code == 422
    assert _beside(refused.text, "confirm_password") == "两次输入的初始密码不一致"
    assert _beside(refused.text, "username").startswith("用户名为3–64位")
    assert _beside(refused.text, "email") == "电子邮箱格式不正确"
    assert 'value="新干事小王"' in refused.text
    assert 'value="not-an-email"' in refused.text
    assert "initial-pass-20" not in refused.text  # neither password is echoed
    # Without a role (refused before the use case runs) the mismatch is named too.
    no_role = admin.post("/admin/users", data=typed | {"role": "", "username": "wang.xiao"})
    assert no_role.status_code == 422
    assert _beside(no_role.text, "role") == "请选择角色"
    assert _beside(no_role.text, "confirm_password") == "两次输入的初始密码不一致"
    assert 'value="wang.xiao"' in no_role.text
    assert _users(site) == before

    right = typed | {"username": "wang.xiao", "email": "", "confirm_password": typed["password"]}
    assert admin.post("/admin/users", data=right).status_code == 303
    assert _users(site) == before + 1


def test_the_api_takes_the_password_once_and_says_so(site: Site) -> None:
    login = {"username": site.usernames["admin"], "password": site.passwords["admin"]}
    token = site.app_client.post("/api/v1/auth/tokens", json=login).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "username": "api.made",
        "display_name": "接口新增",
        "password": "api-password-2026",
        "role": "district_officer",
        "union_id": site.tree.district.id,
    }
    made = site.app_client.post("/api/v1/users", json=body, headers=headers)
    assert made.status_code == 201, made.text
    reset = site.app_client.post(
        f"/api/v1/users/{made.json()['id']}/password",
        json={"password": "api-password-2027"},
        headers=headers,
    )
    assert reset.status_code == 200, reset.text
    schemas = site.app_client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("NewUserIn", "PasswordIn"):
        assert "只需传一次" in schemas[name]["properties"]["password"]["description"]
