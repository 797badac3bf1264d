"""The admin's user list comes 50 a page, found by username, name, mailbox or union, like the
contacts list. Before, it listed the first 200 users and no more: in a city of many unit
contacts the 201st could not be reached to be switched off, reset or corrected."""

from __future__ import annotations

import re

from lifecycle.accounts.service import NewUser, create_user
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.factories import OFFICER, USER_PASSWORD
from tests.integration.web.conftest import Site


def _listed(page: str) -> list[str]:
    return re.findall(r'<tr id="user-(\d+)">', page)


def test_the_users_come_50_a_page_and_are_found_by_name(site: Site) -> None:
    with site.uow() as u:
        before = u.accounts.count_users(EVERYTHING)
        for n in range(210):
            create_user(
                u,
                NewUser(f"lianxi{n:03d}", f"联系人{n:03d}", USER_PASSWORD, Role.UNIT_CONTACT,
                        site.tree.unit.id, f"lianxi{n:03d}@unit.example.cn"),
                OFFICER,
                scope=EVERYTHING,
            )  # fmt: skip
        u.commit()
    total = before + 210
    admin = site.login("admin")
    first = admin.get("/admin/users")
    assert first.status_code == 200
    assert f"用户（共 {total} 人）" in first.text
    assert len(_listed(first.text)) == 50
    assert "第 1–50 人" in first.text
    assert 'href="?page=2"' in first.text
    last_page = (total + 49) // 50
    last = admin.get(f"/admin/users?page={last_page}")
    assert len(_listed(last.text)) == total - 50 * (last_page - 1)
    assert "lianxi209" in last.text  # the last one made, beyond the 200 the page used to show
    seen = {
        i
        for p in range(1, last_page + 1)
        for i in _listed(admin.get(f"/admin/users?page={p}").text)
    }
    assert len(seen) == total
    # Found by a part of the name, the mailbox, or the union, the search kept by the pager.
    found = admin.get("/admin/users", params={"q": "联系人20"})
    assert len(_listed(found.text)) == 10  # 联系人200 … 联系人209
    assert "用户（共 10 人）" in found.text
    by_mail = admin.get("/admin/users", params={"q": "LIANXI007@UNIT"})
    assert len(_listed(by_mail.text)) == 1
    by_union = admin.get("/admin/users", params={"q": site.tree.unit.name})
    assert "用户（共 2" in by_union.text  # 210 and the site's own unit contact
    assert 'href="?q=' in by_union.text
    assert "page=2" in by_union.text
    none = admin.get("/admin/users", params={"q": "没有这个人"})
    assert "没有找到与「没有这个人」相符的用户" in none.text
