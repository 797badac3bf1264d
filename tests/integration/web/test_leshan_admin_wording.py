"""The user administration names each user's role in the words of that user's own union
tree: 乐山's district-level unions are 县（市、区）总工会 [L 一], Shanghai's 区局（产业）工会 (the
list, the role and union choices, the role-and-union refusal, on the pages and the JSON API;
both backends)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.deps import CSRF_HEADER
from lifecycle.scope import EVERYTHING
from lifecycle.views.admin import users_page
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of, log_in

COUNTY_OFFICER = "县（市、区）总工会干部"
SHANGHAI_DISTRICT_OFFICER = "区局（产业）工会干部"
SECTOR_OFFICER = "行业、街镇、直属工会干部"
LESHAN_MISFIT = "“市总工会干部”只能属于市总工会，所选工会是县（市、区）总工会，请改选所属工会或角色"


@dataclass(frozen=True)
class Leshan:
    """A 乐山 tree with its own administrator and officers (user ids by who they are)."""

    admin: tuple[str, str]  # username, password
    ids: dict[str, int]
    county_id: int


def _leshan(site: Site) -> Leshan:
    with site.uow() as u:
        tree = f.leshan_tree(u)
        admin, password = f.user(u, Role.ADMIN, tree.city.id)
        ids = {
            "county": f.user(u, Role.DISTRICT_OFFICER, tree.district.id)[0].user_id,
            "street": f.user(u, Role.DISTRICT_OFFICER, tree.sector.id)[0].user_id,
            "unit": f.user(u, Role.UNIT_CONTACT, tree.unit.id)[0].user_id,
        }
        u.commit()
    return Leshan((admin.username, password), ids, tree.district.id)


def _role_cell(html: str, user_id: int) -> str:
    row = re.search(rf'<tr id="user-{user_id}">(.*?)</tr>', html, re.S)
    assert row is not None, html
    return re.findall(r"<td>([^<]*)</td>", row.group(1))[1]  # 姓名, 角色, …


def _options(html: str, name: str) -> dict[str, str]:
    found = re.search(rf'<select id="f-{name}" name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found is not None, html
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1)))


def _user_id(site: Site, who: str) -> int:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id


def test_a_leshan_admin_sees_leshans_users_and_choices_in_leshans_words(site: Site) -> None:
    leshan = _leshan(site)
    browser = log_in(site.client(), *leshan.admin)
    page = browser.get("/admin/users").text
    assert _role_cell(page, leshan.ids["county"]) == COUNTY_OFFICER
    assert _role_cell(page, leshan.ids["street"]) == SECTOR_OFFICER  # the street's own officer
    assert _role_cell(page, leshan.ids["unit"]) == "基层单位联系人"
    roles = _options(page, "role")
    assert roles["district_officer"] == COUNTY_OFFICER
    assert roles["city_officer"] == "市总工会干部"
    # The choices stay the role values; 乐山's tree has no 社团, so no 社团联系人 is offered.
    assert list(roles) == ["", *(r.value for r in Role if r != Role.ASSOCIATION_CONTACT)]
    assert _options(page, "union_id")[str(leshan.county_id)] == "市中区总工会（县（市、区）总工会）"
    assert "区局（产业）工会" not in page
    # One user's page offers the roles in the words of that user's tree, theirs selected.
    detail = browser.get(f"/admin/users/{leshan.ids['county']}").text
    assert f'<option value="district_officer" selected>{COUNTY_OFFICER}</option>' in detail
    assert "区局（产业）工会" not in detail


def test_a_leshan_admins_misfit_role_is_refused_in_leshans_words_page_and_api(
    site: Site,
) -> None:
    leshan = _leshan(site)
    browser = log_in(site.client(), *leshan.admin)
    page = browser.get("/admin/users").text
    typed = {
        "username": "misfit-leshan",
        "display_name": "错配的市总干部",
        "password": "long-password-2026",
        "confirm_password": "long-password-2026",
        "role": "city_officer",
        "union_id": str(leshan.county_id),
    }
    refused = browser.post(
        "/admin/users", data={"csrf_token": csrf_of(page, "/admin/users"), **typed}
    )
    assert refused.status_code == 422
    assert f'id="role-error">{LESHAN_MISFIT}' in refused.text
    api = browser.post(
        "/api/v1/users",
        # The API takes the password once (no 确认初始密码: a program does not mistype).
        json={k: v for k, v in typed.items() if k not in ("union_id", "confirm_password")}
        | {"union_id": leshan.county_id},
        headers={CSRF_HEADER: csrf_of(page)},
    )
    assert api.status_code == 422
    assert {p["message"] for p in api.json()["error"]["problems"]} == {LESHAN_MISFIT}
    # The JSON listing gives the role's value, the same in every city.
    listed = browser.get("/api/v1/users", params={"limit": 100}).json()["items"]
    assert {u["id"]: u["role"] for u in listed}[leshan.ids["county"]] == "district_officer"


def test_a_shanghai_admin_keeps_shanghais_words_and_sees_no_leshan_user(site: Site) -> None:
    leshan = _leshan(site)
    browser = site.login("admin")
    page = browser.get("/admin/users").text
    assert _role_cell(page, _user_id(site, "district")) == SHANGHAI_DISTRICT_OFFICER
    assert _options(page, "role")["district_officer"] == SHANGHAI_DISTRICT_OFFICER
    assert "县（市、区）" not in page
    assert not any(f'id="user-{i}"' in page for i in leshan.ids.values())
    detail = browser.get(f"/admin/users/{_user_id(site, 'district')}").text
    assert f'<option value="district_officer" selected>{SHANGHAI_DISTRICT_OFFICER}' in detail


def test_a_list_of_both_cities_users_names_each_in_its_own_trees_words(site: Site) -> None:
    """Nobody's scope holds two city trees (DOMAIN §1), but the read model words each user by
    their own tree, so a list reaching both would show each city's words."""
    leshan = _leshan(site)
    shanghai = _user_id(site, "district")
    with site.uow() as u:
        labels = users_page(u, EVERYTHING, limit=10_000).role_labels
    assert labels[leshan.ids["county"]] == COUNTY_OFFICER
    assert labels[shanghai] == SHANGHAI_DISTRICT_OFFICER
