"""The 整改通知 page shows the addressed union's written reports a page at a time (paged in SQL,
``reports_page``), as every list page: 「共 N 条，第 a–b 条」, a page past the last shows the
last and says so, and a refused report is shown again with what was typed while the list stays
paged [Y12]. Before: every report at once."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_flow_pages import _failed_yangpu
from tests.integration.web.test_notice_report_pages import PDF, _sector_officer

ROW = re.compile(r'<a href="/notices/\d+/reports/(\d+)">')


def _shown(html: str) -> list[int]:
    listed = html.split('id="reports"', 1)[1].split("</section>", 1)[0]
    return [int(i) for i in ROW.findall(listed)]


def test_a_notices_reports_are_paged_and_a_refused_one_keeps_what_was_typed(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    url = f"/notices/{notice_id}"
    sector = _sector_officer(site)
    for n in (1, 2, 3):
        page = sector.get(url)
        sent = sector.post(
            f"{url}/reports",
            data={"csrf_token": csrf_of(page.text), "reported_on": "2026-11-21",
                  "description": f"第{n}次报告"},
            files={"file": (f"报告{n}.pdf", PDF, "application/pdf")},
        )  # fmt: skip
        assert sent.status_code == 303, sent.text
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    district = site.login("district")
    first = district.get(url).text
    assert len(_shown(first)) == 2
    assert "共 3 条，第 1–2 条" in first
    assert 'href="?reports_page=2#reports"' in first
    second = district.get(f"{url}?reports_page=2").text
    assert len(_shown(second)) == 1
    assert not set(_shown(second)) & set(_shown(first))
    assert "共 3 条，第 3–3 条" in second
    past = district.get(f"{url}?reports_page=7").text
    assert _shown(past) == _shown(second)
    assert "第 7 页超出范围（共 2 页），已显示最后一页" in past
    # A refused report sent from page 2: named beside its field, what was typed kept, the list
    # back on page 2 (the form posts with the page shown; before: page 1).
    page = sector.get(f"{url}?reports_page=2")
    assert f'action="{url}/reports?reports_page=2"' in page.text
    refused = sector.post(
        f"{url}/reports?reports_page=2",
        data={"csrf_token": csrf_of(page.text), "reported_on": "2026-11-19",
              "description": "补充的第四次报告"},
        files={"file": ("报告4.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'id="reported_on-error"' in refused.text
    assert 'value="补充的第四次报告"' in refused.text
    assert 'value="2026-11-19"' in refused.text
    assert _shown(refused.text) == _shown(second)
    assert "共 3 条，第 3–3 条" in refused.text
