"""The contact correction form of /admin/contacts: the admin corrects a reminder recipient in
place; a refusal shows each Chinese error beside its field with what was typed; nothing crosses a
district."""

from __future__ import annotations

import re

from sqlalchemy import select

from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import UnionContact
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole, Role
from tests.factories import user
from tests.integration.web.conftest import Site, csrf_of


def _district_contact(site: Site) -> UnionContact:
    """The officer the test tree gives the Yangpu district union (王干事)."""
    with site.uow() as u:
        found = u.session.scalars(
            select(UnionContact).where(UnionContact.union_id == site.tree.district.id)
        ).one()
        u.session.expunge(found)
        return found


def _row(site: Site, contact_id: int) -> tuple[str, str, ContactRole, str | None]:
    with site.uow() as u:
        c = u.session.get(UnionContact, contact_id)
        assert c is not None
        return c.name, c.email, c.role, c.phone


def _audited(site: Site, contact_id: int) -> int:
    with site.uow() as u:
        return len(u.audit.for_record("union_contacts", contact_id))


def test_the_admin_corrects_a_contact_through_its_form(site: Site) -> None:
    contact = _district_contact(site)
    browser = site.login("admin")
    listed = browser.get("/admin/contacts").text
    edit = f"/admin/contacts/{contact.id}/edit"
    row = re.search(rf'<tr id="contact-{contact.id}">.*?</tr>', listed, re.S)
    assert row is not None
    assert f'href="{edit}"' in row.group(0)
    assert ">修改或删除</a>" in row.group(0)
    page = browser.get(edit)
    assert page.status_code == 200
    assert f'value="{contact.email}"' in page.text  # the form starts from the record
    assert site.tree.district.name in page.text
    assert f'href="/history/contact/{contact.id}"' in page.text
    typed = {
        "name": "王干事",
        "email": "Wang.New@YP.example.cn",
        "phone": "021-65430000",
        "role": "chair",
    }
    assert browser.post(edit, data=typed).status_code == 403  # no CSRF token
    assert _row(site, contact.id)[1] == contact.email
    done = browser.post(edit, data={"csrf_token": csrf_of(page.text, edit), **typed})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{edit}?saved=1"
    assert "已保存" in browser.get(done.headers["location"]).text
    assert _row(site, contact.id) == (
        "王干事", "wang.new@yp.example.cn", ContactRole.CHAIR, "021-65430000",
    )  # fmt: skip
    assert "wang.new@yp.example.cn" in browser.get("/admin/contacts").text
    history = browser.get(f"/history/contact/{contact.id}").text
    assert contact.email in history
    assert "wang.new@yp.example.cn" in history
    assert "工会主席" in history


