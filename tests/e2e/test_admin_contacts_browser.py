"""In Chromium on the real service: the administrator keeps the reminder recipients and the
accounts right. From the menu they add a contact to 浦东新区总工会 (the address lower-cased, the
phone shown), correct it (a blank name and a bad address refused beside their fields, what was
typed kept; then a new address and 工会主席), read the 修改记录 of it, add a district officer and
read that account's 新建 entry with no password hash on the page. The officer then logs in: no
系统管理 in the menu, the contact pages refused; they find 王干事 under 工会联系人 and open its
修改记录, while a contact outside their district is neither listed nor found in the 修改记录
(CONTACTS_MANAGE is the administrator's alone)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
NAME = "李干事"
TYPED_EMAIL = "  Li.Gan@PD.Example.CN  "
EMAIL = "li.gan@pd.example.cn"
NEW_EMAIL = "li.gan@pd-union.example.cn"
PHONE = "021-5888 0001"
OFFICER = ("yp.chen", "杨浦区干事小陈", "chen-password-2026")
REFUSED = "区局（产业）工会干部无权办理此事项，须由系统管理员办理"


def _prepare(database_url: str) -> tuple[tuple[str, str], str]:
    """The union tree (杨浦 with its contact 王干事, 浦东) and an administrator of the city."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            admin, password = f.user(u, Role.ADMIN, tree.city.id)
            u.commit()
            return (admin.username, password), admin.display_name
    finally:
        engine.dispose()


def _cells(entry: Any, label: str) -> list[str]:
    """The 原值/新值 (or 内容) cells of one field's row in a 修改记录 entry."""
    row = entry.locator("tbody tr").filter(has=entry.page.locator("th", has_text=label))
    return [t.strip() for t in row.locator("td").all_inner_texts()]


def _labels(entry: Any) -> list[str]:
    return [t.strip() for t in entry.locator("tbody th").all_inner_texts()]


def _field(page: Any, name: str) -> Any:
    """The form field (label, input, error) around the input named ``name``."""
    return page.locator(".field").filter(has=page.locator(f"#f-{name}"))


def test_the_administrator_keeps_contacts_and_accounts_right_in_the_browser(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"admin-contacts-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    admin, admin_name = _prepare(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *admin)
        ids = _contacts_flow(page, base, admin_name, shots)
        _users_flow(page, base, admin_name, shots)
        context.close()

        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, OFFICER[0], OFFICER[2])
        _officer_flow(page, base, ids, shots)
        context.close()


