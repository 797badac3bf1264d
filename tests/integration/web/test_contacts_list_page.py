"""「工会联系人」 (/contacts): every reader lists who receives the reminders of the unions in
their subtree, 50 to a page, finds one by name, mailbox or union, and opens its 修改记录 where
their role reads history. Nothing of another district shows."""

from __future__ import annotations

import re

from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole
from tests.integration.web.conftest import Site, csrf_of


def _add(site: Site, union_id: int, name: str, email: str) -> int:
    with site.uow() as u:
        contact = add_contact(
            u, NewContact(union_id, name, email, ContactRole.OFFICER), scope=EVERYTHING
        )
        u.commit()
        return contact.id


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="contact-\d+">.*?</tr>', html, re.S)


def test_a_district_officer_finds_the_contacts_of_the_district_and_their_history(
    site: Site,
) -> None:
    unit = _add(site, site.tree.unit.id, "赵主席", "zhao@unit.example.cn")
    _add(site, site.tree.other_district.id, "浦东李干事", "li@pd.example.cn")
    browser = site.login("district")
    assert 'href="/contacts"' in browser.get("/dashboard").text  # in the menu
    page = browser.get("/contacts")
    assert page.status_code == 200
    rows = _rows(page.text)
    assert len(rows) == 2
    assert "共 2 人，第 1–2 人" in page.text
    assert site.tree.district.name in rows[0]  # the union tree's order: the district first
    assert "王干事" in rows[0]
    assert "赵主席" in rows[1]
    assert "zhao@unit.example.cn" in rows[1]
    assert site.tree.unit.name in rows[1]
    assert "浦东李干事" not in page.text
    history = f'href="/history/contact/{unit}"'
    assert history in rows[1]
    assert browser.get(f"/history/contact/{unit}").status_code == 200
    # Found by name, by mailbox, by union; another district's contact is not found.
    assert len(_rows(browser.get("/contacts", params={"q": "赵主席"}).text)) == 1
    assert len(_rows(browser.get("/contacts", params={"q": "ZHAO@unit"}).text)) == 1
    assert len(_rows(browser.get("/contacts", params={"q": site.tree.unit.name}).text)) == 1
    assert _rows(browser.get("/contacts", params={"q": "%"}).text) == []  # a literal %, no wildcard
    assert _rows(browser.get("/contacts", params={"q": "_"}).text) == []
    none = browser.get("/contacts", params={"q": "浦东李干事"})
    assert _rows(none.text) == []
    assert "没有找到与「浦东李干事」相符的联系人" in none.text
    # Only the admin is offered the way to change them.
    assert 'href="/admin/contacts"' not in page.text
    assert 'href="/admin/contacts"' in site.login("admin").get("/contacts").text


def test_the_list_comes_50_a_page_keeping_the_search(site: Site) -> None:
    for i in range(55):
        _add(site, site.tree.unit.id, f"联络员{i:02d}", f"liaison{i:02d}@unit.example.cn")
    browser = site.login("city")
    first = browser.get("/contacts", params={"q": "联络员"})
    assert len(_rows(first.text)) == 50
    assert "共 55 人，第 1–50 人" in first.text
    assert 'href="?q=%E8%81%94%E7%BB%9C%E5%91%98&amp;page=2" rel="next"' in first.text
    second = browser.get("/contacts", params={"q": "联络员", "page": 2})
    assert len(_rows(second.text)) == 5
    assert "共 55 人，第 51–55 人" in second.text
    assert 'rel="prev"' in second.text
    assert 'rel="next"' not in second.text


def test_a_unit_contact_sees_only_its_own_union_and_no_history_column(site: Site) -> None:
    own = _add(site, site.tree.unit.id, "赵主席", "zhao@unit.example.cn")
    page = site.login("unit").get("/contacts")
    assert page.status_code == 200
    rows = _rows(page.text)
    assert len(rows) == 1
    assert f'id="contact-{own}"' in rows[0]
    assert "王干事" not in page.text
    assert "/history/contact/" not in page.text


