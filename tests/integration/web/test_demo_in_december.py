"""The demo as the testers saw it on 2026-12-05: what is late, what each figure counts."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import BACKENDS, new_database
from tests.integration.web.demo_site import demo_site

DAY = date(2026, 12, 5)


@pytest.fixture(scope="module", params=BACKENDS)
def december(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The demo loaded and served on ``DAY`` (it sweeps nothing: the tests sweep)."""
    folder = tmp_path_factory.mktemp("december")
    for url in new_database(request.param, request, folder):
        with demo_site(url, folder / "files", as_of=DAY) as site:
            yield site


def test_the_dashboard_figures_add_up_and_a_step_waiting_since_november_is_overdue(december):
    browser = december.login("yangpu")
    page = browser.get("/dashboard").text
    overdue, this_month, _mine = (
        int(n) for n in re.findall(r'<a class="stat[^"]*" href="[^"]+">(\d+)</a>', page)
    )
    kinds = [int(n) for n in re.findall(r'<td class="num"><a href="[^"]+">(\d+)</a></td>', page)]
    bars = [int(n) for n in re.findall(r"<title>\d+月：(\d+)</title>", page)]
    assert len(bars) == 12
    # Every outstanding item is late, due by the month's end, or in a later month's bar.
    assert overdue + this_month + sum(bars[1:]) == sum(kinds)
    # The 附件3 step waiting since 20 November and the 附件3 reports owed since the leader left
    # on 21 November are late, on the list of late items, the API and the dashboard alike.
    late = browser.get("/api/v1/todo", params={"status": "overdue", "limit": 500}).json()
    assert late["total"] == overdue
    waiting = {
        (i["kind"], i["due_on"], i["status"])
        for i in late["items"]
        if i["kind"] in ("change_request_step", "change_request_due")
    }
    assert waiting == {
        ("change_request_step", "2026-11-20", "overdue"),
        ("change_request_due", "2026-11-21", "overdue"),
    }
    listed = browser.get("/todo", params={"status": "overdue"}).text
    assert f"共 {overdue} 项" in listed
    assert "待区局（产业）工会审核" in listed
    everything = browser.get("/api/v1/todo", params={"limit": 1}).json()
    assert everything["total"] >= sum(kinds)
