"""An admin does not reset their own password on the admin's reset form (no current password
asked): a session left open must not be enough to take the account over (OWASP ASVS 2.1.6)."""

from __future__ import annotations

from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of


def _id_of(site: Site, who: str) -> int:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id


def test_the_admin_is_sent_to_change_their_own_password_with_the_current_one(site: Site) -> None:
    admin = site.login("admin")
    other = site.login("admin")  # the same admin in a second browser
    own = _id_of(site, "admin")
    listed = admin.get("/admin/users").text
    # Their own row offers 修改密码 (the own form), every other row 重置密码.
    assert f'<a href="/admin/users/{own}/password">' not in listed
    assert '<a href="/account/password">修改密码</a>' in listed
    assert f'<a href="/admin/users/{_id_of(site, "finance")}/password">重置密码</a>' in listed
    form = admin.get(f"/admin/users/{own}/password")
    assert form.status_code == 200
    assert "不能重置自己的密码：请在“修改密码”页面输入当前密码后修改" in form.text
    assert 'name="password"' not in form.text
    with site.uow() as u:
        before = u.accounts.get_user(own, EVERYTHING).password_hash
    # Posted anyway (the CSRF token of any form of the session), it is refused, nothing written.
    action = f"/admin/users/{own}/password"
    posted = admin.post(action, data={"csrf_token": csrf_of(listed), "password": "taken-over-2026"})
    assert posted.status_code == 403
    assert "不能重置自己的密码" in posted.text
    with site.uow() as u:
        assert u.accounts.get_user(own, EVERYTHING).password_hash == before
    assert other.get("/dashboard").status_code == 200  # no session of theirs ended
