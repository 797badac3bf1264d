"""The user forms refuse a role that does not fit the union's level beside 所属工会 and 角色,
and a city officer's pages show their own city only."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.accounts.model import User
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of

MISFIT = "“市总工会干部”只能属于市总工会，所选工会是区局（产业）工会，请改选所属工会或角色"


def _users(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(User)) or 0)


def test_a_city_officer_bound_to_a_district_is_refused_beside_both_fields(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/users")
    # The union choices name the level the role has to fit.
    assert f'value="{site.tree.district.id}">杨浦区总工会（区局（产业）工会）</option>' in page.text
    before = _users(site)
    typed = {
        "username": "misfit-city",
        "display_name": "错配的市总干部",
        "password": "long-password-2026",
        "confirm_password": "long-password-2026",
        "role": "city_officer",
        "union_id": str(site.tree.district.id),
    }
    refused = browser.post(
        "/admin/users", data={"csrf_token": csrf_of(page.text, "/admin/users"), **typed}
    )
    assert refused.status_code == 422
    assert f'id="role-error">{MISFIT}' in refused.text
    assert f'id="union_id-error">{MISFIT}' in refused.text
    assert 'value="misfit-city"' in refused.text  # what was typed is kept
    assert _users(site) == before


def test_an_edit_moving_a_user_to_a_union_their_role_does_not_fit_is_refused(site: Site) -> None:
    with site.uow() as u:
        target = u.accounts.user_by_username(site.usernames["district"])
        assert target is not None
        target_id, before = target.id, (target.role, target.union_id)
    browser = site.login("admin")
    action = f"/admin/users/{target_id}"
    token = csrf_of(browser.get(action).text, action)
    typed = {"email": "", "role": "city_officer", "union_id": str(site.tree.district.id)}
    refused = browser.post(action, data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    assert f'id="role-error">{MISFIT}' in refused.text
    assert f'id="union_id-error">{MISFIT}' in refused.text
    with site.uow() as u:
        after = u.session.get(User, target_id)
        assert after is not None
        assert (after.role, after.union_id) == before


def test_a_city_officers_pages_show_no_title_of_another_city(site: Site) -> None:
    with site.uow() as u:
        leshan = f.leshan_tree(u)  # a second city tree
        theirs = f.named_designation(u, leshan, scheme="leshan-city")
        u.commit()
    for who in ("city", "admin"):
        browser = site.login(who)
        ours = browser.get(f"/designations/{site.designation.id}")
        assert ours.status_code == 200, who
        for url in (f"/designations/{theirs.id}", f"/designations/{theirs.id}/fund-ledger"):
            assert browser.get(url).status_code == 404, (who, url)


def test_an_edit_on_a_page_read_before_anothers_is_refused_and_keeps_what_was_typed(
    site: Site,
) -> None:
    """Two admins opened the user's page; A saved a new address, B's move to another union
    would put the old address back: refused as a conflict, A's address kept, B's choice shown
    again, nothing written."""
    with site.uow() as u:
        target = u.accounts.user_by_username(site.usernames["district"])
        assert target is not None
        target_id, role, union_id = target.id, target.role.value, target.union_id
    action = f"/admin/users/{target_id}"
    first, second = site.login("admin"), site.login("admin")
    page_a, page_b = first.get(action).text, second.get(action).text
    version = re.search(r'name="expected_version" value="(\d+)"', page_b)
    assert version is not None
    same = {"role": role, "union_id": str(union_id), "expected_version": version[1]}
    sent_a = {"csrf_token": csrf_of(page_a, action), **same, "email": "wang.new@yp.example.cn"}
    assert first.post(action, data=sent_a).status_code == 303
    with site.uow() as u:
        audited = len(u.audit.for_record("users", target_id))
    moved = same | {"email": "", "union_id": str(site.tree.sector.id)}
    refused = second.post(action, data={"csrf_token": csrf_of(page_b, action), **moved})
    assert refused.status_code == 409
    assert "该用户已在您打开后被修改，请刷新后重试" in refused.text
    assert f'<option value="{site.tree.sector.id}" selected' in refused.text  # B's choice
    with site.uow() as u:
        after = u.session.get(User, target_id)
        assert after is not None
        assert (after.email, after.union_id) == ("wang.new@yp.example.cn", union_id)
        assert len(u.audit.for_record("users", target_id)) == audited
