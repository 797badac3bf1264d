"""An inspection result's 检查意见 and 总体意见 are taken up to 2000 characters each by the rule,
on the page and through the API, which declared 5000 and the page took any length."""

from __future__ import annotations

import re

from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import csrf_of
from tests.integration.web.test_inspection_forms import _criteria, _schedule


def test_an_outcomes_texts_past_2000_characters_are_refused_beside_them_and_kept(site):
    browser = site.login("district")
    inspection_id = _schedule(site, browser)
    page = browser.get(f"/inspections/{inspection_id}")
    codes = _criteria(site)
    summary, notes = "总" * 2001, "检" * 2001
    data = {"csrf_token": csrf_of(page.text), "recorded_on": "2026-11-20", "summary": summary}
    for code in codes:
        data[f"result__{code}"] = "pass"
    data[f"result__{codes[0]}"] = "fail"
    data[f"notes__{codes[0]}"] = notes
    # Alone (the use case) and beside a field the form refuses itself (a day the calendar lacks).
    for typed in (data, data | {"recorded_on": "2026-11-31"}):
        response = browser.post(f"/inspections/{inspection_id}/outcome", data=typed)
        assert response.status_code == 422
        assert 'id="summary-error">总体意见不能超过2000个字符' in response.text
        assert f'id="notes__{codes[0]}-error">检查意见不能超过2000个字符' in response.text
        assert f">{summary}</textarea>" in response.text
        assert notes in response.text
        assert re.search(rf'name="result__{codes[0]}" value="fail" checked', response.text)
    with site.uow() as uow:
        inspection = uow.inspections.get(inspection_id, scope=EVERYTHING)
        assert inspection.result is None
        assert list(uow.notices.for_designation(site.designation.id)) == []
    taken = data | {"summary": "总" * 2000, f"notes__{codes[0]}": "检" * 2000}
    response = browser.post(f"/inspections/{inspection_id}/outcome", data=taken)
    assert response.status_code == 303, response.text
