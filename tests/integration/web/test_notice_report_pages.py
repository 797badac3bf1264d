"""The written 整改 report on the 整改通知 page [Y12]: the addressed sector/street union's officer
finds the form, is refused beside each bad field with what was typed kept and nothing written,
then sends it; the issuing district reads and downloads it and is told it is not its to send."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from lifecycle.occasions import index
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import csrf_of, log_in
from tests.integration.web.test_flow_pages import _failed_yangpu

PDF = b"%PDF-1.4\n% report\n"


def _sector_officer(site):  # type: ignore[no-untyped-def]
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    return log_in(site.client(), principal.username, password)


def _reports(site, notice_id: int) -> int:  # type: ignore[no-untyped-def]
    with site.uow() as u:
        return len(u.notices.reports(notice_id))


def test_the_street_union_sends_its_report_and_the_district_reads_it(site):
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    url = f"/notices/{notice_id}"
    action = f'action="{url}/reports"'
    district = site.login("district")
    page = district.get(url)
    assert action not in page.text
    assert "尚未报送整改情况报告" in page.text
    assert "整改情况报告由整改通知的主送单位五角场街道总工会报送" in page.text
    assert action not in site.login("unit").get(url).text

    sector = _sector_officer(site)
    page = sector.get(url)
    assert action in page.text
    assert 'value="2026-11-21"' in page.text  # today proposed
    refused = sector.post(
        f"{url}/reports",
        data={
            "csrf_token": csrf_of(page.text),
            "reported_on": "2026-11-19",
            "description": "已补充成员",
        },
        files={"file": ("报告.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    assert refused.status_code == 422
    assert 'id="reported_on-error"' in refused.text
    assert "不能早于整改通知的发文日期（2026年11月20日）" in refused.text
    assert 'id="file-error"' in refused.text
    assert 'value="2026-11-19"' in refused.text
    assert 'value="已补充成员"' in refused.text
    no_day = sector.post(
        f"{url}/reports",
        data={"csrf_token": csrf_of(page.text), "reported_on": "2026-02-30"},
        files={"file": ("报告.pdf", PDF, "application/pdf")},
    )
    assert no_day.status_code == 422
    assert "没有2026-02-30这一天" in no_day.text
    assert _reports(site, notice_id) == 0

    sent = sector.post(
        f"{url}/reports",
        data={
            "csrf_token": csrf_of(page.text),
            "reported_on": "2026-11-21",
            "description": "已补充成员",
        },
        files={"file": ("整改情况报告.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"{url}#reports"
    assert _reports(site, notice_id) == 1
    page = district.get(url)
    assert "整改情况报告.pdf" in page.text
    assert "已补充成员" in page.text
    assert "尚未报送整改情况报告" not in page.text
    with site.uow() as u:
        report_id = u.notices.reports(notice_id)[0].id
    got = district.get(f"{url}/reports/{report_id}")
    assert (got.status_code, got.content) == (200, PDF)
    assert site.login("other").get(f"{url}/reports/{report_id}").status_code == 404
    # The notice's 修改记录 names the report: who sent which file, when, with its note.
    history = district.get(f"/history/notice/{notice_id}")
    assert history.status_code == 200, history.text
    entries = re.findall(r"<h2>([^<]*)</h2>", history.text)
    assert [e for e in entries if e.endswith("报送整改情况报告")], entries
    for shown in (
        "整改情况报告.pdf",
        "已补充成员",
        "报送日期",
        "2026年11月21日",
        "五角场街道总工会",
    ):
        assert shown in history.text, shown


def test_once_the_report_is_sent_the_deadline_leaves_the_street_union_for_the_districts_review(
    site,
):
    """The 整改期限 is the street union's to rectify and report; once its report is sent it is
    off its 待办 and the district's 整改复查 is on the district's, with the day reported [Y12]."""
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    with site.uow() as u:  # read from the occasion index, rewritten when the report is kept
        index.build(u, date(2026, 11, 21), datetime(2026, 11, 21, 1, tzinfo=UTC))
        u.commit()
    url = f"/notices/{notice_id}"
    district, sector = site.login("district"), _sector_officer(site)
    ours = "/todo?acting=1"
    before = sector.get(ours).text
    assert "整改期限（" in before
    assert "整改复查（" not in district.get(ours).text

    page = sector.get(url)
    sent = sector.post(
        f"{url}/reports",
        data={"csrf_token": csrf_of(page.text), "reported_on": "2026-11-21"},
        files={"file": ("整改情况报告.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text

    assert "整改期限（" not in sector.get(ours).text
    theirs = district.get(ours).text
    assert "整改情况报告已于2026年11月21日报送，待复查" in theirs
    # The district's whole list shows it once, as the district's step.
    assert district.get("/todo?kind=rectification_deadline").text.count("整改复查（") == 1
