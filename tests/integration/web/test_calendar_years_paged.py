"""The admin's 节假日安排 page lists the overridden years (one more each year the State Council
publishes) a page at a time, paged in SQL by year (``years_page``), each year whole with its
days; a page past the last shows the last and says so; a refused import names the file beside
its field. Before: every year at once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from lifecycle.calendar.model import CalendarOverrideDay
from tests.integration.web.conftest import Site, csrf_of

YEAR = re.compile(r"<h3>(\d{4})年</h3>")


def test_the_overridden_years_are_paged_each_year_whole(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    with site.uow() as u:
        for year in (2031, 2032, 2033):
            u.session.add(CalendarOverrideDay(day=date(year, 1, 1), kind="holiday"))
            u.session.add(CalendarOverrideDay(day=date(year, 2, 8), kind="workday"))
        u.commit()
        every = sorted({d.year for d in u.session.scalars(select(CalendarOverrideDay.day))})
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    admin = site.login("admin")
    first = admin.get("/admin/calendar").text
    assert [int(y) for y in YEAR.findall(first)] == every[:2]
    assert f"共 {len(every)} 个年度，第 1–2 个" in first
    assert 'href="?years_page=2#years"' in first
    last = -(-len(every) // 2)
    shown: list[int] = []
    for n in range(1, last + 1):
        page = admin.get(f"/admin/calendar?years_page={n}").text
        shown += [int(y) for y in YEAR.findall(page)]
    assert shown == every
    final = admin.get(f"/admin/calendar?years_page={last}").text
    assert "2033年1月1日" in final  # the year whole: its holidays and its 调休 workdays
    assert "2033年2月8日" in final
    past = admin.get("/admin/calendar?years_page=40").text
    assert YEAR.findall(past) == YEAR.findall(final)
    assert f"第 40 页超出范围（共 {last} 页），已显示最后一页" in past
    # A refused import sent from page 2: beside the file, nothing written, the list back on
    # page 2 (the form posts with the page shown; before: page 1).
    second = admin.get("/admin/calendar?years_page=2").text
    refused = admin.post(
        "/admin/calendar?years_page=2",
        data={"csrf_token": csrf_of(second, "/admin/calendar?years_page=2")},
        files={"file": ("bad.csv", b"date,kind\n2034-02-30,holiday\n", "text/csv")},
    )
    assert refused.status_code == 422
    assert 'id="file-error"' in refused.text
    assert [int(y) for y in YEAR.findall(refused.text)] == every[2:4]
