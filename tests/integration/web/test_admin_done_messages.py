"""An administrator is told what a form on the users' and contacts' lists did (tester admin63).

Adding a user, switching one off or on and setting a password all landed on 用户管理 without a
word: the new user is listed last, 50 users a page, so in a city of many users nothing on the
page showed that anything had happened. Adding a contact did the same on 工会联系人. The list
now names the change above it (the user by name, with a link: they may be on another page) and
what follows from it; a union not chosen is 「请选择…」, as the form offers a list.
"""

from __future__ import annotations

import re

from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_site

PASSWORD = "Second-officer-2026"


def _done(html: str) -> str:
    found = re.search(r'<div class="notice-ok" role="status" id="(?:done|added)">(.*?)</div>', html)
    assert found is not None, "no confirmation above the list"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_each_change_to_a_user_or_a_contact_is_named_above_the_list(demo_copy: DemoCopy) -> None:
    with demo_site(demo_copy) as site:
        admin = site.login("admin")
        with UnitOfWork(site.sessions) as uow:
            officer = uow.accounts.user_by_username("yangpu")
            assert officer is not None
            union_id = officer.union_id
        listed = admin.get("/admin/users").text
        form = {
            "csrf_token": csrf_of(listed, "/admin/users"),
            "username": "yp-second",
            "display_name": "杨浦区总工会 第二位干事",
            "role": "district_officer",
            "union_id": "",
            "email": "",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        }
        refused = admin.post("/admin/users", data=form)
        assert refused.status_code == 422
        assert 'id="union_id-error">请选择所属工会' in refused.text  # not 「请填写」
        made = admin.post("/admin/users", data={**form, "union_id": str(union_id)})
        assert made.status_code == 303
        with UnitOfWork(site.sessions) as uow:
            new = uow.accounts.user_by_username("yp-second")
            assert new is not None
            new_id = new.id
        assert made.headers["location"] == f"/admin/users?done=created&user={new_id}"
        told = admin.get(made.headers["location"]).text
        assert _done(told) == "已新增用户 yp-second（杨浦区总工会 第二位干事）。"
        assert f'<a href="/admin/users/{new_id}">yp-second</a>' in told

        steps = (
            (f"/admin/users/{new_id}/deactivate", {}, "已停用用户"),
            (f"/admin/users/{new_id}/reactivate", {}, "已重新启用用户"),
        )
        for action, extra, said in steps:
            page = admin.get("/admin/users").text
            done = admin.post(action, data={"csrf_token": csrf_of(page, action), **extra})
            assert done.status_code == 303, action
            assert _done(admin.get(done.headers["location"]).text).startswith(
                f"{said} yp-second（杨浦区总工会 第二位干事）："
            )
        action = f"/admin/users/{new_id}/password"
        page = admin.get(action).text
        fresh = "Another-officer-2027"
        done = admin.post(
            action,
            data={
                "csrf_token": csrf_of(page, action),
                "password": fresh,
                "confirm_password": fresh,
            },
        )
        assert done.status_code == 303
        said = _done(admin.get(done.headers["location"]).text)
        assert said.startswith("已重设密码：用户 yp-second（杨浦区总工会 第二位干事）")
        assert "日历订阅地址已失效" in said
        # A user outside the admin's tree is not named, whatever the address says.
        with UnitOfWork(site.sessions) as uow:
            leshan = uow.accounts.user_by_username("leshan")
            assert leshan is not None
            leshan_id = leshan.id
        quiet = admin.get(f"/admin/users?done=created&user={leshan_id}").text
        assert 'id="done"' not in quiet

        contacts = admin.get("/admin/contacts").text
        contact = {
            "csrf_token": csrf_of(contacts, "/admin/contacts"),
            "union_id": "",
            "name": "李干事",
            "email": "li.ganshi@example.cn",
            "phone": "",
            "role": "officer",
        }
        refused = admin.post("/admin/contacts", data=contact)
        assert refused.status_code == 422
        assert 'id="union_id-error">请选择工会' in refused.text
        added = admin.post("/admin/contacts", data={**contact, "union_id": str(union_id)})
        assert added.status_code == 303
        assert "联系人已新增" in _done(admin.get(added.headers["location"]).text)
