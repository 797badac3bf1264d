"""A step with no deadline (无规定办理期限) shows when it began waiting, never 「到期 <date>」: the
date is no due date (dashboard, 待办 and the API alike)."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.clock import chinese_date
from tests import factories as f
from tests.intake_factories import AS_OF
from tests.integration.web.conftest import Site
from tests.integration.web.intake_site import unit_application
from tests.leader_factories import led_workshop


def _waiting(site: Site) -> int:
    with site.uow() as u:
        app = unit_application(u, site, submitted=True)
        u.commit()
        return app.id


def _line(page: str, app_id: int) -> str:
    found = re.search(rf'<li>(.*?)<a href="/intake/applications/{app_id}">', page, re.S)
    assert found, page
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_step_without_deadline_reads_as_waiting_since_not_as_due(site: Site) -> None:
    app_id = _waiting(site)
    browser = site.login("district")
    dashboard = browser.get("/dashboard").text
    section = dashboard[dashboard.index('id="undated"') :]
    assert _line(section, app_id) == f"待办理 自{chinese_date(AS_OF)}起等待"
    listed = browser.get("/todo", params={"undated": "1"}).text
    assert _line(listed, app_id) == f"待办理 自{chinese_date(AS_OF)}起等待"
    assert "无规定办理期限" in listed
    # The API says so too: the date is when it began waiting.
    items = browser.get("/api/v1/todo", params={"undated": "true"}).json()["items"]
    mine = [i for i in items if i["link"] == f"/intake/applications/{app_id}"]
    assert [(i["undated"], i["due_on"]) for i in mine] == [(True, AS_OF.isoformat())]
    # A step with a deadline keeps 「到期 <date>」 or 「已逾期 <date>」.
    dated = browser.get("/todo", params={"undated": "0"}).text
    assert "起等待" not in dated
    assert re.search(r"(到期|已逾期)</span> \d{4}年\d{1,2}月\d{1,2}日", dated)


def test_a_warning_reads_from_when_it_shows_not_as_due(site: Site) -> None:
    """A legal-retirement warning's date is when it starts (90 days ahead), not a due date: it
    reads 「提醒 自2026年…起」 (a date in a sentence, in Chinese), the retirement date itself in its
    title."""
    with site.uow() as u:
        leader = f.person(u, name="临退师傅", birth_date=date(1966, 5, 10),
                          union_id=site.tree.unit.id)  # fmt: skip
        d = f.named_designation(u, site.tree, shop=led_workshop(u, site.tree, leader))
        u.commit()
        title_id = d.id
    page = (
        site.login("district")
        .get("/todo", params={"kind": "leader_retirement", "to": "2027-12-31"})
        .text
    )
    lines = [
        re.sub(r"<[^>]+>", "", m).split()
        for m in re.findall(rf'<li>(.*?)<a href="/designations/{title_id}[#"]', page, re.S)
    ]
    assert lines, page
    for words in lines:
        assert words[0] == "提醒", words
        assert re.fullmatch(r"自\d{4}年\d{1,2}月\d{1,2}日起", words[1]), words
        assert "到期" not in words
