"""The city's 审定 of a 附件3, posted from its page by a district officer, is refused citing who
decides [C 三（六）], as the API refuses it, and nothing is written (both backends).

Before: 「您的角色无权办理「上海市总工会审定」」, naming neither who decides nor the article."""

from __future__ import annotations

import html

from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

C36 = "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六））"


def test_the_district_posting_the_citys_decision_from_the_page_hears_the_article(
    site: Site,
) -> None:
    with site.uow() as u:
        request = lf.awaiting_the_city(u, site.tree)
        u.commit()
        request_id, version = request.id, request.version
    district = site.login("district")
    page = district.get(f"/changes/{request_id}")
    assert f'action="/changes/{request_id}/decision"' not in page.text  # no form offered
    posted = district.post(
        f"/changes/{request_id}/decision",
        data={
            "csrf_token": csrf_of(page.text),
            "step": "city",
            "action": "approve",
            "decided_on": "2026-06-20",
            "signer": "王",
            "opinion": "同意",
            "decision_ref": "沪工总〔2026〕8号",
            "expected_version": str(version),
        },
    )
    assert posted.status_code == 403, posted.text
    assert f"区局（产业）工会干部无权办理此事项，须由市总工会干部办理{C36}" in html.unescape(
        posted.text
    )
    after = site.login("city").get(f"/changes/{request_id}").text
    assert "待上海市总工会审定" in after