def _contacts_flow(page: Any, base: str, admin_name: str, shots: Path) -> dict[str, str]:
    """Add, correct and read the history of a contact; the ids of it and of 王干事 (杨浦)."""
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="系统管理").click()
    page.wait_for_url(f"{base}/admin/users")
    page.get_by_role("navigation", name="系统管理").get_by_role("link", name="工会联系人").click()
    page.wait_for_url(f"{base}/admin/contacts")
    assert page.locator("h1").inner_text() == "工会联系人"
    listed = page.locator("#contacts")
    wang = listed.locator("tbody tr", has_text="王干事")
    assert "杨浦区总工会" in wang.inner_text()
    wang_id = (wang.get_attribute("id") or "").removeprefix("contact-")

    form = page.locator("#new-contact")
    form.get_by_label("工会", exact=True).select_option(label="浦东新区总工会")
    form.get_by_label("联系人姓名", exact=True).fill(NAME)
    form.get_by_label("邮箱", exact=True).fill(TYPED_EMAIL)
    # Chromium itself trims an e-mail input (its value sanitisation); the service lower-cases.
    assert form.get_by_label("邮箱", exact=True).input_value() == TYPED_EMAIL.strip()
    form.get_by_label("电话", exact=True).fill(PHONE)
    form.get_by_label("类别", exact=True).select_option(label="工会干部")
    with page.expect_navigation():
        form.get_by_role("button", name="新增联系人").click()
    assert page.url.startswith(f"{base}/admin/contacts?added=")
    assert "联系人已新增" in page.locator("#added").inner_text()  # told, not left to find
    row = listed.locator("tbody tr", has_text=NAME)
    cells = [t.strip() for t in row.locator("td").all_inner_texts()]
    assert cells[:5] == ["浦东新区总工会", NAME, "工会干部", EMAIL, PHONE]
    assert "Li.Gan" not in listed.inner_text()
    page.screenshot(path=shots / "1-added.png", full_page=True)

    row.get_by_text("修改或删除", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/contacts/\d+/edit$"))
    contact_id = page.url.rsplit("/", 2)[-2]
    assert page.locator("h1").inner_text() == f"修改联系人 · {NAME}"
    assert "浦东新区总工会的联系人" in page.locator("main").inner_text()
    assert page.locator("#f-email").input_value() == EMAIL
    assert page.locator("#f-phone").input_value() == PHONE

    # A bad correction: every bad field named beside itself, what was typed kept, nothing saved.
    page.fill("#f-name", "")
    page.fill("#f-email", "li.gan@pd")
    page.get_by_role("button", name="保存").click()
    _field(page, "email").locator(".error").wait_for()
    assert "提交未成功" in page.get_by_role("alert").inner_text()
    assert _field(page, "name").locator(".error").inner_text() == "联系人姓名不能为空"
    assert _field(page, "email").locator(".error").inner_text() == "电子邮箱格式不正确"
    assert page.locator("#f-name").input_value() == ""
    assert page.locator("#f-email").input_value() == "li.gan@pd"
    assert page.locator("#f-phone").input_value() == PHONE
    assert page.locator("#f-role").input_value() == "officer"
    assert page.get_by_role("status").count() == 0  # no 已保存
    page.screenshot(path=shots / "2-refused.png", full_page=True)

    page.fill("#f-name", NAME)
    page.fill("#f-email", NEW_EMAIL)
    page.get_by_label("类别", exact=True).select_option(label="工会主席")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(rf"/admin/contacts/{contact_id}/edit\?saved=1$"))
    assert "已保存" in page.get_by_role("status").inner_text()
    assert page.locator(".error").count() == 0
    assert page.locator("#f-email").input_value() == NEW_EMAIL
    page.screenshot(path=shots / "3-saved.png", full_page=True)

    # The list shows the correction too.
    page.get_by_role("link", name="← 返回工会联系人").click()
    page.wait_for_url(re.compile(r"/admin/contacts(#contact-\d+)?$"))
    row = page.locator(f"#contact-{contact_id}")
    cells = [t.strip() for t in row.locator("td").all_inner_texts()]
    assert cells[:5] == ["浦东新区总工会", NAME, "工会主席", NEW_EMAIL, PHONE]

    row.get_by_role("link", name="修改记录").click()
    page.wait_for_url(f"{base}/history/contact/{contact_id}")
    assert page.locator("h1").inner_text() == "工会联系人修改记录"
    assert f"{NAME}（{NEW_EMAIL}）" in page.locator("main").inner_text()
    assert "共 2 条" in page.locator("main").inner_text()
    entries = page.locator("section.history-entry")
    newest = entries.first
    assert newest.locator("h2").inner_text().endswith(f" · {admin_name} · 修改")
    assert _labels(newest) == ["联系人类别", "邮箱"]  # the name and phone typed again unchanged
    assert _cells(newest, "邮箱") == [EMAIL, NEW_EMAIL]
    assert _cells(newest, "联系人类别") == ["工会干部", "工会主席"]
    created = entries.last
    assert created.locator("h2").inner_text().endswith(f" · {admin_name} · 新建")
    assert _cells(created, "姓名") == [NAME]
    assert _cells(created, "邮箱") == [EMAIL]
    assert _cells(created, "电话") == [PHONE]
    assert _cells(created, "联系人类别") == ["工会干部"]
    page.screenshot(path=shots / "4-contact-history.png", full_page=True)
    return {"contact": contact_id, "wang": wang_id}


