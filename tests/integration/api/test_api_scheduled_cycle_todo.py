"""API: a Yangpu cycle-end inspection the district has scheduled and not yet held says so in
the 待办, the dashboard and the occasions, with its day; moved, the new day; withdrawn, nothing
(reading 26a). It stays overdue: the duty is the inspection held and its result recorded [Y12].
Read from the occasion index built before the changes, and from the generators alike."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from lifecycle.occasions import index
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

TITLE = "第2个管理周期末实地检查"


def _items(api: Api, designation_id: int) -> dict[str, dict[str, Any]]:
    """The district officer's line of one title's second cycle-end inspection, by route (its
    first cycle, also uninspected, has a line of its own)."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    kind = {"kind": "cycle_inspection", "limit": 200}
    todo = api.client.get("/api/v1/todo", params=kind | {"mine": "true"}, headers=headers)
    listed = api.client.get("/api/v1/occasions", params=kind, headers=headers)
    board = api.client.get("/api/v1/dashboard", params={"items": 500}, headers=headers)
    for answer in (todo, listed, board):
        assert answer.status_code == 200, answer.text
    on_board = [o for name in ("overdue", "due_this_month") for o in board.json()[name]]
    found = {}
    for route, items in (
        ("todo", todo.json()["items"]),
        ("occasions", listed.json()["items"]),
        ("dashboard", on_board),
    ):
        (found[route],) = [o for o in items if o["key"] == f"cycle_inspection:{designation_id}:2"]
    return found


def _titles(api: Api, designation_id: int) -> set[tuple[str, str]]:
    return {(o["title"], o["status"]) for o in _items(api, designation_id).values()}


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "generators"])
def test_a_scheduled_inspection_says_when_it_is_arranged_and_stays_overdue(
    api: Api, indexed: bool
) -> None:
    # Named 2020-10-16: cycle 2 ended 2026-10-16 uninspected, overdue on 2026-11-21.
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="yangpu-district", naming_date=date(2020, 10, 16)
        )
        u.commit()
    if indexed:
        with api.uow() as u:
            index.build(u, f.AS_OF, NOW)
            u.commit()
    assert _titles(api, d.id) == {(TITLE, "overdue")}
    first = f"cycle_inspection:{d.id}:1"

    headers = api.callers[Role.DISTRICT_OFFICER].headers
    body = {"kind": "cycle_end", "scheduled_on": "2026-12-15", "place": "现场", "inspectors": "王"}
    sent = api.client.post(f"/api/v1/designations/{d.id}/inspections", json=body, headers=headers)
    assert sent.status_code == 201, sent.text
    inspection = sent.json()
    assert inspection["cycle_no"] == 2
    # Arranged, not held: still overdue, and the line says for when.
    assert _titles(api, d.id) == {(f"{TITLE}（已安排于2026年12月15日，结果待登记）", "overdue")}
    item = _items(api, d.id)["todo"]
    assert item["due_on"] == "2026-10-16"  # due at the cycle's end, not on the inspection's day
    # The first cycle, not the one scheduled, says nothing of it.
    todo = api.client.get("/api/v1/todo", params={"kind": "cycle_inspection"}, headers=headers)
    (other,) = [o for o in todo.json()["items"] if o["key"] == first]
    assert other["title"] == "第1个管理周期末实地检查"

    moved = api.client.patch(
        f"/api/v1/inspections/{inspection['id']}",
        json={
            "scheduled_on": "2026-12-20",
            "reason": "领衔人出差",
            "expected_version": inspection["version"],
        },
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    assert _titles(api, d.id) == {(f"{TITLE}（已安排于2026年12月20日，结果待登记）", "overdue")}

    withdrawn = api.client.post(
        f"/api/v1/inspections/{inspection['id']}/withdrawal",
        json={"reason": "日期另定", "expected_version": moved.json()["version"]},
        headers=headers,
    )
    assert withdrawn.status_code in (200, 204), withdrawn.text
    assert _titles(api, d.id) == {(TITLE, "overdue")}


def test_after_the_arranged_day_the_index_still_equals_a_fresh_build(api: Api) -> None:
    """The line's words hold on every day (reading 61e): read after the arranged day has passed
    with no result, the index built before it answers as the generators do, and the line says
    the result is what is awaited."""
    from tests.integration.test_occasion_index import _answer, _computed

    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="yangpu-district", naming_date=date(2020, 10, 16)
        )
        u.commit()
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    body = {"kind": "cycle_end", "scheduled_on": "2026-12-15", "place": "现场", "inspectors": "王"}
    sent = api.client.post(f"/api/v1/designations/{d.id}/inspections", json=body, headers=headers)
    assert sent.status_code == 201, sent.text
    with api.uow() as u:
        index.build(u, f.AS_OF, NOW)
        u.commit()
    district = api.callers[Role.DISTRICT_OFFICER].principal.union_id
    key = f"cycle_inspection:{d.id}:2"
    with api.uow() as u:
        for as_of in (f.AS_OF, date(2026, 12, 16), date(2027, 1, 20)):  # before and after it
            window = (as_of - timedelta(days=400), as_of + timedelta(days=60))
            got = _answer(u, district, *window, as_of)
            assert got == _computed(u, district, *window, as_of), as_of
            (line,) = [row for row in got if row[0] == key]
            assert line[4] == f"{TITLE}（已安排于2026年12月15日，结果待登记）"
