"""修改记录 pages: officers and finance read who changed a record, when, and each field before and
after, from the link on the record's own page; nobody reads outside their subtree."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.demo.spec import id_card_number
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import ScheduleInspection, schedule_inspection
from lifecycle.listings.repository import Window
from lifecycle.persons.service import amend_person
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests.factories import AS_OF, named_designation
from tests.integration.web.conftest import csrf_of


def _text(html: str) -> str:
    """The page's text, tags dropped and spaces collapsed (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _entries(html: str) -> list[str]:
    return [_text(part) for part in html.split('class="card history-entry"')[1:]]


def _display_name(site, who: str, role: Role) -> str:
    return f"测试{role.value}{site.usernames[who]}"


def _leader(site) -> int:
    with site.uow() as uow:
        shop = uow.workshops.get(site.designation.workshop_id, scope=EVERYTHING)
        return int(shop.leader_person_id)


def test_a_district_officer_reads_who_corrected_a_leaders_birth_date_and_what_it_was(site):
    person = _leader(site)
    browser = site.login("district")
    page = browser.get(f"/persons/{person}")
    with site.uow() as uow:
        was = uow.persons.get(person, EVERYTHING)
        old_birth, old_name = chinese_date(was.birth_date), was.name
    sent = {
        "csrf_token": csrf_of(page.text),
        "name": old_name,
        "gender": "male",
        "birth_date": "1966-05-10",
        "retirement_group": "male",
        "is_union_member": "on",
        "skill_level": "senior_technician",
        "id_card_number": "",
        "reason": "出生日期按户籍证明更正",
    }
    assert browser.post(f"/persons/{person}", data=sent).status_code == 303
    shown = browser.get(f"/persons/{person}")
    link = f"/history/person/{person}"
    assert f'href="{link}"' in shown.text  # the way in is on the person's page

    history = browser.get(link)
    assert history.status_code == 200
    assert "人员修改记录" in history.text
    assert f'href="/persons/{person}"' in history.text
    newest = _entries(history.text)[0]
    officer = _display_name(site, "district", Role.DISTRICT_OFFICER)
    assert f"{officer} · 修改" in newest
    assert "原因：出生日期按户籍证明更正" in newest
    assert f"出生日期 {old_birth} 1966年5月10日" in newest
    assert "姓名" not in newest  # only what the correction changed
    first = _entries(history.text)[-1]
    assert "· 新建" in first
    assert f"姓名 {old_name}" in first


def test_finance_reads_a_grants_fields_before_and_after_its_correction(site):
    browser = site.login("finance")
    ledger = f"/finance/designations/{site.designation.id}"
    page = browser.get(ledger)
    created = browser.post(
        f"/finance/designations/{site.designation.id}/grants",
        data={
            "csrf_token": csrf_of(page.text),
            "kind": "one_off",
            "approval_ref": "杨工〔2023〕51号",
            "approved_on": "2023-04-01",
            "paid_on": "2023-04-20",
        },
    )
    assert created.status_code == 303, created.text
    page = browser.get(ledger)
    grant_id = int(re.search(r'id="grant-(\d+)"', page.text).group(1))
    corrected = browser.post(
        f"/finance/grants/{grant_id}/correct",
        data={
            "csrf_token": csrf_of(page.text),
            "expected_version": "1",
            "approval_ref": "杨工〔2023〕15号",
            "approved_on": "2023-04-01",
            "paid_on": "2023-05-08",
            "amount_yuan": "10,000.00",
            "reason": "按批复和银行回单更正",
        },
    )
    assert corrected.status_code == 303, corrected.text
    page = browser.get(ledger)
    assert f'href="/history/grant/{grant_id}"' in page.text

    history = browser.get(f"/history/grant/{grant_id}").text
    assert "补贴记录修改记录" in history
    back = f'href="/finance/designations/{site.designation.id}#grant-{grant_id}"'
    assert back in history
    assert "一次性补贴 杨工〔2023〕15号" in _text(history)  # the grant as it now reads
    entries = _entries(history)
    assert len(entries) == 2
    clerk = _display_name(site, "finance", Role.FINANCE)
    assert f"{clerk} · 修改" in entries[0]
    assert "批准文号 杨工〔2023〕51号 杨工〔2023〕15号" in entries[0]
    assert "到账日期 2023年4月20日 2023年5月8日" in entries[0]
    assert "金额" not in entries[0]  # unchanged, so not listed
    assert "更正原因 （空） 按批复和银行回单更正" in entries[0]
    assert f"{clerk} · 新建" in entries[1]
    assert "类别 一次性补贴" in entries[1]
    assert "金额（元） 10,000.00" in entries[1]
    # The title the money is for, by name and number (before: 「命名记录 #1」).
    d = site.designation
    assert f"命名记录 {d.title}（{d.number}）" in entries[1]


