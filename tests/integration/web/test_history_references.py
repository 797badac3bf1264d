"""A 修改记录 names the other records its entries reference by what their pages call them, linked
where the reader may open them: the 附件3's leader event, the city title's 推荐来源, the notice's
inspection (before: 「#2」, 「#29」, 「#1」), in one query per kind."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lifecycle.clock import chinese_date
from lifecycle.demo.users import DEMO_PASSWORD
from tests.demo_copies import DemoCopy
from tests.integration.web.demo_site import DemoSite, demo_site
from tests.statement_count import counting


def _token(client: TestClient, username: str) -> dict[str, str]:
    issued = client.post(
        "/api/v1/auth/tokens", json={"username": username, "password": DEMO_PASSWORD}
    )
    return {"Authorization": f"Bearer {issued.json()['token']}"}


def _title(client: TestClient, auth: dict[str, str], name: str) -> dict[str, object]:
    (row,) = client.get("/api/v1/designations", params={"q": name}, headers=auth).json()["items"]
    return dict(row)


def _row(html: str, label: str) -> str:
    """The history table row of ``label`` (its HTML, links kept)."""
    found = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html, re.S)
    assert found is not None, label
    return found.group(1)


def _engine(site: DemoSite) -> Engine:
    bind = site.client.app.state.session_factory.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def test_a_history_names_and_links_the_records_it_references_not_their_ids(
    demo_copy: DemoCopy,
) -> None:
    with demo_site(demo_copy) as site:
        unit = _token(site.client, "unit-zx")
        city = _title(site.client, unit, "冯志强劳模创新工作室")
        team = _title(site.client, unit, "冯志强智能制造实训劳模创新工作室")
        retired_on = demo_copy.as_of - timedelta(days=3)
        event = site.client.post(
            f"/api/v1/workshops/{city['workshop_id']}/leader-events",
            json={"kind": "retirement", "occurred_on": retired_on.isoformat(), "source": "人事处"},
            headers=unit,
        )
        assert event.status_code == 201, event.text
        event_id = event.json()["id"]
        filed = site.client.post(
            f"/api/v1/designations/{city['id']}/change-requests",
            json={
                "reason": "retired",
                "reason_details": "领衔人退休",
                "measure": "revoke",
                "filed_on": demo_copy.as_of.isoformat(),
                "leader_event_id": event_id,
            },
            headers=unit,
        )
        assert filed.status_code == 201, filed.text
        request_id = filed.json()["id"]

        officer = site.login("yangpu")
        history = officer.get(f"/history/change/{request_id}")
        assert history.status_code == 200
        cited = _row(history.text, "引用的领衔人情况")
        proofs = f"/designations/{team['id']}/leader/events/{event_id}/proofs"
        assert f'<a href="{proofs}">{chinese_date(retired_on)} 冯志强退休</a>' in cited
        assert officer.get(proofs).status_code == 200  # a page the officer may open
        assert f"#{event_id}" not in cited

        # The city title recommended from the district's: by its name and number, linked.
        named = officer.get(f"/history/designation/{city['id']}").text
        source = _row(named, "推荐来源")
        assert f'<a href="/designations/{team["id"]}">{team["title"]}（{team["number"]}）</a>' in (
            source
        )

        # The open 整改通知 names the inspection that issued it by its kind and day, linked.
        notice = officer.get("/api/v1/notices/1", headers=_token(site.client, "yangpu")).json()
        inspection_id = notice["inspection_id"]
        notice_history = officer.get(f"/history/notice/{notice['id']}").text
        inspected = _row(notice_history, "检查记录")
        assert re.search(
            rf'<a href="/inspections/{inspection_id}">周期末实地检查 \d{{4}}年', inspected
        )
        for page in (history.text, named, notice_history):
            assert not re.search(r"<td>#\d+</td>", page)

        # Each kind of record named is read once, whatever the number of entries.
        with counting(_engine(site)) as sent:
            assert officer.get(f"/history/change/{request_id}").status_code == 200
        reads = [t for t in sent.texts if "FROM leader_events" in t]
        assert len(reads) == 1, reads
