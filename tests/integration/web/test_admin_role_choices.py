"""The new-user form of a district's admin offers only the roles a union of its own subtree
takes (ROLE_LEVELS): no 市总工会干部, whose every choice was refused; the city's admin is
offered every role."""

from __future__ import annotations

import re

from lifecycle.vocab import Role
from tests.factories import user
from tests.integration.web.conftest import Site


def _roles(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, html
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v]


def test_a_district_admin_is_offered_only_the_roles_its_unions_take(site: Site) -> None:
    with site.uow() as u:
        principal, password = user(u, Role.ADMIN, site.tree.district.id)
        u.commit()
    site.usernames["district-admin"] = principal.username
    site.passwords["district-admin"] = password
    district_admin = site.login("district-admin")
    offered = _roles(district_admin.get("/admin/users").text)
    assert Role.CITY_OFFICER.value not in offered
    assert {Role.DISTRICT_OFFICER.value, Role.FINANCE.value, Role.UNIT_CONTACT.value} <= set(
        offered
    )
    # Editing a user of its own district: the same roles.
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames["district"])
        assert found is not None
        district_id = found.id
    edit = district_admin.get(f"/admin/users/{district_id}").text
    assert Role.CITY_OFFICER.value not in _roles(edit)
    assert set(_roles(site.login("admin").get("/admin/users").text)) >= {
        Role.CITY_OFFICER.value,
        Role.DISTRICT_OFFICER.value,
    }
