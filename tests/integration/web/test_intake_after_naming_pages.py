"""What the unit reads once its application is named, and the 上海工匠 call's dates in words."""

from __future__ import annotations

import re

from lifecycle.intake.model import Application
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import open_call
from tests.integration.web.conftest import Site
from tests.integration.web.test_intake_pages import _app, _post, _waiting


def test_the_unit_reads_its_named_title_on_the_application_and_the_title_keeps_its_date(
    site: Site,
) -> None:
    tree = site.tree
    app_id = _waiting(
        site, ("unit", tree.unit.id), ("sector", tree.sector.id), ("panel", tree.district.id)
    )
    call_url = f"/intake/calls/{_app(site, app_id).call_id}"
    named = _post(
        site.login("district"),
        call_url,
        f"{call_url}/naming",
        {
            "document_ref": "杨工〔2026〕31号",
            "decided_on": "2026-11-21",
            "signer": "主席办公会议",
            "application_ids": [str(app_id)],
        },
    )
    assert named.status_code == 303, named.text
    app: Application = _app(site, app_id)
    assert app.designation_id is not None
    page = site.login("unit").get(f"/intake/applications/{app_id}").text
    card = re.search(r'<div class="card" id="named-title"[^>]*>(.*?)</div>', page, re.S)
    assert card is not None, page
    shown = re.sub(r"<[^>]+>", "", card.group(1))
    with site.uow() as u:
        title = u.designations.get(app.designation_id, scope=EVERYTHING)
        assert title is not None
        expected = f"已命名：{title.title} · 编号 {title.number} · "
    assert shown.strip() == f"{expected}2026年11月21日命名（杨工〔2026〕31号）"
    assert f'href="/designations/{app.designation_id}"' in card.group(1)


def test_the_craftsman_call_pages_say_their_dates_in_chinese(site: Site) -> None:
    with site.uow() as u:
        sel = open_call(u, site.tree)
        u.commit()
        sel_id = sel.id
    unit = site.login("unit")
    listing = unit.get(f"/craftsman-selections/{sel_id}").text
    assert "个人自荐 2026年11月2日至2026年11月30日 · 工会及社团截止 2026年11月30日" in listing
    form = unit.get(f"/craftsman-selections/{sel_id}/apply").text
    unions = "区局（产业）工会及社团2026年11月30日前完成申报"
    assert f"个人自荐 2026年11月2日至2026年11月30日；{unions}" in form
    for text in (listing, form):
        assert "2026-11-02 至" not in text
