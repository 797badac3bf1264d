"""Admins edit a user's e-mail, role and union (page and API) and see that user's reminders."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from jobs.tasks import sweep_last_week
from lifecycle.accounts.model import User
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import AS_OF, NOW, demo_site


@pytest.fixture
def site(demo_copy: DemoCopy):
    with demo_site(demo_copy) as s:
        sweep_last_week(lambda: UnitOfWork(s.sessions), AS_OF, policy=ReminderPolicy(), now=NOW)
        yield s


def _user_id(site, username: str) -> int:
    with UnitOfWork(site.sessions) as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def test_demo_users_have_addresses_and_their_reminders(site):
    unit = site.login("unit")
    mine = unit.get("/api/v1/me/reminders").json()
    assert mine["total"] > 0
    assert "rn-contact@example.cn" in unit.get("/my/reminders").text


def test_the_admin_changes_an_address_on_the_page_and_sees_that_users_reminders(site):
    admin = site.login("admin")
    unit_id = _user_id(site, "unit")
    page = admin.get(f"/admin/users/{unit_id}")
    assert page.status_code == 200
    assert "rn-contact@example.cn" in page.text
    refused = admin.post(
        f"/admin/users/{unit_id}",
        data={
            "csrf_token": csrf_of(page.text, f"/admin/users/{unit_id}"),
            "email": "not-an-address",
            "role": "unit_contact",
            "union_id": "",
        },
    )
    assert refused.status_code == 422
    assert 'id="email-error">电子邮箱格式不正确' in refused.text  # both at once
    assert 'id="union_id-error">请选择所属工会' in refused.text
    assert 'value="not-an-address"' in refused.text  # what was typed is kept
    with UnitOfWork(site.sessions) as uow:
        union_id = uow.accounts.get_user(unit_id, scope=EVERYTHING).union_id
    saved = admin.post(
        f"/admin/users/{unit_id}",
        data={
            "csrf_token": csrf_of(page.text, f"/admin/users/{unit_id}"),
            "email": "YP-Officer@example.cn",
            "role": "unit_contact",
            "union_id": str(union_id),
        },
    )
    assert saved.status_code == 303
    after = admin.get(saved.headers["location"]).text
    assert "已保存" in after
    assert "yp-officer@example.cn" in after
    assert "暂无提醒" not in after  # the district's reminders now show for this user
    api = admin.get(f"/api/v1/users/{unit_id}/reminders").json()
    assert api["total"] > 0


def test_the_api_edits_role_and_union_and_refuses_an_admins_own_role(site):
    admin = site.login("admin")
    token = csrf_of(admin.get("/admin/users").text)
    unit_id, admin_id = _user_id(site, "unit"), _user_id(site, "admin")
    with UnitOfWork(site.sessions) as uow:
        yangpu = uow.accounts.get_user(_user_id(site, "yangpu"), scope=EVERYTHING).union_id
    changed = admin.patch(
        f"/api/v1/users/{unit_id}",
        json={"role": "district_officer", "union_id": yangpu},
        headers={"X-CSRF-Token": token},
    )
    assert changed.status_code == 200
    assert changed.json()["role"] == "district_officer"
    assert changed.json()["email"] == "rn-contact@example.cn"  # left out: unchanged
    own = admin.patch(
        f"/api/v1/users/{admin_id}", json={"role": "city_officer"}, headers={"X-CSRF-Token": token}
    )
    assert own.status_code == 422
    assert own.json()["error"]["problems"][0]["field"] == "role"
    assert site.login("city").patch(f"/api/v1/users/{unit_id}", json={}).status_code == 403


def test_the_admin_corrects_a_users_name_on_the_page_and_by_the_api(site):
    admin = site.login("admin")
    unit_id = _user_id(site, "unit")
    action = f"/admin/users/{unit_id}"
    page = admin.get(action)
    with UnitOfWork(site.sessions) as uow:
        found = uow.accounts.get_user(unit_id, scope=EVERYTHING)
        union_id, version, name = found.union_id, found.version, found.display_name
    assert f'value="{name}"' in page.text
    typed = {
        "csrf_token": csrf_of(page.text, action),
        "display_name": "",
        "email": "not-an-address",
        "role": "unit_contact",
        "union_id": str(union_id),
        "expected_version": str(version),
    }
    refused = admin.post(action, data=typed)
    assert refused.status_code == 422
    assert 'id="display_name-error">姓名不能为空' in refused.text  # with the e-mail, at once
    assert 'id="email-error">电子邮箱格式不正确' in refused.text
    saved = admin.post(
        action, data=typed | {"display_name": "  钱联络员 ", "email": "rn-contact@example.cn"}
    )
    assert saved.status_code == 303, saved.text
    assert "钱联络员" in admin.get(saved.headers["location"]).text
    with UnitOfWork(site.sessions) as uow:
        found = uow.accounts.get_user(unit_id, scope=EVERYTHING)
        assert (found.display_name, found.version) == ("钱联络员", version + 1)
    # The page read before that save is refused, not written over it.
    stale = admin.post(action, data=typed | {"display_name": "孙联络员", "email": ""})
    assert stale.status_code == 409
    token = csrf_of(admin.get("/admin/users").text)
    renamed = admin.patch(
        f"/api/v1/users/{unit_id}",
        json={"display_name": "孙联络员", "expected_version": version + 1},
        headers={"X-CSRF-Token": token},
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["display_name"] == "孙联络员"
    assert renamed.json()["version"] == version + 2
    blank = admin.patch(
        f"/api/v1/users/{unit_id}", json={"display_name": ""}, headers={"X-CSRF-Token": token}
    )
    assert blank.status_code == 422
    assert blank.json()["error"]["problems"][0]["field"] == "display_name"


def test_my_reminders_show_no_due_date_for_a_step_without_one(site):
    """A 附件3 step has no deadline (无规定办理期限, 新到待办): 我的提醒 says since when it
    waits, as the digest mail does, not that day as its due date."""
    district = site.login("yangpu")
    mine = district.get("/api/v1/me/reminders").json()["items"]
    waiting = [r for r in mine if r["kind"] == "change_request_step"]
    assert waiting
    assert all(r["undated"] and not r["warning"] for r in waiting)
    page = district.get("/my/reminders").text
    rows = [row for row in page.split("<tr>") if "管理变更申请待办理" in row]
    assert len(rows) == len(waiting)
    for row in rows:
        assert re.search(r"无规定办理期限<br><small>自\d{4}年\d{1,2}月\d{1,2}日起等待</small>", row)
        # 新到待办 for a week, then how long it has waited (the demo's step: two weeks).
        assert re.search(r"<td>(新到待办|已等待\d+天)</td>", row)


def test_a_reminder_passed_on_for_a_union_without_contacts_says_whose_it_is(site):
    """控江路街道总工会 hears of its units' items while they have no contact: 我的提醒, the
    admin's page of the user and the API name the union that must act, as the mail does."""
    kjl = site.login("kjl")
    mine = kjl.get("/api/v1/me/reminders", params={"limit": 500}).json()["items"]
    own_union = kjl.get("/api/v1/me").json()["union_id"]
    passed_on = [r for r in mine if r["union_id"] != own_union]
    names = {r["acting_union_name"] for r in passed_on}
    assert names
    assert all(name.endswith("有限公司工会") for name in names)  # the units under the street
    page = kjl.get("/my/reminders").text
    rows = page.split("<tr>")[2:]
    for name in names:
        said = [row for row in rows if f"代为转达：应由{name}办理" in row]
        assert len(said) == sum(r["acting_union_name"] == name for r in mine), name
    own = [r for r in mine if r["union_id"] == own_union]
    assert len([row for row in rows if "代为转达" not in row]) == len(own)
    user_page = site.login("admin").get(f"/admin/users/{_user_id(site, 'kjl')}").text
    assert user_page.count("代为转达：应由") == len(passed_on)
