"""A workshop's 简介 is taken up to 2000 characters by its rule, on the registration page and
through the API, which declared 5000 and took whatever the page sent."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.scope import EVERYTHING
from lifecycle.workshops.model import Workshop
from tests.integration.web.conftest import Site, csrf_of


def _count(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(Workshop)) or 0)


def _leader(site: Site) -> int:
    with site.uow() as u:
        shop = u.workshops.get(site.designation.workshop_id, EVERYTHING)
        assert shop is not None
        return shop.leader_person_id


def test_a_description_past_2000_characters_is_refused_beside_it_and_kept(site: Site) -> None:
    unit = site.login("unit")
    page = unit.get("/workshops/new").text
    form = {
        "csrf_token": csrf_of(page, "/workshops"),
        "name": "简介创新工作室",
        "unit_union_id": str(site.tree.unit.id),
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "founded_on": "2024-03-01",
        "leader_person_id": str(_leader(site)),
        "members_joined_on": "",
    }
    before = _count(site)
    too_long = "简" * 2001
    # Alone (the use case) and beside another bad field (the form's own checks).
    for data in (form, form | {"name": ""}):
        refused = unit.post("/workshops", data=data | {"description": too_long})
        assert refused.status_code == 422
        beside = re.search(r'id="description-error">([^<]*)<', refused.text)
        assert beside is not None
        assert beside.group(1) == "简介不能超过2000个字符"
        assert f">{too_long}</textarea>" in refused.text  # what was typed stays
    assert _count(site) == before
    taken = unit.post("/workshops", data=form | {"description": "简" * 2000})
    assert taken.status_code == 303, taken.text
    assert _count(site) == before + 1
