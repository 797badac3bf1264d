"""One's own account (我的账号): every user sees who they are in the service and keeps the
e-mail address their reminders go to (before, only an administrator could set it, and 我的提醒
told a user without one to ask the administrator). A switched-off user's browser is told that
the account was switched off, not to log in again with a password that no longer opens."""

from __future__ import annotations

import re

from tests.integration.web.conftest import Site, csrf_of


def _user(site: Site, who: str) -> tuple[int, str | None, int]:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id, found.email, found.version


def test_each_user_sees_their_account_and_sets_their_own_email(site: Site) -> None:
    for who in ("unit", "finance", "district"):
        browser = site.login(who)
        home = browser.get("/dashboard").text
        assert 'href="/account"' in home  # the name in the header leads there
        page = browser.get("/account")
        assert page.status_code == 200
        assert site.usernames[who] in page.text
        assert 'name="email"' in page.text
        before = _user(site, who)
        version = before[2]
        action = "/account"
        token = csrf_of(page.text, action)
        bad = browser.post(
            action,
            data={"csrf_token": token, "email": "not-an-email", "expected_version": str(version)},
        )
        assert bad.status_code == 422
        assert 'id="email-error">电子邮箱格式不正确' in bad.text
        assert 'value="not-an-email"' in bad.text  # kept as typed
        assert _user(site, who) == before  # nothing written
        good = browser.post(
            action,
            data={
                "csrf_token": token,
                "email": f" {who.upper()}@Example.cn ",
                "expected_version": str(version),
            },
        )
        assert good.status_code == 303
        assert good.headers["location"] == "/account?saved=1"
        assert _user(site, who)[1] == f"{who}@example.cn"
        saved = browser.get("/account?saved=1").text
        assert "邮箱已保存" in saved
        assert f'value="{who}@example.cn"' in saved
        # A page read before that save is refused, not silently written over.
        stale = browser.post(
            action, data={"csrf_token": token, "email": "", "expected_version": str(version)}
        )
        assert stale.status_code == 409
        assert _user(site, who)[1] == f"{who}@example.cn"
        # Cleared: no reminders by mail.
        fresh = re.search(r'name="expected_version" value="(\d+)"', saved)
        assert fresh is not None
        cleared = browser.post(
            action, data={"csrf_token": token, "email": "", "expected_version": fresh.group(1)}
        )
        assert cleared.status_code == 303
        assert _user(site, who)[1] is None


def test_a_switched_off_users_browser_is_told_the_account_is_off(site: Site) -> None:
    victim = site.login("finance")
    admin = site.login("admin")
    user_id = _user(site, "finance")[0]
    listed = admin.get("/admin/users").text
    action = f"/admin/users/{user_id}/deactivate"
    assert admin.post(action, data={"csrf_token": csrf_of(listed, action)}).status_code == 303
    gone = victim.get("/dashboard")
    assert gone.status_code == 303
    login = victim.get(gone.headers["location"]).text
    assert "您的账号已被停用，登录已失效；如需继续使用，请联系系统管理员" in login
    assert "分钟未操作" not in login


def test_my_reminders_without_an_email_leads_to_where_it_is_set(site: Site) -> None:
    browser = site.login("unit")
    assert _user(site, "unit")[1] is None
    page = browser.get("/my/reminders").text
    assert '<a href="/account#email">我的账号</a>中填写邮箱' in page
