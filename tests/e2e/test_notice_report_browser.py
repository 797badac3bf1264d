"""The written 整改 report in Chromium on the real service [Y12]: the street union a 整改通知 is
addressed to sends it without a file first (told beside 书面报告, the date and note kept), then
with it; the issuing district officer finds it on the notice and downloads it."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
PDF = b"%PDF-1.4\n% rectification report\n"


def _prepare(database_url: str) -> tuple[int, dict[str, tuple[str, str]]]:
    """A Yangpu title failed at its inspection yesterday: its notice is open."""
    engine = make_engine(database_url)
    held = today_shanghai() - timedelta(days=1)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            d = f.named_designation(u, tree)
            officer = f.acting(tree.district)
            inspection = schedule_inspection(
                u,
                ScheduleInspection(d.id, InspectionKind.CYCLE_END, held, "现场", "王"),
                actor=officer,
                as_of=held,
                scope=f.SYSTEM_SCOPE,
            )
            criteria = get_scheme(d.scheme_code).settings.inspection_criteria
            outcomes = tuple(CriterionInput(c, c != "team", "成员不足") for c, _ in criteria)
            record_outcome(
                u,
                RecordOutcome(inspection.id, held, outcomes),
                actor=officer,
                as_of=held,
                scope=f.SYSTEM_SCOPE,
            )
            notice = u.notices.open_for_designation(d.id)
            assert notice is not None
            accounts = {}
            for who, union in (("sector", tree.sector), ("district", tree.district)):
                principal, password = f.user(
                    u, Role.DISTRICT_OFFICER, union.id, username=f"report-{who}"
                )
                accounts[who] = (principal.username, password)
            u.commit()
            return notice.id, accounts
    finally:
        engine.dispose()


def test_the_street_union_reports_its_rectification_in_the_browser(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"notice-report-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    notice_id, accounts = _prepare(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *accounts["sector"])
        page.goto(f"{base}/notices/{notice_id}")
        assert page.locator("#f-reported_on").input_value() == today_shanghai().isoformat()
        page.fill("#f-description", "已补充团队成员")
        page.get_by_role("button", name="报送").click()
        page.wait_for_load_state()
        assert page.locator("#file-error").inner_text() == "请选择文件"
        assert page.locator("#f-description").input_value() == "已补充团队成员"
        page.screenshot(path=shots / "1-refused.png", full_page=True)
        page.set_input_files(
            "#f-file",
            files=[{"name": "整改情况报告.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        page.get_by_role("button", name="报送").click()
        page.wait_for_url(re.compile(rf"/notices/{notice_id}#reports$"))
        reports = page.locator("#reports").inner_text()
        assert "整改情况报告.pdf" in reports
        assert "已补充团队成员" in reports
        page.screenshot(path=shots / "2-sent.png", full_page=True)
        context.close()

        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *accounts["district"])
        page.goto(f"{base}/notices/{notice_id}")
        assert page.get_by_role("button", name="报送").count() == 0
        with page.expect_download() as got:
            page.get_by_role("link", name="整改情况报告.pdf").click()
        download = got.value
        assert download.suggested_filename == "整改情况报告.pdf"
        assert Path(download.path()).read_bytes() == PDF
        page.screenshot(path=shots / "3-district.png", full_page=True)
        context.close()
    assert len(list(shots.glob("*.png"))) == 3
