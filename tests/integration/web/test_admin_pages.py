"""Admin pages: users, contacts, calendar overrides; my reminders (issue 7 §2). The outbox is
tested in test_admin_outbox_pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lifecycle.accounts.model import User
from lifecycle.audit.model import AuditEntry
from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.unions.model import UnionContact
from tests.integration.web.conftest import Site, csrf_of


def _count(site: Site, model: type) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


ADMIN_GETS = ["/admin/users", "/admin/contacts", "/admin/calendar", "/admin/outbox"]


@pytest.mark.parametrize("who", ["district", "finance", "city", "unit"])
def test_non_admins_get_403_on_admin_pages_and_write_nothing(site: Site, who: str) -> None:
    browser = site.login(who)
    for url in ADMIN_GETS:
        page = browser.get(url)
        assert page.status_code == 403, url
        assert "无权" in page.text
    token = csrf_of(browser.get("/dashboard").text, "/logout")
    before = (_count(site, User), _count(site, UnionContact), _count(site, CalendarOverrideDay))
    posts = {
        "/admin/users": {
            "username": "intruder",
            "display_name": "入侵者",
            "password": "long-enough-password",
            "confirm_password": "long-enough-password",
            "role": "admin",
            "union_id": str(site.tree.city.id),
        },
        "/admin/contacts": {
            "union_id": str(site.tree.district.id),
            "name": "某人",
            "email": "x@example.cn",
            "role": "officer",
        },
        f"/admin/users/{site.designation.id}/deactivate": {},
        "/admin/outbox/1/retry": {},
    }
    for url, data in posts.items():
        assert browser.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    refused = browser.post(
        "/admin/calendar",
        data={"csrf_token": token},
        files={"file": ("c.csv", b"2027-01-01,holiday\n", "text/csv")},
    )
    assert refused.status_code == 403
    after = (_count(site, User), _count(site, UnionContact), _count(site, CalendarOverrideDay))
    assert after == before


def test_admin_creates_a_user_who_can_log_in_and_deactivates_them(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/users")
    assert page.status_code == 200
    assert site.usernames["district"] in page.text
    response = browser.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(page.text, "/admin/users"),
            "username": "newofficer",
            "display_name": "新干事",
            "password": "a-strong-password-1",
            "confirm_password": "a-strong-password-1",
            "role": "district_officer",
            "union_id": str(site.tree.district.id),
            "email": "new@yp.example.cn",
        },
    )
    assert response.status_code == 303
    listed = browser.get("/admin/users").text
    assert "newofficer" in listed
    assert "新干事" in listed
    assert "杨浦区总工会" in listed
    with site.uow() as u:
        created = u.accounts.user_by_username("newofficer")
        assert created is not None
        assert created.active
        assert created.password_hash.startswith("$argon2")
        created_id = created.id
    action = f"/admin/users/{created_id}/deactivate"
    done = browser.post(action, data={"csrf_token": csrf_of(listed, action)})
    assert done.status_code == 303
    with site.uow() as u:
        found = u.accounts.user_by_username("newofficer")
        assert found is not None
        assert not found.active


def test_bad_user_form_shows_errors_beside_fields_keeps_input_and_writes_nothing(
    site: Site,
) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/users")
    before = _count(site, User)
    refused = browser.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(page.text, "/admin/users"),
            "username": "Bad Name!",
            "display_name": "坏名字",
            "password": "short",
            "confirm_password": "short",
            "role": "district_officer",
            "union_id": str(site.tree.district.id),
            "email": "not-an-email",
        },
    )
    assert refused.status_code == 422
    assert 'id="username-error"' in refused.text
    assert "用户名为3–64位" in refused.text
    assert 'id="password-error"' in refused.text
    assert "密码至少需要" in refused.text
    assert 'id="email-error"' in refused.text
    assert 'value="Bad Name!"' in refused.text
    assert 'value="坏名字"' in refused.text
    assert "short" not in refused.text  # the password is never echoed
    missing_role = browser.post(
        "/admin/users",
        data={"csrf_token": csrf_of(page.text, "/admin/users"), "username": "okname"},
    )
    assert missing_role.status_code == 422
    assert 'id="role-error"' in missing_role.text
    assert 'id="union_id-error"' in missing_role.text
    assert _count(site, User) == before


def test_admin_adds_a_contact_and_bad_contact_input_writes_nothing(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/contacts")
    assert page.status_code == 200
    assert "王干事" in page.text
    token = csrf_of(page.text, "/admin/contacts")
    before = _count(site, UnionContact)
    refused = browser.post(
        "/admin/contacts",
        data={
            "csrf_token": token,
            "union_id": str(site.tree.unit.id),
            "name": "李联系人",
            "email": "bad-address",
            "role": "unit_contact",
        },
    )
    assert refused.status_code == 422
    assert 'id="email-error"' in refused.text
    assert 'value="李联系人"' in refused.text
    assert _count(site, UnionContact) == before
    added = browser.post(
        "/admin/contacts",
        data={
            "csrf_token": token,
            "union_id": str(site.tree.unit.id),
            "name": "李联系人",
            "email": "li@unit.example.cn",
            "role": "unit_contact",
        },
    )
    assert added.status_code == 303
    assert "li@unit.example.cn" in browser.get("/admin/contacts").text
    assert _count(site, UnionContact) == before + 1


def test_calendar_csv_import_and_a_bad_file_reported_beside_the_field(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/calendar")
    # A year in the file replaces the whole year, a published one too: the page says so.
    assert "已公布放假安排的年度也以文件为准" in page.text
    assert "须列出该年全部放假日和调休上班日" in page.text
    token = csrf_of(page.text, "/admin/calendar")
    before = _count(site, CalendarOverrideDay)
    bad = b"date,kind\n2027-02-30,holiday\n2027-02-01,vacation\n"
    refused = browser.post(
        "/admin/calendar",
        data={"csrf_token": token},
        files={"file": ("bad.csv", bad, "text/csv")},
    )
    assert refused.status_code == 422
    assert 'id="file-error"' in refused.text
    assert "第2行" in refused.text
    assert "第3行" in refused.text
    assert _count(site, CalendarOverrideDay) == before
    empty = browser.post("/admin/calendar", data={"csrf_token": token})
    assert empty.status_code == 422
    assert "请选择要导入的 CSV 文件" in empty.text
    good = "date,kind\n2027-01-01,休\n2027-02-07,班\n".encode()
    done = browser.post(
        "/admin/calendar",
        data={"csrf_token": token},
        files={"file": ("good.csv", good, "text/csv")},
    )
    assert done.status_code == 200
    assert "已导入：2027年 2 天" in done.text
    assert "2027年2月7日" in done.text
    assert _count(site, CalendarOverrideDay) == before + 2


def test_importing_a_year_again_keeps_each_removed_or_changed_day_in_the_audit_log(
    site: Site,
) -> None:
    """A year imported again replaces the year; the log keeps what was removed and changed."""
    browser = site.login("admin")
    token = csrf_of(browser.get("/admin/calendar").text, "/admin/calendar")

    def send(csv: str) -> None:
        done = browser.post(
            "/admin/calendar",
            data={"csrf_token": token},
            files={"file": ("days.csv", csv.encode(), "text/csv")},
        )
        assert done.status_code == 200, done.text

    send("date,kind\n2027-01-01,休\n2027-02-07,班\n2027-10-09,班\n")
    send("date,kind\n2027-01-01,休\n2027-02-07,休\n")
    with site.uow() as u:
        days = {d.day.isoformat(): d.kind for d in u.session.scalars(select(CalendarOverrideDay))}
        log = [
            (e.action, e.before, e.after)
            for e in u.session.scalars(
                select(AuditEntry).where(AuditEntry.entity == "calendar_override_days")
            )
        ]
    assert {k: v for k, v in days.items() if k.startswith("2027")} == {
        "2027-01-01": "holiday",
        "2027-02-07": "holiday",
    }
    removed = [before for action, before, _ in log if action == "delete"]
    assert [b["day"] for b in removed if b] == ["2027-10-09"]
    changed = [(before, after) for action, before, after in log if action == "update"]
    assert [(b["kind"], a["kind"]) for b, a in changed if b and a] == [("workday", "holiday")]
    assert [action for action, _, _ in log].count("insert") == 3  # 1 January: not written again


def test_my_reminders_page_for_a_user_without_and_with_mail(site: Site) -> None:
    browser = site.login("district")
    page = browser.get("/my/reminders")
    assert page.status_code == 200
    assert "我的提醒" in page.text
    assert "未登记邮箱" in page.text
    nav = browser.get("/dashboard").text
    assert 'href="/my/reminders"' in nav
    assert 'href="/admin/users"' not in nav
    assert 'href="/admin/users"' in site.login("admin").get("/dashboard").text


def test_a_user_form_without_a_role_names_every_other_bad_field_too(site: Site) -> None:
    browser = site.login("admin")
    token = csrf_of(browser.get("/admin/users").text, "/admin/users")
    before = _count(site, User)
    typed = {
        "username": "Bad Name!",
        "display_name": "",
        "password": "short",
        "confirm_password": "short",
        "role": "",
        "union_id": str(site.tree.district.id),
        "email": "not-an-email",
    }
    refused = browser.post("/admin/users", data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    for field, message in (
        ("role", "请选择角色"),
        ("username", "用户名为3–64位小写字母、数字或 _ . -"),
        ("display_name", "姓名不能为空"),
        ("password", "密码至少需要10个字符"),
        ("email", "电子邮箱格式不正确"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="Bad Name!"' in refused.text
    assert 'value="not-an-email"' in refused.text
    assert "short" not in refused.text  # the password is never echoed
    assert _count(site, User) == before


def test_a_user_edit_without_a_union_names_a_bad_address_too(site: Site) -> None:
    with site.uow() as u:
        target = u.session.scalars(
            select(User).where(User.username == site.usernames["unit"])
        ).one()
        target_id, before = target.id, (target.email, target.role, target.union_id)
    browser = site.login("admin")
    action = f"/admin/users/{target_id}"
    token = csrf_of(browser.get(action).text, action)
    typed = {"email": "not-an-address", "role": "unit_contact", "union_id": ""}
    refused = browser.post(action, data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    assert 'id="union_id-error">请选择所属工会' in refused.text
    assert 'id="email-error">电子邮箱格式不正确' in refused.text
    assert 'value="not-an-address"' in refused.text
    with site.uow() as u:
        after = u.session.get(User, target_id)
        assert after is not None
        assert (after.email, after.role, after.union_id) == before