def test_the_designation_page_leads_to_its_own_and_its_workshops_history(site):
    browser = site.login("city")
    page = browser.get(f"/designations/{site.designation.id}")
    for url in (
        f"/history/designation/{site.designation.id}",
        f"/history/workshop/{site.designation.workshop_id}",
    ):
        assert f'href="{url}"' in page.text
        entries = _entries(browser.get(url).text)
        assert entries, url
        assert "· 新建" in entries[-1]
    named = _entries(browser.get(f"/history/designation/{site.designation.id}").text)[-1]
    assert "状态 已命名" in named  # the stored value in Chinese, not "named"
    assert "命名类别 杨浦区" in named
    assert f"所在区（局）工会 {site.tree.district.name}" in named


def test_a_history_names_the_workshop_and_the_title_not_their_internal_ids(site):
    """Before: 「工作室 #35」 on a title's 修改记录, 「命名记录 #2」 on an inspection's."""
    d = site.designation
    with site.uow() as uow:
        shop = uow.workshops.get(d.workshop_id, EVERYTHING)
        inspection = schedule_inspection(
            uow,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, date(2026, 12, 1), "一号车间", "王"),
            actor=f.acting(site.tree.district),
            as_of=AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        uow.commit()
    browser = site.login("district")
    named = _entries(browser.get(f"/history/designation/{d.id}").text)[-1]
    assert f"工作室 {shop.name}" in named
    assert f"#{d.workshop_id}" not in named
    scheduled = _entries(browser.get(f"/history/inspection/{inspection.id}").text)[-1]
    assert f"命名记录 {d.title}（{d.number}）" in scheduled
    assert f"#{d.id}" not in scheduled


def test_history_stays_inside_the_subtree_and_needs_the_audit_right(site):
    with site.uow() as uow:
        # Another district's title: a city title of a 浦东 unit ("other" is 浦东's officer).
        there = f.seen_from_the_other_district(site.tree)
        elsewhere = named_designation(uow, there, scheme="shanghai-model-worker")
        uow.commit()
    own = f"/history/designation/{site.designation.id}"
    other = f"/history/designation/{elsewhere.id}"
    district = site.login("district")
    assert district.get(own).status_code == 200
    refused = district.get(other)
    assert refused.status_code == 404
    assert "命名记录不存在或不在管辖范围内" in refused.text
    assert site.login("other").get(own).status_code == 404
    unit = site.login("unit")
    assert unit.get(own).status_code == 403
    assert "/history/" not in unit.get(f"/designations/{site.designation.id}").text
    assert district.get(f"/history/ledger/{site.designation.id}").status_code == 404
    assert district.get("/history/designation/999999").status_code == 404


