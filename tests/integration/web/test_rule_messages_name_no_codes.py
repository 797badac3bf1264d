"""A rule's refusal names a region by its union and a title by its scheme's name, never by an
internal code: a Yangpu team member whose union relation is in 浦东, proposed as the new 带头人,
was refused with 「带头人工会关系须在杨浦区，现为pudong」 [Y3]."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.scope import EVERYTHING
from lifecycle.workshops.service import NewMember, add_member
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def test_a_successor_from_another_district_is_refused_naming_that_districts_union(
    site: Site,
) -> None:
    with site.uow() as u:
        leader = f.person(u, name="冯老师", union_id=site.tree.unit.id)
        shop = lf.led_workshop(u, site.tree, leader)
        d = f.named_designation(u, site.tree, shop=shop)
        # A member of the Yangpu team (so the district officer may pick them) whose union
        # relation is with a 浦东 unit.
        outsider = f.person(u, name="外区成员", union_id=site.tree.other_unit.id)
        add_member(
            u,
            shop.id,
            NewMember(person_id=outsider.id, joined_on=date(2020, 1, 1)),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        u.commit()
        d_id, outsider_id = d.id, outsider.id
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    refused = browser.post(
        action,
        data={
            "csrf_token": csrf_of(browser.get(action).text, action),
            "reason": "原带头人调离本单位",
            "document_ref": "杨工〔2026〕21号",
            "new_leader_person_id": str(outsider_id),
            "effective_on": "2025-06-01",
        },
    )
    assert refused.status_code == 422, refused.text
    beside = re.search(r'id="new_leader_person_id-error">([^<]*)<', refused.text)
    assert beside is not None
    assert "带头人工会关系须在杨浦区，现为浦东新区总工会" in beside.group(1)
    assert "pudong" not in refused.text
