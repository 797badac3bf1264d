"""Two officers of the unit's union open the same 考核 step page; the first records it, the
second, posting the step on the version both read, is told on the form who recorded it and
when, and its typed opinion is kept (both backends) [S9]. Before: 「该考核记录已被他人修改，
请刷新后重试」, naming neither."""

from __future__ import annotations

import re
from datetime import date

from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of


def test_a_step_recorded_by_another_officer_names_who_and_when(site: Site) -> None:
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        u.commit()
        designation_id = d.id
    url = f"/designations/{designation_id}/assessments/new?year=2026"
    action = f"/designations/{designation_id}/assessments"
    first, second = site.login("unit"), site.login("unit")
    pages = [b.get(url).text for b in (first, second)]
    posted = []
    for browser, page, signer, opinion in (
        (first, pages[0], "赵主席", "合格"),
        (second, pages[1], "钱副主席", "各项达标，同意合格"),
    ):
        version = re.search(r'name="expected_version" value="(\d*)"', page)
        assert version is not None
        posted.append(browser.post(action, data={
            "csrf_token": csrf_of(page, action), "year": "2026", "step": "unit",
            "expected_version": version.group(1), "passed": "yes",
            "decided_on": "2026-11-02", "signer": signer, "opinion": opinion,
        }))  # fmt: skip
    assert posted[0].status_code == 303, posted[0].text
    assert posted[1].status_code == 422, posted[1].text
    said = (
        f"2026年度考核的单位工会考核已由{site.tree.unit.name}（签署人：赵主席）于2026年11月2日登记"
        "（合格），当前环节为：待区局（产业）工会考核；您的意见未保存，请刷新后查看"
    )
    assert said in posted[1].text
    assert "各项达标，同意合格" in posted[1].text  # what was typed is kept
    with site.uow() as u:
        (kept,) = u.assessments.for_designation(designation_id)
        assert kept.unit_signer == "赵主席"