def _users_flow(page: Any, base: str, admin_name: str, shots: Path) -> None:
    """Add the district officer's account and read its 新建 entry: no password, no hash."""
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="系统管理").click()
    page.wait_for_url(f"{base}/admin/users")
    page.get_by_role("navigation", name="系统管理").get_by_role("link", name="用户").click()
    page.wait_for_url(f"{base}/admin/users")
    username, display_name, password = OFFICER
    form = page.locator("#new-user")
    form.get_by_label("用户名", exact=True).fill(username)
    form.get_by_label("姓名", exact=True).fill(display_name)
    form.get_by_label("角色", exact=True).select_option(label="区局（产业）工会干部")
    union = form.get_by_label("所属工会", exact=True)
    union.select_option(label="杨浦区总工会（区局（产业）工会）")  # each union with its level
    form.get_by_label("初始密码", exact=True).fill(password)
    form.get_by_label("确认初始密码", exact=True).fill(password)
    with page.expect_navigation():
        form.get_by_role("button", name="新增用户").click()
    assert page.url.startswith(f"{base}/admin/users?done=created&user=")
    assert f"已新增用户 {username}（{display_name}）" in page.locator("#done").inner_text()
    row = page.locator("#users tbody tr", has_text=username)
    cells = [t.strip() for t in row.locator("td").all_inner_texts()]
    assert cells[:4] == [username, display_name, "区局（产业）工会干部", "杨浦区总工会"]
    assert "启用" in cells[5]

    row.get_by_role("link", name="修改记录").click()
    page.wait_for_url(re.compile(r"/history/user/\d+$"))
    assert page.locator("h1").inner_text() == "用户账号修改记录"
    entries = page.locator("section.history-entry")
    assert entries.count() == 1
    created = entries.first
    assert created.locator("h2").inner_text().endswith(f" · {admin_name} · 新建")
    assert _cells(created, "用户名") == [username]
    assert _cells(created, "姓名") == [display_name]
    assert _cells(created, "角色") == ["区局（产业）工会干部"]
    assert _cells(created, "所属工会")[0].startswith("杨浦区总工会")
    assert _cells(created, "状态") == ["启用"]
    assert _cells(created, "密码") == ["（已隐去）"]
    html = page.content()
    assert "$argon2" not in html
    assert password not in html
    page.screenshot(path=shots / "5-user-history.png", full_page=True)


def _officer_flow(page: Any, base: str, ids: dict[str, str], shots: Path) -> None:
    """The district officer manages no contacts: no menu, the pages refused, 浦东's not found."""
    menu = page.get_by_role("navigation", name="主菜单")
    assert menu.get_by_role("link", name="我的待办").count() == 1
    assert menu.get_by_role("link", name="系统管理").count() == 0

    # Following an old link (a bookmark, a forwarded mail) to the lists and the edit forms.
    for path in (
        "/admin/contacts",
        f"/admin/contacts/{ids['contact']}/edit",
        f"/admin/contacts/{ids['wang']}/edit",
    ):
        shown = page.goto(f"{base}{path}")
        assert shown is not None
        assert shown.status == 403, path
        assert REFUSED in page.locator("main").inner_text()
        assert page.locator("#f-email").count() == 0
        assert page.get_by_text("修改或删除", exact=True).count() == 0
    page.screenshot(path=shots / "6-officer-refused.png", full_page=True)

    # 王干事 of 杨浦 is theirs to read (工会联系人 in the menu, then 修改记录), not to change.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="工会联系人").click()
    page.wait_for_url(re.compile(r"/contacts$"))
    listed = page.locator("#contacts tbody tr")
    assert listed.count() == 1  # 浦东's 李干事 is outside their district
    assert NAME not in page.locator("main").inner_text()
    page.get_by_label("姓名、邮箱或工会").fill("王干事")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url(re.compile(r"/contacts\?q="))
    row = page.locator(f"#contact-{ids['wang']}")
    assert "杨浦区总工会" in row.inner_text()
    assert row.get_by_role("link", name="修改或删除").count() == 0
    row.get_by_role("link", name="联系人王干事的修改记录").click()
    page.wait_for_url(re.compile(rf"/history/contact/{ids['wang']}$"))
    assert "王干事" in page.locator("main").inner_text()
    assert "新建" in page.locator("section.history-entry").last.inner_text()
    assert page.locator('main a[href^="/admin/"]').count() == 0
    assert page.get_by_text("修改或删除", exact=True).count() == 0
    page.screenshot(path=shots / "7-officer-history.png", full_page=True)

    # The contact of 浦东 lies outside their district altogether.
    shown = page.goto(f"{base}/history/contact/{ids['contact']}")
    assert shown is not None
    assert shown.status == 404
    assert "工会联系人不存在或不在管辖范围内" in page.locator("main").inner_text()
    assert NEW_EMAIL not in page.content()