def test_a_long_history_is_paged_newest_first(site):
    person = _leader(site)
    with site.uow() as uow:
        for n in range(55):
            changes = {"employer": f"单位{n:02d}"}
            amend_person(uow, person, changes, reason="核对", as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    browser = site.login("district")
    first = browser.get(f"/history/person/{person}")
    entries = _entries(first.text)
    assert len(entries) == 50
    assert "单位53 单位54" in entries[0]
    assert "第 1 / 2 页" in first.text
    assert f'href="/history/person/{person}?page=2"' in first.text
    second = browser.get(f"/history/person/{person}?page=2")
    rest = _entries(second.text)
    assert len(rest) == 6  # the 5 oldest corrections and the record's creation
    assert "· 新建" in rest[-1]
    assert f'href="/history/person/{person}?page=1"' in second.text
    beyond = browser.get(f"/history/person/{person}?page=9")
    assert _entries(beyond.text) == rest  # a page past the end shows the last


def test_an_id_number_is_shown_masked_in_the_history(site):
    person = _leader(site)
    born = date(1966, 5, 10)
    number = id_card_number("310110", born, 5, Gender.MALE)
    with site.uow() as uow:
        changes = {"birth_date": born, "id_card_number": number}
        amend_person(uow, person, changes, reason="补录", as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    page = site.login("district").get(f"/history/person/{person}").text
    assert number not in page
    assert number[:4] + "*" * 10 + number[-4:] in page


def test_the_born_on_date_shown_is_the_records_not_today(site):
    # A date column is shown as stored (no time zone shift of a plain date).
    person = _leader(site)
    with site.uow() as uow:
        changes = {"birth_date": date(1970, 1, 1)}
        amend_person(uow, person, changes, reason="更正", as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    newest = _entries(site.login("city").get(f"/history/person/{person}").text)[0]
    assert "1970年1月1日" in newest


# ---- user accounts and union contacts ------------------------------------------------------


def _user_id(site, who: str) -> int:
    with site.uow() as uow:
        found = uow.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return int(found.id)


def _contact_id(site, email: str) -> int:
    with site.uow() as uow:
        found = [
            c
            for c in uow.listings.contacts(site.tree.unit.id, EVERYTHING, Window()).items
            if c.email == email
        ]
        assert len(found) == 1
        return int(found[0].id)


def test_an_admin_reads_who_changed_a_users_role_and_switched_it_off(site):
    target = _user_id(site, "district")
    admin = site.login("admin")
    page = admin.get(f"/admin/users/{target}")
    assert f'href="/history/user/{target}"' in page.text  # from the user's own page
    edited = admin.post(
        f"/admin/users/{target}",
        data={
            "csrf_token": csrf_of(page.text, f"/admin/users/{target}"),
            "email": "Wang.YP@example.cn",
            "role": "finance",
            "union_id": str(site.tree.district.id),
        },
    )
    assert edited.status_code == 303, edited.text
    listed = admin.get("/admin/users").text
    off = f"/admin/users/{target}/deactivate"
    assert admin.post(off, data={"csrf_token": csrf_of(listed, off)}).status_code == 303
    listed = admin.get("/admin/users").text
    assert f'href="/history/user/{target}"' in listed  # and from its row in the list

    history = admin.get(f"/history/user/{target}")
    assert history.status_code == 200
    assert "用户账号修改记录" in history.text
    assert f'href="/admin/users/{target}"' in history.text
    entries = _entries(history.text)
    assert len(entries) == 3
    officer = _display_name(site, "admin", Role.ADMIN)
    assert f"{officer} · 修改" in entries[0]
    assert "状态 启用 已停用" in entries[0]
    assert "角色" not in entries[0]
    assert f"{officer} · 修改" in entries[1]
    assert "角色 区局（产业）工会干部 财务人员" in entries[1]  # the roles in Chinese
    assert "邮箱 （空） wang.yp@example.cn" in entries[1]
    assert "所属工会" not in entries[1]  # unchanged, so not listed
    assert "· 新建" in entries[2]
    assert f"用户名 {site.usernames['district']}" in entries[2]
    assert f"所属工会 {site.tree.district.name}" in entries[2]
    assert "（#" not in history.text  # the union by its name, never its internal id
    assert "状态 启用" in entries[2]
    assert "密码 （已隐去）" in entries[2]


def test_a_password_reset_shows_that_it_changed_and_never_the_hash(site):
    target = _user_id(site, "finance")
    admin = site.login("admin")
    action = f"/admin/users/{target}/password"
    form = admin.get(action)
    password = "reset-in-history-2026"
    reset = admin.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "password": password,
            "confirm_password": password,
        },
    )
    assert reset.status_code == 303
    with site.uow() as uow:
        stored = uow.accounts.get_user(target, EVERYTHING).password_hash
    page = admin.get(f"/history/user/{target}").text
    newest = _entries(page)[0]
    assert "密码 （已隐去） （已更改，已隐去）" in newest
    for secret in (stored, password, "$argon2", "***", site.passwords["finance"]):
        assert secret not in page
    assert "password_hash" not in page


def test_a_users_history_is_read_where_its_audit_api_reads(site):
    finance, admin = _user_id(site, "finance"), _user_id(site, "admin")
    district = site.login("district")  # audit.read, acting in the district
    for url in (f"/history/user/{finance}", f"/api/v1/users/{finance}/audit"):
        assert district.get(url).status_code == 200, url
    for url in (f"/history/user/{admin}", f"/api/v1/users/{admin}/audit"):
        assert district.get(url).status_code == 404, url  # a city account: outside the district
    assert "用户账号不存在或不在管辖范围内" in district.get(f"/history/user/{admin}").text
    # Nor does the district see a link to the admin page it may not open.
    assert "/admin/users/" not in district.get(f"/history/user/{finance}").text
    assert site.login("other").get(f"/history/user/{finance}").status_code == 404
    assert site.login("unit").get(f"/history/user/{finance}").status_code == 403
    assert site.login("city").get(f"/history/user/{admin}").status_code == 200


def test_a_contacts_history_shows_its_address_change_to_those_who_may_read_it(site):
    admin = site.login("admin")
    page = admin.get("/admin/contacts")
    added = admin.post(
        "/admin/contacts",
        data={
            "csrf_token": csrf_of(page.text, "/admin/contacts"),
            "union_id": str(site.tree.unit.id),
            "name": "李联系人",
            "email": "li@unit.example.cn",
            "role": "unit_contact",
        },
    )
    assert added.status_code == 303, added.text
    contact = _contact_id(site, "li@unit.example.cn")
    # The mailbox moves and the 基层单位联系人 becomes the chair: corrected on the contact's form.
    edit = f"/admin/contacts/{contact}/edit"
    form = admin.get(edit)
    corrected = admin.post(
        edit,
        data={
            "csrf_token": csrf_of(form.text, edit),
            "name": "李联系人",
            "email": "li.new@unit.example.cn",
            "phone": "",
            "role": "chair",
        },
    )
    assert corrected.status_code == 303, corrected.text
    listed = admin.get("/admin/contacts").text
    link = f"/history/contact/{contact}"
    assert f'href="{link}"' in listed

    history = admin.get(link)
    assert history.status_code == 200
    assert "工会联系人修改记录" in history.text
    assert "李联系人（li.new@unit.example.cn）" in history.text
    assert f'href="/admin/contacts#contact-{contact}"' in history.text
    newest, first = _entries(history.text)
    assert f"{_display_name(site, 'admin', Role.ADMIN)} · 修改" in newest
    assert "邮箱 li@unit.example.cn li.new@unit.example.cn" in newest
    assert "联系人类别 基层单位联系人 工会主席" in newest
    assert f"{_display_name(site, 'admin', Role.ADMIN)} · 新建" in first
    assert f"姓名 李联系人 工会 {site.tree.unit.name}" in first

    # Those reading the union's records read its contacts' history; nobody outside it.
    city = site.login("city").get(link)
    assert city.status_code == 200
    assert "/admin/contacts" not in city.text  # a page the city officer may not open
    assert site.login("district").get(link).status_code == 200
    outside = site.login("other").get(link)
    assert outside.status_code == 404
    assert "工会联系人不存在或不在管辖范围内" in outside.text
    assert site.login("unit").get(link).status_code == 403


def test_a_removed_contact_keeps_its_history_reached_from_the_removed_contacts(site):
    admin = site.login("admin")
    with site.uow() as uow:
        (wang,) = uow.listings.contacts(site.tree.district.id, EVERYTHING, Window()).items
        contact, union, name = int(wang.id), int(wang.union_id), str(wang.name)
    link = f"/history/contact/{contact}"
    assert admin.get(link).status_code == 200
    page = admin.get(f"/admin/contacts/{contact}/edit").text
    remove = f"/admin/unions/{union}/contacts/{contact}/remove"
    sent = {"csrf_token": csrf_of(page, remove), "expected_version": "1"}
    assert admin.post(remove, data=sent).status_code == 303
    # 「已移除的联系人」, linked from both contacts pages, lists it with its 修改记录.
    assert 'href="/contacts/removed"' in admin.get("/admin/contacts?removed=1").text
    assert 'href="/contacts/removed"' in admin.get("/contacts").text
    removed = admin.get("/contacts/removed")
    assert removed.status_code == 200
    row = removed.text.split(f'id="removed-{contact}"')[1].split("</tr>")[0]
    assert name in row
    assert site.tree.district.name in row
    assert f'href="{link}"' in row
    history = admin.get(link)
    assert history.status_code == 200
    assert "（已移除）" in history.text
    assert f'href="/admin/contacts#contact-{contact}"' not in history.text  # no page any more
    newest = _entries(history.text)[0]
    assert f"{_display_name(site, 'admin', Role.ADMIN)} · 删除" in newest
    # Those reading the union's records still read it; nobody outside it.
    assert site.login("district").get(link).status_code == 200
    assert f'id="removed-{contact}"' in site.login("district").get("/contacts/removed").text
    other = site.login("other")
    assert other.get(link).status_code == 404
    assert f'id="removed-{contact}"' not in other.get("/contacts/removed").text
    assert site.login("unit").get("/contacts/removed").status_code == 403
    with site.uow() as uow:  # the log itself keeps the removal
        assert uow.audit.for_record("union_contacts", contact, newest_first=True)[0].action == (
            "delete"
        )
