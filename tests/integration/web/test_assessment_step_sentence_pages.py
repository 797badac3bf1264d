"""The 考核 step page seen by a union whose step it is not says once which union acts and why
([S9] 第九条). Before, it said 「当前环节为单位工会考核，应由…办理（…第九条）。」 and then the same
sentence again, 「年度考核（单位工会考核）应由…办理（…第九条）」."""

from __future__ import annotations

import re
from datetime import date

from tests import factories as f


def test_the_step_page_names_the_acting_union_once_to_another_union(site) -> None:
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        u.commit()
        designation_id = d.id
    for who in ("district", "city"):
        page = site.login(who).get(f"/designations/{designation_id}/assessments/new?year=2026")
        assert page.status_code == 200
        text = re.sub(r"<[^>]+>", "", page.text)
        assert text.count("应由上海某机械有限公司工会办理") == 1, who
        assert text.count("第九条") == 1, who
        assert "您所在的工会不办理此环节，只能查看。" in text
        assert 'action="/designations/' not in page.text
