"""A password holding the account's own user name is refused (tester admin63; NIST SP 800-63B
5.1.1.2 「context-specific words, such as … the username」): before, 「blank1blank1」 was
accepted as the password of user blank1 on every path. Refused beside the password field with
the other bad fields, on the admin's new-user form, the admin's reset over the API and one's own
change; nothing written."""

from __future__ import annotations

from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_site

SAID = "密码不能包含用户名，请换一个不易猜到的密码"


def test_a_password_holding_the_user_name_is_refused_on_every_path(demo_copy: DemoCopy) -> None:
    with demo_site(demo_copy) as site:
        admin = site.login("admin")
        with UnitOfWork(site.sessions) as uow:
            unit = uow.accounts.user_by_username("unit")
            assert unit is not None
            unit_id, union_id, unit_hash = unit.id, unit.union_id, unit.password_hash
        listed = admin.get("/admin/users").text
        refused = admin.post(
            "/admin/users",
            data={
                "csrf_token": csrf_of(listed, "/admin/users"),
                "username": "wang.min",
                "display_name": "王敏",
                "role": "district_officer",
                "union_id": str(union_id),
                "email": "not-an-address",
                "password": "Wang.Min-2026",
                "confirm_password": "Wang.Min-2026",
            },
        )
        assert refused.status_code == 422
        assert f'id="password-error">{SAID}' in refused.text
        assert 'id="email-error">电子邮箱格式不正确' in refused.text  # every bad field at once
        assert 'value="wang.min"' in refused.text  # what was typed is kept
        with UnitOfWork(site.sessions) as uow:
            assert uow.accounts.user_by_username("wang.min") is None

        program = site.browser()
        issued = program.post(
            "/api/v1/auth/tokens", json={"username": "admin", "password": DEMO_PASSWORD}
        )
        program.headers["Authorization"] = f"Bearer {issued.json()['token']}"
        reset = program.post(f"/api/v1/users/{unit_id}/password", json={"password": "UNIT-2027-x9"})
        assert reset.status_code == 422
        assert reset.json()["error"]["field"] == "password"
        assert reset.json()["error"]["message"] == SAID

        own = site.login("unit")
        page = own.get("/account/password").text
        changed = own.post(
            "/account/password",
            data={
                "csrf_token": csrf_of(page, "/account/password"),
                "current_password": "wrong-password-2026",
                "new_password": "my-unit-2027",
                "confirm_password": "my-unit-2027",
            },
        )
        assert changed.status_code == 422
        assert f'id="new_password-error">{SAID}' in changed.text
        assert 'id="current_password-error">当前密码不正确' in changed.text
        with UnitOfWork(site.sessions) as uow:
            after = uow.accounts.user_by_username("unit")
            assert after is not None
            assert after.password_hash == unit_hash  # nothing written
