"""A password set in a page is at most 200 characters, as the API's login takes: a longer one
would log in on the page but never over the API, nor be given back as the current password."""

from __future__ import annotations

from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of

LONG = "Ab3-long-" * 22 + "xyz"  # 201 characters
LONGEST = LONG[:200]


def _id_of(site: Site, who: str) -> int:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id


def test_a_password_over_200_characters_is_refused_beside_its_field_in_every_form(
    site: Site,
) -> None:
    assert len(LONG) == 201
    admin = site.login("admin")
    finance = _id_of(site, "finance")
    with site.uow() as u:
        before = u.accounts.get_user(finance, EVERYTHING).password_hash
    action = f"/admin/users/{finance}/password"
    form = admin.get(action).text
    reset = admin.post(
        action,
        data={"csrf_token": csrf_of(form, action), "password": LONG, "confirm_password": LONG},
    )
    assert reset.status_code == 422
    assert "密码不能超过200个字符" in reset.text
    with site.uow() as u:
        assert u.accounts.get_user(finance, EVERYTHING).password_hash == before
    listed = admin.get("/admin/users").text
    new_user = {
        "csrf_token": csrf_of(listed, "/admin/users"),
        "username": "long_pass_user",
        "display_name": "长密码",
        "password": LONG,
        "confirm_password": LONG,
        "role": "finance",
        "union_id": str(site.tree.district.id),
    }
    created = admin.post("/admin/users", data=new_user)
    assert created.status_code == 422
    assert "密码不能超过200个字符" in created.text
    with site.uow() as u:
        assert u.accounts.user_by_username("long_pass_user") is None
    own = site.login("district")
    page = own.get("/account/password").text
    changed = own.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page, "/account/password"),
            "current_password": site.passwords["district"],
            "new_password": LONG,
            "confirm_password": LONG,
        },
    )
    assert changed.status_code == 422
    assert "密码不能超过200个字符" in changed.text
    # 200 characters are taken, and log in over the API too.
    done = admin.post(
        action,
        data={
            "csrf_token": csrf_of(form, action),
            "password": LONGEST,
            "confirm_password": LONGEST,
        },
    )
    assert done.status_code == 303
    login = {"username": site.usernames["finance"], "password": LONGEST}
    assert site.client().post("/api/v1/auth/tokens", json=login).status_code == 201