def test_a_refused_correction_keeps_what_was_typed_with_the_error_beside_the_field(
    site: Site,
) -> None:
    contact = _district_contact(site)
    with site.uow() as u:
        add_contact(
            u,
            NewContact(site.tree.district.id, "钱干事", "qian@yp.example.cn", ContactRole.FINANCE),
            scope=EVERYTHING,
        )
        u.commit()
    before, audited = _row(site, contact.id), _audited(site, contact.id)
    browser = site.login("admin")
    edit = f"/admin/contacts/{contact.id}/edit"
    token = csrf_of(browser.get(edit).text, edit)
    typed = {"name": "  ", "email": "wang-at-yp", "phone": "021-65431111", "role": "officer"}
    refused = browser.post(edit, data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    assert 'id="name-error">联系人姓名不能为空' in refused.text
    assert 'id="email-error">电子邮箱格式不正确' in refused.text
    assert 'aria-invalid="true" aria-describedby="email-error"' in refused.text
    assert 'value="wang-at-yp"' in refused.text  # what was typed, not the record
    assert 'value="021-65431111"' in refused.text
    taken = browser.post(
        edit, data={"csrf_token": token, **typed, "name": "王干事", "email": "QIAN@yp.example.cn"}
    )
    assert taken.status_code == 422
    assert 'id="email-error">该工会已有使用此邮箱的联系人' in taken.text
    assert 'value="QIAN@yp.example.cn"' in taken.text
    assert _row(site, contact.id) == before
    assert _audited(site, contact.id) == audited


def test_a_correction_without_a_role_names_every_other_bad_field_too(site: Site) -> None:
    contact = _district_contact(site)
    before = _row(site, contact.id)
    browser = site.login("admin")
    edit = f"/admin/contacts/{contact.id}/edit"
    token = csrf_of(browser.get(edit).text, edit)
    typed = {"name": "", "email": "wang-at-yp", "phone": "3" * 41, "role": ""}
    refused = browser.post(edit, data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    for field, message in (
        ("role", "请选择联系人类别"),
        ("name", "联系人姓名不能为空"),
        ("email", "电子邮箱格式不正确"),
        ("phone", "联系电话不能超过40个字符"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="wang-at-yp"' in refused.text
    assert _row(site, contact.id) == before


def test_only_the_admin_of_the_contacts_subtree_corrects_it(site: Site) -> None:
    contact = _district_contact(site)
    edit = f"/admin/contacts/{contact.id}/edit"
    officer = site.login("district")
    assert officer.get(edit).status_code == 403
    token = csrf_of(officer.get("/dashboard").text, "/logout")
    data = {"csrf_token": token, "name": "某人", "email": "x@yp.example.cn", "role": "officer"}
    assert officer.post(edit, data=data).status_code == 403
    with site.uow() as u:
        principal, password = user(u, Role.ADMIN, site.tree.other_district.id)
        u.commit()
    site.usernames["pudong-admin"] = principal.username
    site.passwords["pudong-admin"] = password
    pudong = site.login("pudong-admin")
    listed = pudong.get("/admin/contacts").text
    assert f'href="{edit}"' not in listed  # the list shows only the admin's own subtree
    assert pudong.get(edit).status_code == 404
    token = csrf_of(listed, "/admin/contacts")
    assert pudong.post(edit, data={**data, "csrf_token": token}).status_code == 404
    assert _row(site, contact.id)[:2] == (contact.name, contact.email)
    missing = site.login("admin").get("/admin/contacts/2000000/edit")
    assert missing.status_code == 404


def _listed_row(html: str, email: str) -> str:
    """The row of /admin/contacts listing ``email``."""
    row = re.search(
        rf'<tr id="contact-\d+">(?:(?!</tr>).)*?<td>{re.escape(email)}</td>.*?</tr>', html, re.S
    )
    assert row is not None, email
    return row.group(0)


def test_the_admin_adds_a_contact_with_a_phone_and_the_list_shows_it(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/contacts")
    assert 'name="phone"' in page.text
    assert "<th>电话</th>" in page.text
    token = csrf_of(page.text, "/admin/contacts")
    typed = {
        "union_id": str(site.tree.unit.id),
        "name": "李联系人",
        "email": "  Li@Unit.Example.cn ",
        "phone": " 021-65439999 ",
        "role": "unit_contact",
    }
    added = browser.post("/admin/contacts", data={"csrf_token": token, **typed})
    assert added.status_code == 303, added.text
    with site.uow() as u:
        contact = u.session.scalars(
            select(UnionContact).where(UnionContact.email == "li@unit.example.cn")
        ).one()
        assert (contact.union_id, contact.phone) == (site.tree.unit.id, "021-65439999")
    row = _listed_row(browser.get("/admin/contacts").text, "li@unit.example.cn")
    assert "<td>021-65439999</td>" in row


def test_a_too_long_phone_is_refused_beside_the_field_with_what_was_typed(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/contacts")
    token = csrf_of(page.text, "/admin/contacts")
    with site.uow() as u:
        before = len(u.session.scalars(select(UnionContact)).all())
    typed = {
        "union_id": str(site.tree.unit.id),
        "name": "李联系人",
        "email": "li@unit.example.cn",
        "phone": "1" * 41,
        "role": "unit_contact",
    }
    refused = browser.post("/admin/contacts", data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    assert 'id="phone-error">联系电话不能超过40个字符' in refused.text
    assert 'aria-invalid="true" aria-describedby="phone-error"' in refused.text
    assert 'id="email-error"' not in refused.text
    for value in ("李联系人", "li@unit.example.cn", "1" * 41):
        assert f'value="{value}"' in refused.text  # what was typed is kept
    assert re.search(rf'<option value="{site.tree.unit.id}" selected>', refused.text)
    assert re.search(r'<option value="unit_contact" selected>', refused.text)
    with site.uow() as u:
        assert len(u.session.scalars(select(UnionContact)).all()) == before


def test_a_form_without_a_role_names_every_other_bad_field_too(site: Site) -> None:
    browser = site.login("admin")
    token = csrf_of(browser.get("/admin/contacts").text, "/admin/contacts")
    with site.uow() as u:
        before = len(u.session.scalars(select(UnionContact)).all())
    typed = {
        "union_id": str(site.tree.unit.id),
        "name": "",
        "email": "not-an-address",
        "phone": "2" * 41,
        "role": "",
    }
    refused = browser.post("/admin/contacts", data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    for field, message in (
        ("role", "请选择联系人类别"),
        ("name", "联系人姓名不能为空"),
        ("email", "电子邮箱格式不正确"),
        ("phone", "联系电话不能超过40个字符"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="not-an-address"' in refused.text
    with site.uow() as u:
        assert len(u.session.scalars(select(UnionContact)).all()) == before


def _version_of(page: str) -> str:
    found = re.search(r'name="expected_version" value="(\d+)"', page)
    assert found is not None, "the form carries the version it shows"
    return found.group(1)


def test_a_correction_on_a_page_read_before_anothers_is_refused_and_keeps_what_was_typed(
    site: Site,
) -> None:
    """Two admins opened the form; B's rename would put back the phone A just saved: refused
    as a conflict, A's phone kept, B's typing shown again, nothing written."""
    contact = _district_contact(site)
    edit = f"/admin/contacts/{contact.id}/edit"
    first, second = site.login("admin"), site.login("admin")
    page_a, page_b = first.get(edit).text, second.get(edit).text
    recorded = {"name": contact.name, "email": contact.email, "phone": "", "role": contact.role}
    sent_a = recorded | {"phone": "021-65439999", "expected_version": _version_of(page_a)}
    done = first.post(edit, data={"csrf_token": csrf_of(page_a, edit), **sent_a})
    assert done.status_code == 303, done.text
    after_a, audited = _row(site, contact.id), _audited(site, contact.id)
    sent_b = recorded | {"name": "王建华", "expected_version": _version_of(page_b)}
    refused = second.post(edit, data={"csrf_token": csrf_of(page_b, edit), **sent_b})
    assert refused.status_code == 409
    assert "该联系人已在您打开后被修改，请刷新后重试" in refused.text
    assert 'value="王建华"' in refused.text
    assert _row(site, contact.id) == after_a
    assert after_a[3] == "021-65439999"
    assert _audited(site, contact.id) == audited
