"""The 附件3 form in Chromium on the real service, on both backends: opened from the title's
「提出管理变更申请」 button after the leader's departure was recorded, it comes with that event
chosen and the reason filled in (before: 「（不引用）」, the user looked the event up again);
a new leader recorded 离职 is refused beside the field, naming who and since when, and the event,
the reason and the chosen person are kept on the refused form [C 三（六）]."""

from __future__ import annotations

import re
from datetime import date

import pytest

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EmploymentStatus, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.e2e.browser_support import CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _prepare(database_url: str) -> tuple[int, int, tuple[str, str]]:
    """A craftsman title whose leader 周工匠 left on 2026-06-01 (recorded), 郑离职 recorded 离职
    in the registry, and the unit's contact."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            old = f.person(u, name="周工匠", honours=lf.CRAFTSMAN, union_id=tree.unit.id)
            d = lf.titled(u, tree, scheme="shanghai-craftsman", leader=old)
            gone = f.person(u, name="郑离职", honours=lf.CRAFTSMAN, union_id=tree.unit.id)
            gone.employment_status = EmploymentStatus.LEFT  # leads nothing: no event
            left = RecordLeaderEvent(
                d.workshop_id, LeaderEventKind.DEPARTURE, date(2026, 6, 1), "单位工会书面报告", None
            )
            event = record_leader_event(
                u, left, actor=f.unit_contact(u, d), as_of=f.AS_OF, scope=EVERYTHING
            )
            principal, password = f.user(u, Role.UNIT_CONTACT, tree.unit.id, username="ev-unit")
            u.commit()
            return d.id, event.id, (principal.username, password)
    finally:
        engine.dispose()


def test_the_form_from_the_titles_button_cites_the_event_and_keeps_it_when_refused(
    fresh_database_url, tmp_path, chromium
):
    designation_id, event_id, account = _prepare(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *account)
        page.goto(f"{base}/designations/{designation_id}")
        page.get_by_role("link", name="提出管理变更申请", exact=True).click()
        page.wait_for_url(re.compile(rf"/designations/{designation_id}/changes/new$"))
        assert page.locator("#f-leader_event_id").input_value() == str(event_id)
        assert page.locator("#f-reason").input_value() == "left"
        details = "领衔人周工匠于2026年6月1日离职（单位工会书面报告）"
        assert page.locator("#f-reason_details").input_value() == details
        page.select_option("#f-measure", "leader_change")
        page.fill("#f-new_leader_person_id_q", "郑")
        option = page.locator(".picker-option", has_text="郑离职")
        option.wait_for()
        option.locator("input").check()
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_load_state()
        said = "新领衔人：郑离职在人员信息中为离职，不能担任领衔人"
        assert said in page.content()
        assert page.locator("#f-leader_event_id").input_value() == str(event_id)
        assert page.locator("#f-reason").input_value() == "left"
        assert page.locator("#f-measure").input_value() == "leader_change"
        assert "郑离职" in page.locator(".field", has_text="新领衔人").first.inner_text()
        context.close()
