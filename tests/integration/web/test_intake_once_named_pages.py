"""The call page offers only teams the call's scheme may still name: one once named is listed
apart with the reason, citing 第七条 [Y7]."""

from __future__ import annotations

import re

from sqlalchemy import select

from lifecycle.intake.model import Application
from tests import factories as f
from tests.intake_factories import yangpu_call
from tests.integration.web.conftest import Site, csrf_of


def test_a_team_once_named_under_the_scheme_is_not_offered_on_the_call_page(site: Site) -> None:
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        fresh = f.workshop(u, site.tree)
        u.commit()
        call_id, fresh_id, fresh_name = call.id, fresh.id, fresh.name
    named_id = site.designation.workshop_id
    with site.uow() as u:
        named = u.workshops.get(named_id, scope=f.SYSTEM_SCOPE)
        assert named is not None
        named_name = named.name
    unit = site.login("unit")
    page = unit.get(f"/intake/calls/{call_id}")
    assert page.status_code == 200, page.text
    picker = re.search(r'<select[^>]*name="workshop_id".*?</select>', page.text, re.S)
    assert picker is not None
    assert f'value="{fresh_id}"' in picker.group(0)
    assert f'value="{named_id}"' not in picker.group(0)
    barred = page.text[page.text.index('id="barred"') :]
    assert named_name in barred
    assert fresh_name not in barred
    assert "不再重复申报和命名（《杨浦区劳模（先进）、技师创新工作室管理办法》第七条）" in barred
    # A page opened before the naming (or a crafted form) still cannot start one: refused on
    # the team with the same reason, nothing written.
    with site.uow() as u:
        drafts_before = len(u.session.scalars(select(Application)).all())
    refused = unit.post(
        f"/intake/calls/{call_id}/applications",
        data={"csrf_token": csrf_of(page.text), "workshop_id": str(named_id)},
    )
    assert refused.status_code == 422
    assert (
        "不再重复申报和命名（《杨浦区劳模（先进）、技师创新工作室管理办法》第七条）" in refused.text
    )
    with site.uow() as u:
        assert len(u.session.scalars(select(Application)).all()) == drafts_before
