"""A deleted row's id is never given again (SQLite as PostgreSQL): the 修改记录 page of an
inspection scheduled after a withdrawn one, or of a contact added after a removed one, holds
only its own entries; the removed contact's page still holds its own."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.listings.repository import Window
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import csrf_of


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _entries(html: str) -> list[str]:
    return [_text(part) for part in html.split('class="card history-entry"')[1:]]


def _schedule(browser, designation_id: int, cycle_no: str) -> int:
    form = browser.get(f"/designations/{designation_id}/inspections/new")
    data = {
        "csrf_token": csrf_of(form.text),
        "kind": "cycle_end",
        "scheduled_on": "2026-11-25",
        "place": "二号车间",
        "inspectors": "王干事",
        "cycle_no": cycle_no,
    }
    sent = browser.post(f"/designations/{designation_id}/inspections", data=data)
    assert sent.status_code == 303, sent.text
    return int(sent.headers["location"].rsplit("/", 1)[1])


def test_an_inspection_scheduled_after_a_withdrawn_one_shows_only_its_own_history(site):
    # A Yangpu title named 2017-10-16: cycles 1 and 2 ended uninspected, either may be inspected
    # now (a cycle only at its end [Y12], reading D5).
    with site.uow() as u:
        d = f.named_designation(
            u,
            site.tree,
            scheme="yangpu-district",
            naming_date=date(2017, 10, 16),
            shop=f.workshop(u, site.tree, founded_on=date(2016, 1, 1)),
        )
        u.commit()
    district = site.login("district")
    wrong = _schedule(district, d.id, "2")
    page = district.get(f"/inspections/{wrong}")
    action = f"/inspections/{wrong}/withdrawal"
    version = re.search(
        rf'action="{action}".*?name="expected_version" value="(\d+)"', page.text, re.S
    )
    assert version is not None
    data = {
        "csrf_token": csrf_of(page.text, action),
        "expected_version": version.group(1),
        "withdraw_reason": "管理周期选错",
    }
    assert district.post(action, data=data).status_code == 303

    right = _schedule(district, d.id, "1")
    assert right != wrong
    history = district.get(f"/history/inspection/{right}")
    assert history.status_code == 200
    (only,) = _entries(history.text)
    assert "· 新建" in only
    assert "管理周期 1" in only
    assert "· 删除" not in history.text
    assert "管理周期选错" not in history.text
    assert district.get(f"/history/inspection/{wrong}").status_code == 404


def _contact_id(site, email: str) -> int:
    with site.uow() as uow:
        (found,) = [
            c
            for c in uow.listings.contacts(site.tree.unit.id, EVERYTHING, Window()).items
            if c.email == email
        ]
        return int(found.id)


def _add_contact(admin, site, name: str, email: str) -> int:
    page = admin.get("/admin/contacts")
    data = {
        "csrf_token": csrf_of(page.text, "/admin/contacts"),
        "union_id": str(site.tree.unit.id),
        "name": name,
        "email": email,
        "role": "unit_contact",
    }
    assert admin.post("/admin/contacts", data=data).status_code == 303
    return _contact_id(site, email)


def test_a_contact_added_after_a_removed_one_shows_only_its_own_history(site):
    admin = site.login("admin")
    first = _add_contact(admin, site, "李联系人", "li@unit.example.cn")
    page = admin.get(f"/admin/contacts/{first}/edit").text
    remove = f"/admin/unions/{site.tree.unit.id}/contacts/{first}/remove"
    sent = {"csrf_token": csrf_of(page, remove), "expected_version": "1"}
    assert admin.post(remove, data=sent).status_code == 303

    second = _add_contact(admin, site, "赵联系人", "zhao@unit.example.cn")
    assert second != first
    history = admin.get(f"/history/contact/{second}")
    assert history.status_code == 200
    assert "赵联系人（zhao@unit.example.cn）" in history.text
    assert "（已移除）" not in history.text
    (only,) = _entries(history.text)
    assert "· 新建" in only
    assert "李联系人" not in history.text
    # The removed one's page is still its own: its creation and its removal, nothing newer.
    removed = admin.get(f"/history/contact/{first}")
    assert removed.status_code == 200
    assert "李联系人（li@unit.example.cn）（已移除）" in removed.text
    newest, created = _entries(removed.text)
    assert "· 删除" in newest
    assert "· 新建" in created
    assert "赵联系人" not in removed.text