def test_the_admin_manages_the_contacts_50_a_page_keeping_the_search(site: Site) -> None:
    for i in range(55):
        _add(site, site.tree.unit.id, f"联络员{i:02d}", f"liaison{i:02d}@unit.example.cn")
    browser = site.login("admin")
    first = browser.get("/admin/contacts", params={"q": "联络员"})
    rows = _rows(first.text)
    assert len(rows) == 50
    assert "共 55 人，第 1–50 人" in first.text
    assert all("修改或删除" in row for row in rows)
    assert 'href="?q=%E8%81%94%E7%BB%9C%E5%91%98&amp;page=2" rel="next"' in first.text
    second = browser.get("/admin/contacts", params={"q": "联络员", "page": 2})
    assert len(_rows(second.text)) == 5
    assert "共 55 人，第 51–55 人" in second.text
    assert 'rel="next"' not in second.text
    nobody = browser.get("/admin/contacts", params={"q": "无此人"})
    assert "没有找到与「无此人」相符的联系人" in nobody.text
    # A refused addition shows the list's first page again, with what was typed kept.
    refused = browser.post(
        "/admin/contacts",
        data={
            "csrf_token": csrf_of(first.text, "/admin/contacts"),
            "union_id": str(site.tree.unit.id),
            "name": "",
            "email": "new@unit.example.cn",
            "role": "officer",
        },
    )
    assert refused.status_code == 422
    assert len(_rows(refused.text)) == 50
    assert 'value="new@unit.example.cn"' in refused.text
    with site.uow() as u:
        assert u.unions.contact_by_email(site.tree.unit.id, "new@unit.example.cn") is None


def _unheard(html: str) -> list[list[str]]:
    section = re.search(r'<section class="card table-wrap" id="unheard">.*?</section>', html, re.S)
    if section is None:
        return []
    rows = re.findall(r"<tr><td>(.*?)</tr>", section.group(0), re.S)
    return [re.split(r"</td><td[^>]*>", row.removesuffix("</td>")) for row in rows]


def test_a_union_owing_items_without_a_contact_is_shown_with_who_hears_instead(
    site: Site,
) -> None:
    # The title's unit union owes its yearly filings [Y11] and has no contact: the district's
    # officer is told instead, and the gap shows on the contacts page and the dashboard.
    browser = site.login("district")
    rows = _unheard(browser.get("/contacts").text)
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (site.tree.unit.name, "管理事项（无联系人）", site.tree.district.name)
    ]
    assert int(rows[0][2]) > 0
    board = browser.get("/dashboard").text
    assert "1 个工会有待办事项但没有能接收提醒的联系人" in board
    assert 'href="/contacts#unheard"' in board
    # Another district sees none of it; once the unit has a contact the gap is gone.
    assert _unheard(site.login("other").get("/contacts").text) == []
    _add(site, site.tree.unit.id, "赵主席", "zhao@unit.example.cn")
    assert _unheard(browser.get("/contacts").text) == []
    assert "没有能接收提醒的联系人" not in browser.get("/dashboard").text


def test_a_union_without_a_contact_is_told_who_registers_one(site: Site) -> None:
    # Only an administrator registers contacts: the unit union's contact reads that its own
    # union has no contact and who registers one, never an invitation to do it themselves.
    unit = site.login("unit")
    board = unit.get("/dashboard").text
    assert "本工会有待办事项但没有能接收提醒的联系人" in board
    assert "查看详情（联系人由系统管理员登记）" in board
    assert "查看并登记联系人" not in board
    listed = unit.get("/contacts").text
    assert [r[0] for r in _unheard(listed)] == [site.tree.unit.name]
    assert "请系统管理员为这些工会登记联系人" in listed
    assert 'href="/admin/contacts"' not in listed
    assert unit.get("/admin/contacts").status_code == 403
    # The administrator is sent to the form that registers them.
    admin = site.login("admin")
    assert "查看并登记联系人" in admin.get("/dashboard").text
    assert '请为这些工会<a href="/admin/contacts">登记联系人</a>' in admin.get("/contacts").text
