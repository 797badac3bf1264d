"""Pages: a unit union may bear the name of one under another parent (allowed); every union
dropdown then names the parent beside it (新单位工会（殷行街道总工会）) so the two choices never
read the same, and names alone where no two clash."""

from __future__ import annotations

import re

from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import UnionLevel
from tests.integration.web.conftest import Site


def _two_of_one_name(site: Site) -> tuple[int, int]:
    """新单位工会 under 五角场街道总工会 and another under 殷行街道总工会 (both of 杨浦)."""
    with site.uow() as u:
        street = create_union(
            u, NewUnion("殷行街道总工会", UnionLevel.SECTOR, site.tree.district.id)
        )
        ours = create_union(u, NewUnion("新单位工会", UnionLevel.UNIT, site.tree.sector.id))
        theirs = create_union(u, NewUnion("新单位工会", UnionLevel.UNIT, street.id))
        u.commit()
        return ours.id, theirs.id


def _option(html: str, union_id: int) -> str:
    found = re.search(rf'<option value="{union_id}"[^>]*>([^<]*)</option>', html)
    assert found is not None, union_id
    return found[1].strip("\u3000")


def test_every_union_dropdown_names_the_parent_where_two_unions_share_a_name(site: Site) -> None:
    ours, theirs = _two_of_one_name(site)
    district = site.login("district")
    for url in ("/persons/new", "/workshops/new"):
        page = district.get(url)
        assert page.status_code == 200, url
        assert _option(page.text, ours) == "新单位工会（五角场街道总工会）", url
        assert _option(page.text, theirs) == "新单位工会（殷行街道总工会）", url
        # A name no other union bears is offered alone.
        assert _option(page.text, site.tree.unit.id) == site.tree.unit.name, url
    admin = site.login("admin")
    users = admin.get("/admin/users").text
    assert _option(users, ours) == "新单位工会（五角场街道总工会，基层单位工会）"
    assert _option(users, theirs) == "新单位工会（殷行街道总工会，基层单位工会）"
    assert _option(users, site.tree.unit.id) == f"{site.tree.unit.name}（基层单位工会）"
    contacts = admin.get("/admin/contacts").text
    assert _option(contacts, theirs) == "新单位工会（殷行街道总工会）"
