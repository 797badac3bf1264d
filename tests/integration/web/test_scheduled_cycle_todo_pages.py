"""The 待办 page and the calendar: a cycle-end inspection the district has scheduled (安排检查)
and not yet held says so with its day, and stays 已逾期 until its result is recorded; withdrawn,
the line is as before (reading 26a) [Y12]."""

from __future__ import annotations

import re

from lifecycle.occasions import index
from tests.integration.web.conftest import NOW, csrf_of

ARRANGED = "第1个管理周期末实地检查（已安排于2026年11月25日，结果待登记）"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _line(browser, subject: str) -> str:
    """The 待办 page's line of the title's cycle-end inspection (one cycle owed)."""
    page = browser.get("/todo", params={"kind": "cycle_inspection"})
    assert page.status_code == 200
    items = re.findall(r"<li>(.*?)</li>", page.text, re.S)
    (line,) = [_text(i) for i in items if subject in i and "管理周期末实地检查" in i]
    return line


def test_a_scheduled_inspection_reads_as_arranged_on_the_todo_page_and_calendar(site) -> None:
    with site.uow() as u:
        index.build(u, NOW.date(), NOW)  # read from the index, rewritten by each change
        u.commit()
    d = site.designation
    district = site.login("district")
    # Named 2023-03-15: the first cycle ended 2026-03-15 uninspected [Y12].
    before = _line(district, d.title)
    assert "已逾期" in before
    assert "第1个管理周期末实地检查" in before
    assert "已安排" not in before

    form = district.get(f"/designations/{d.id}/inspections/new")
    sent = district.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "cycle_end",
            "scheduled_on": "2026-11-25",
            "place": "二号车间",
            "inspectors": "王干事",
            "cycle_no": "1",
        },
    )
    assert sent.status_code == 303, sent.text
    inspection_id = int(sent.headers["location"].rsplit("/", 1)[1])
    line = _line(district, d.title)
    assert ARRANGED in line, line
    assert "已逾期" in line  # arranged is not held: the duty stays overdue

    # The calendar's entry on the cycle's end carries the same line.
    march = district.get("/calendar", params={"month": "2026-03"})
    assert march.status_code == 200
    assert f'title="{ARRANGED}"' in march.text

    page = district.get(f"/inspections/{inspection_id}")
    action = f"/inspections/{inspection_id}/withdrawal"
    version = re.search(
        rf'action="{action}".*?name="expected_version" value="(\d+)"', page.text, re.S
    )
    assert version is not None
    done = district.post(
        action,
        data={
            "csrf_token": csrf_of(page.text, action),
            "expected_version": version.group(1),
            "withdraw_reason": "日期另定",
        },
    )
    assert done.status_code == 303, done.text
    after = _line(district, d.title)
    assert "已安排" not in after
    assert "已逾期" in after
