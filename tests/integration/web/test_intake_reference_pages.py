"""The call page's apply form naming a team or a 推荐单位 the user cannot see (a tampered id: a
missing one, another district's) is refused beside that field, as the API refuses it (422
``not_found``), the same words for both, what was chosen kept, nothing written."""

from __future__ import annotations

import re
from dataclasses import replace

from lifecycle.intake.model import Application
from tests import factories as f
from tests.intake_factories import yangpu_call
from tests.integration.web.conftest import Site, csrf_of

MISSING = 99_999_999


def _error(html: str, field: str) -> str:
    found = re.search(rf'<div class="error" id="{field}-error">(.*?)</div>', html, re.S)
    assert found is not None, html
    return found.group(1)


def _applications(site: Site) -> int:
    with site.uow() as u:
        return len(u.session.query(Application).all())


def test_a_team_or_recommender_not_seen_is_refused_beside_its_field_on_the_call_page(
    site: Site,
) -> None:
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        shop = f.workshop(u, site.tree)
        theirs = f.workshop(u, replace(site.tree, unit=site.tree.other_unit))
        u.commit()
        url, own_team, other_team = f"/intake/calls/{call.id}", shop.id, theirs.id
    unit = site.login("unit")
    before = _applications(site)
    cases = (
        ("workshop_id", {}, (MISSING, other_team), "工作室不存在或不在管辖范围内"),
        (
            "recommender_union_id",
            {"workshop_id": str(own_team)},
            (MISSING, site.tree.other_district.id),
            "推荐单位不存在或不在本次申报通知的范围内",
        ),
    )
    for field, rest, ids, words in cases:
        for record in ids:
            page = unit.get(url).text
            token = csrf_of(page, f"{url}/applications")
            data = {"csrf_token": token, "workshop_id": str(own_team), **rest, field: str(record)}
            refused = unit.post(f"{url}/applications", data=data)
            assert refused.status_code == 422, refused.text
            assert words in _error(refused.text, field), (field, record)
    assert _applications(site) == before
