"""The call page offers only teams the call's scheme may still name: one once named is listed
apart with the reason, citing 第七条 [Y7]."""

from __future__ import annotations

import re

from sqlalchemy import select

from lifecycle.intake.model import Application
from tests import factories as f
from tests.craftsman_batch import craftsman_call
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


def test_a_team_holding_a_model_worker_title_is_not_offered_a_craftsman_call(site: Site) -> None:
    """[C 一（二）] 「已获得“上海市劳模创新工作室”称号的不参加」: the craftsman call page lists
    such a team apart with the reason, citing the notice, and a crafted form is refused on the
    team, nothing written (before: offered, its draft taken, refused only when submitted)."""
    call_id = craftsman_call(site.uow, site.tree)
    with site.uow() as u:
        title = f.named_designation(u, site.tree, scheme="shanghai-model-worker")
        shop = u.workshops.get(title.workshop_id, scope=f.SYSTEM_SCOPE)
        assert shop is not None
        u.commit()
        shop_id, shop_name = shop.id, shop.name
    unit = site.login("unit")
    page = unit.get(f"/intake/calls/{call_id}")
    assert page.status_code == 200, page.text
    picker = re.search(r'<select[^>]*name="workshop_id".*?</select>', page.text, re.S)
    assert picker is not None
    assert f'value="{shop_id}"' not in picker.group(0)
    barred = page.text[page.text.index('id="barred"') :]
    reason = (
        "已获得“上海市劳模创新工作室”称号的不参加本次创建活动"
        "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（二））"
    )
    assert f"{shop_name}：{reason}" in barred
    with site.uow() as u:
        drafts_before = len(u.session.scalars(select(Application)).all())
    refused = unit.post(
        f"/intake/calls/{call_id}/applications",
        data={"csrf_token": csrf_of(page.text), "workshop_id": str(shop_id)},
    )
    assert refused.status_code == 422
    assert reason in refused.text
    with site.uow() as u:
        assert len(u.session.scalars(select(Application)).all()) == drafts_before
