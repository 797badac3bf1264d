"""The 安排检查 form refused for an impossible date still names what is wrong with the kind
chosen — a 整改复查 with no open notice, a cycle-end inspection while a notice is open — beside
检查类别, with the other bad fields, what was typed kept, nothing scheduled [Y12]."""

from __future__ import annotations

import re

from tests.integration.web.conftest import csrf_of
from tests.integration.web.test_flow_pages import _failed_yangpu


def _beside(html: str, field: str) -> str | None:
    found = re.search(rf'id="{field}-error">([^<]*)<', html)
    return found.group(1) if found else None


def _post(site, kind: str) -> str:
    district = site.login("district")
    url = f"/designations/{site.designation.id}/inspections"
    form = district.get(f"{url}/new")
    assert form.status_code == 200
    data = {"csrf_token": csrf_of(form.text), "kind": kind, "scheduled_on": "2026-02-30"}
    data |= {"cycle_no": "", "place": "", "inspectors": "王干事"}
    refused = district.post(url, data=data)
    assert refused.status_code == 422
    assert 'value="王干事"' in refused.text
    with site.uow() as u:
        assert [i for i in u.inspections.pending(site.designation.id) if i.kind.value == kind] == []
    return refused.text


def test_a_re_inspection_without_a_notice_is_named_beside_its_kind_with_a_bad_date(site):
    page = _post(site, "re_inspection")
    assert _beside(page, "kind") == "该工作室没有待复查的整改通知"
    assert "没有2026-02-30这一天" in (_beside(page, "scheduled_on") or "")
    assert _beside(page, "place") == "检查地点不能为空"


def test_a_cycle_end_inspection_while_a_notice_is_open_is_named_with_a_bad_date(site):
    _failed_yangpu(site)
    page = _post(site, "cycle_end")
    said = _beside(page, "kind") or ""
    assert said.startswith("整改通知 ")
    assert said.endswith("尚未办结，应安排整改复查")
    assert "没有2026-02-30这一天" in (_beside(page, "scheduled_on") or "")
