"""A form naming a record by id that is missing (a forged choice) is refused beside that field,
the page kept, nothing written: the city's 本地选树 form with a union that does not exist reads
「工会或社团不存在或不在管辖范围内」 beside 工会或社团 (both backends). Before: a 404 page."""

from __future__ import annotations

import html

from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import open_call
from tests.integration.web.conftest import Site, csrf_of


def test_a_local_selection_of_a_missing_union_is_refused_beside_the_union(site: Site) -> None:
    with site.uow() as u:
        sel = open_call(u, site.tree)
        u.commit()
        selection_id = sel.id
        before = len(list(svc.repo(u).local_selections(selection_id, EVERYTHING)))
    city = site.login("city")
    page = city.get(f"/craftsman-selections/{selection_id}")
    local = f"/craftsman-selections/{selection_id}/local-selections"
    refused = city.post(
        local,
        data={
            "union_id": "99999999",
            "participants": "25",
            "local_craftsmen": "2",
            "csrf_token": csrf_of(page.text, local),
        },
    )
    assert refused.status_code == 422, refused.text
    shown = html.unescape(refused.text)
    assert 'id="union_id-error">工会或社团不存在或不在管辖范围内' in shown
    with site.uow() as u:
        assert len(list(svc.repo(u).local_selections(selection_id, EVERYTHING))) == before
