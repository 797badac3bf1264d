"""批量办理: a refused action names every bad field at once beside it and keeps what was typed;
the bulk inspection form is offered only to the union that inspects [Y12]."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.inspections.model import Inspection
from lifecycle.reminders.model import OutboxMessage
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of, log_in


def _error(html: str, name: str) -> str | None:
    found = re.search(rf'<div class="error" id="{name}-error">([^<]*)</div>', html)
    return found[1] if found else None


def _typed(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="[a-z]+" name="{name}" value="([^"]*)"', html)
    return found[1] if found else None


def _count(site: Site, model: type[object]) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_refused_bulk_action_names_every_bad_field_and_keeps_what_was_typed(site: Site) -> None:
    browser = site.login("district")
    page = browser.get("/adoption/bulk")
    assert page.status_code == 200
    assert 'role="alert"' not in page.text  # nothing refused yet (it showed "<Macro 'error'>")
    token = csrf_of(page.text, "/adoption/bulk")
    before = (_count(site, Inspection), _count(site, OutboxMessage))
    # Nothing chosen, no date, no place: all three said at once, the inspectors kept.
    refused = browser.post(
        "/adoption/bulk",
        data={"csrf_token": token, "action": "inspect", "scheduled_on": "",
              "place": " ", "inspectors": "王干事、李干事", "status": "named"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert _error(refused.text, "designation_id") == "请至少选择一个工作室"
    assert _error(refused.text, "scheduled_on") == "请填写检查日期"
    assert _error(refused.text, "place") == "检查地点不能为空"
    assert _typed(refused.text, "inspectors") == "王干事、李干事"
    assert "提交未成功" in refused.text
    # A title chosen, the date given, the place still blank: refused by its field, not per title.
    chosen = str(site.designation.id)
    refused = browser.post(
        "/adoption/bulk",
        data={"csrf_token": token, "action": "inspect", "scheduled_on": "2026-12-10",
              "place": "", "inspectors": "王干事", "designation_id": chosen},
    )  # fmt: skip
    assert refused.status_code == 422
    assert _error(refused.text, "place") == "检查地点不能为空"
    assert _typed(refused.text, "scheduled_on") == "2026-12-10"
    assert "不能办理" not in refused.text
    assert re.search(rf'value="{chosen}"[^>]* checked', refused.text)
    # A reminder with no message and a deadline already past (today is 2026-11-21).
    refused = browser.post(
        "/adoption/bulk",
        data={"csrf_token": token, "action": "remind", "message": "",
              "due_on": "2026-11-20", "designation_id": chosen},
    )  # fmt: skip
    assert refused.status_code == 422
    assert _error(refused.text, "message") == "提醒内容不能为空"
    assert _error(refused.text, "due_on") == "办理期限不能早于今天（2026年11月21日）"
    assert _typed(refused.text, "due_on") == "2026-11-20"
    assert (_count(site, Inspection), _count(site, OutboxMessage)) == before


def test_the_bulk_inspection_form_is_offered_only_to_the_union_that_inspects(site: Site) -> None:
    district = site.login("district").get("/adoption/bulk").text
    assert (
        "安排周期末实地检查（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）" in district
    )
    assert 'value="inspect"' in district
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    street = log_in(site.client(), principal.username, password).get("/adoption/bulk")
    assert street.status_code == 200
    assert 'value="inspect"' not in street.text
    assert "安排周期末实地检查" not in street.text
    assert 'value="remind"' in street.text  # reminders and export stay theirs
