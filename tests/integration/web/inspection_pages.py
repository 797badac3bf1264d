"""The 安排检查 form posted as a district officer fills it in (shared by the inspection and
整改通知 page tests)."""

from __future__ import annotations

from typing import Any

from tests.integration.web.conftest import csrf_of


def scheduled_by_page(browser: Any, designation_id: int, **fields: str) -> str:
    """Schedule an inspection of ``designation_id`` through its form (CSRF token read from the
    form): a 整改复查 on 2026-11-21 at 现场 by 王干事 unless ``fields`` say otherwise. The form
    is accepted (303); the scheduled inspection's page address."""
    form = browser.get(f"/designations/{designation_id}/inspections/new")
    data = {
        "csrf_token": csrf_of(form.text),
        "kind": "re_inspection",
        "scheduled_on": "2026-11-21",
        "place": "现场",
        "inspectors": "王干事",
        **fields,
    }
    scheduled = browser.post(f"/designations/{designation_id}/inspections", data=data)
    assert scheduled.status_code == 303, scheduled.text
    return str(scheduled.headers["location"])
