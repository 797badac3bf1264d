"""A 修改记录 names the other records its entries reference by what their pages call them, linked
where the reader may open them: the 附件3's leader event, the city title's 推荐来源, the notice's
inspection and back, a support grant's achievement (before: 「#2」, 「#29」, 「#1」); one query
per kind."""

from __future__ import annotations

import re
from datetime import date, timedelta

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
        leader = event.json()["person_id"]
        assert f'<a href="/persons/{leader}">冯志强</a>' in _row(history.text, "原领衔人")

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
        # The re-inspection scheduled on that notice names it by its number, linked [Y12].
        scheduled = site.client.post(
            f"/api/v1/designations/{notice['designation_id']}/inspections",
            json={
                "kind": "re_inspection",
                "scheduled_on": (demo_copy.as_of + timedelta(days=7)).isoformat(),
                "place": "工作室现场",
                "inspectors": "区总工会检查组",
            },
            headers=_token(site.client, "yangpu"),
        )
        assert scheduled.status_code == 201, scheduled.text
        inspection_history = officer.get(f"/history/inspection/{scheduled.json()['id']}").text
        issued = _row(inspection_history, "整改通知")
        assert f'<a href="/notices/{notice["id"]}">{notice["number"]}</a>' in issued

        # A support grant for one achievement [Y15] names it, linked to the team's ledger.
        finance = _token(site.client, "finance")
        ledger = site.client.get(f"/api/v1/workshops/{team['workshop_id']}/ledger", headers=finance)
        achievement = ledger.json()["achievements"][0]
        applied = site.client.post(
            f"/api/v1/designations/{team['id']}/excellence-applications",
            json={
                "achievement_id": achievement["id"],
                "year": demo_copy.as_of.year,
                "filed_on": demo_copy.as_of.isoformat(),
                "summary": "工艺改进成果申请扶持",
            },
            headers=unit,
        )
        assert applied.status_code == 201, applied.text
        decided = site.client.post(
            f"/api/v1/excellence-applications/{applied.json()['id']}/decision",
            json={
                "decision": "approve",
                "decided_on": demo_copy.as_of.isoformat(),
                "decision_ref": "杨工〔2026〕77号",
                "amount_yuan": "5,000.00",
            },
            headers=finance,
        )
        assert decided.status_code == 200, decided.text
        grant_id = decided.json()["grant_id"]
        clerk = site.login("finance")
        grant_history = clerk.get(f"/history/grant/{grant_id}").text
        day = chinese_date(date.fromisoformat(achievement["achieved_on"]))
        shown = f"{achievement['title']}（{day}）"
        assert f'<a href="/designations/{team["id"]}#ledgers">{shown}</a>' in (
            _row(grant_history, "成果")
        )
        for page in (history.text, named, notice_history, inspection_history, grant_history):
            assert not re.search(r"<td>#\d+</td>", page)

        # Each kind of record named is read once, whatever the number of entries.
        with counting(_engine(site)) as sent:
            assert officer.get(f"/history/change/{request_id}").status_code == 200
        reads = [t for t in sent.texts if "FROM leader_events" in t]
        assert len(reads) == 1, reads
