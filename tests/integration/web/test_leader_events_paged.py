"""The title page shows its leader's events (退休/离职/已故/其他) a page at a time, paged in SQL
as the JSON reads them (``events_page``, 50 a page, by the day they happened): a page past the
last shows the last and says so, the other lists' pages are kept, and the status and history
timeline still holds every event. Before: every event at once."""

from __future__ import annotations

import re
from datetime import date

import pytest

from lifecycle.leaders.model import LeaderEvent, LeaderEventKind
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF
from tests.integration.web.conftest import Site

EVENT = re.compile(r"· 来源(\d+)")


def _events(site: Site, count: int) -> list[int]:
    """``count`` events of the team's leaders past and present (one of each kind a person), as a
    history imported before the service holds them."""
    with site.uow() as u:
        workshop = u.workshops.get(site.designation.workshop_id, EVERYTHING)
        assert workshop is not None
        people = [workshop.leader_person_id, *(m.person_id for m in workshop.members)]
        kinds = list(LeaderEventKind)
        ids = [
            u.leaders.add_event(
                LeaderEvent(
                    workshop_id=workshop.id,
                    person_id=people[n // len(kinds)],
                    kind=kinds[n % len(kinds)],
                    occurred_on=date(2024, 1 + n, 10),
                    recorded_on=AS_OF,
                    source=f"来源{n}",
                    actor_name="测试",
                )
            ).id
            for n in range(count)
        ]
        u.commit()
        return ids


def _section(html: str) -> str:
    return html.split('id="leader-events"', 1)[1].split("</section>", 1)[0]


def test_the_leaders_events_are_paged_and_the_timeline_keeps_them_all(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _events(site, 5)
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    officer = site.login("district")
    url = f"/designations/{site.designation.id}"
    first = officer.get(url)
    assert first.status_code == 200, first.text
    shown = _section(first.text)
    assert EVENT.findall(shown) == ["0", "1"]
    assert "共 5 条，第 1–2 条" in shown
    assert 'href="?events_page=2#leader-events"' in shown
    # The timeline is the whole story, whichever page of the events is shown.
    timeline = first.text.split('id="history"', 1)[1].split("</section>", 1)[0]
    assert timeline.count('class="leader-event"') == 5
    second = officer.get(f"{url}?events_page=2&occasions_page=1").text
    assert EVENT.findall(_section(second)) == ["2", "3"]
    assert 'href="?events_page=3#leader-events"' in _section(second)
    past = officer.get(f"{url}?events_page=9").text
    assert EVENT.findall(_section(past)) == ["4"]
    assert "第 9 页超出范围（共 3 页），已显示最后一页" in _section(past)
    # The JSON read pages the same events in the same order.
    token = officer.post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames["district"], "password": site.passwords["district"]},
    )
    assert token.status_code in {200, 201}, token.text
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    api = officer.get(
        f"/api/v1/workshops/{site.designation.workshop_id}/leader-events?limit=2&offset=2",
        headers=headers,
    ).json()
    assert [e["source"] for e in api["items"]] == ["来源2", "来源3"]
    assert api["total"] == 5
