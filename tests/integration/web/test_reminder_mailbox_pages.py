"""Where a user's reminder mail goes, said where the address is kept (tester admin63).

The digests are mailed to the unions' contacts (DOMAIN §6), not to a user's own address as
such: 我的账号 said 「提醒邮件发送到此邮箱；留空则不接收提醒邮件」, yet an officer who typed a new
address there went on being mailed at the contact address while 我的提醒 listed nothing, and
one who cleared it was mailed all the same. 我的账号, 我的提醒 and the administrator's page of
the user now say whether the address is some union's contact and, if not, who receives the
union's reminders and who registers a contact.
"""

from __future__ import annotations

import re

from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_site

NOT_A_CONTACT = "此邮箱（wang.new@example.cn）不是任何工会登记的联系人，不会收到提醒邮件。"
GOES_TO = "杨浦区总工会的提醒现发送给王敏（yp-officer@example.cn）、顾佳（yp-finance@example.cn）。"


def _plain(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_the_account_says_whether_reminder_mail_reaches_the_address(demo_copy: DemoCopy) -> None:
    with demo_site(demo_copy) as site:
        officer = site.login("yangpu")
        account = officer.get("/account").text
        assert "此邮箱是杨浦区总工会登记的联系人，其提醒邮件发送到此邮箱。" in account
        assert "提醒邮件发送到此邮箱；留空则不接收提醒邮件" not in account  # no longer claimed
        assert officer.get("/api/v1/me").json()["reminder_contact_of"] == ["杨浦区总工会"]
        version = re.search(r'name="expected_version" value="(\d+)"', account)
        assert version is not None
        saved = officer.post(
            "/account",
            data={
                "csrf_token": csrf_of(account, "/account"),
                "email": "Wang.New@example.cn",
                "expected_version": version.group(1),
            },
        )
        assert saved.status_code == 303
        for page in ("/account", "/my/reminders"):
            text = _plain(officer.get(page).text)
            assert NOT_A_CONTACT in text, page
            assert GOES_TO in text, page
            assert "如需由您接收，请系统管理员在「工会联系人」中登记您的邮箱。" in text, page
        assert officer.get("/api/v1/me").json()["reminder_contact_of"] == []  # as the pages
        with UnitOfWork(site.sessions) as uow:
            officer_user = uow.accounts.user_by_username("yangpu")
            assert officer_user is not None
            user_id = officer_user.id
            # What the pages now say is what the sweep does: the union's mail goes to its
            # contacts, not to the address just typed.
            mailed = {r.email for r in uow.reminders.recipients()[officer_user.union_id]}
        assert mailed == {"yp-officer@example.cn", "yp-finance@example.cn"}
        admin_page = _plain(site.login("admin").get(f"/admin/users/{user_id}").text)
        assert NOT_A_CONTACT in admin_page
        assert GOES_TO in admin_page
        assert "如需由该用户接收，请在工会联系人中登记其邮箱。" in admin_page


def test_a_new_users_address_is_stored_as_an_edit_stores_it(demo_copy: DemoCopy) -> None:
    """``POST /api/v1/users`` refused 「 x@y.cn 」 as 电子邮箱格式不正确 and kept 「Rn-Contact@…」
    as typed, where the user's page, 我的账号 and ``PATCH`` trim and lower-case it."""
    with demo_site(demo_copy) as site:
        admin = site.browser()  # an integrator's program: a token, not a session
        issued = admin.post(
            "/api/v1/auth/tokens", json={"username": "admin", "password": DEMO_PASSWORD}
        )
        admin.headers["Authorization"] = f"Bearer {issued.json()['token']}"
        with UnitOfWork(site.sessions) as uow:
            officer = uow.accounts.user_by_username("yangpu")
            assert officer is not None
            union_id = officer.union_id
        body = {
            "username": "yp-second",
            "display_name": "杨浦区总工会 第二位干事",
            "password": "Second-officer-2026",
            "role": "district_officer",
            "union_id": union_id,
            "email": " YP-Officer@Example.cn ",
        }
        made = admin.post("/api/v1/users", json=body)
        assert made.status_code == 201, made.text
        assert made.json()["email"] == "yp-officer@example.cn"
        page = _plain(site.login("admin").get(f"/admin/users/{made.json()['id']}").text)
        assert "此邮箱是杨浦区总工会登记的联系人" in page
        bad = admin.post(
            "/api/v1/users", json={**body, "username": "yp-third", "email": "a b@c.cn"}
        )
        assert bad.status_code == 422
        assert bad.json()["error"]["field"] == "email"
        with UnitOfWork(site.sessions) as uow:
            assert uow.accounts.user_by_username("yp-third") is None
