"""API: an open 专款专用 audit finding is a duty in 我的待办 of the finance staff who answer it
(reading 33w): shown from the day it was found with no deadline of its own, citing the title's
article; gone once resolved; back (its next occurrence) when the refund answering it is voided.
Read from the occasion index and from the generators alike."""

from __future__ import annotations

from typing import Any

import pytest

from lifecycle.occasions import index
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

Y16 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十六条"
REFUND = {"refund_yuan": "1,000.00", "refunded_on": "2026-11-20", "refund_ref": "转账凭证-0088"}


def _todo(api: Api, role: Role) -> list[dict[str, Any]]:
    """The caller's 我的待办 items of audit findings."""
    answer = api.client.get(
        "/api/v1/todo",
        params={"mine": "true", "kind": "funding_finding", "limit": 200},
        headers=api.callers[role].headers,
    )
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def _keys(api: Api) -> list[str]:
    return [o["key"] for o in _todo(api, Role.FINANCE)]


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "generators"])
def test_an_open_finding_waits_in_the_answering_finances_todo_until_answered(
    api: Api, indexed: bool
) -> None:
    if indexed:
        with api.uow() as u:
            index.build(u, f.AS_OF, NOW)
            u.commit()
    own, first = api.own.designation, api.own.finding
    key = f"funding_finding:{own}:{first}"
    mine = {o["key"]: o for o in _todo(api, Role.FINANCE)}
    item = mine[key]
    # The naming union (the district, which paid the one-off [Y14]) answers it.
    assert item["union_id"] == api.tree.district.id
    assert item["kind_label"] == "专款专用审计发现待处理"
    assert item["title"].startswith("审计发现待处理：支出类别属禁止用途 1,200.00 元"), item
    assert Y16 in item["title"], item
    assert (item["status"], item["undated"], item["standing"]) == ("due", True, True)
    assert item["due_on"] == f.AS_OF.isoformat()  # the day it was found, not a deadline
    assert item["link"] == f"/designations/{own}#funding"
    # Nobody else's: the officers and the unit resolve no finding.
    for role in (Role.DISTRICT_OFFICER, Role.UNIT_CONTACT):
        assert _todo(api, role) == []

    finance = api.callers[Role.FINANCE].headers
    resolved = api.client.post(
        f"/api/v1/findings/{first}/resolution",
        headers=finance,
        json={"outcome": "refunded", "note": "差旅费退回", "resolved_on": "2026-11-21"} | REFUND,
    )
    assert resolved.status_code == 201, resolved.text
    assert key not in _keys(api)

    voided = api.client.post(
        f"/api/v1/refunds/{resolved.json()['refund_id']}/void",
        headers=finance,
        json={"reason": "误登，款项未退回", "expected_version": 1},
    )
    assert voided.status_code == 200, voided.text
    again = voided.json()["reopened_finding_id"]
    # No money came back: the finding is open again, a duty again (its own key: told anew).
    assert f"funding_finding:{own}:{again}" in _keys(api)
    assert key not in _keys(api)

    explained = api.client.post(
        f"/api/v1/findings/{again}/resolution",
        headers=finance,
        json={"outcome": "explained", "note": "经核实按规定处理", "resolved_on": "2026-11-21"},
    )
    assert explained.status_code == 201, explained.text
    assert f"funding_finding:{own}:{again}" not in _keys(api)


def test_a_finding_the_audit_closes_leaves_the_todo(api: Api) -> None:
    """Superseded or no longer holding: the audit closes it, and the duty goes with it."""
    with api.uow() as u:
        index.build(u, f.AS_OF, NOW)
        u.commit()
    finance = api.callers[Role.FINANCE].headers
    own = api.own.designation
    before = [k for k in _keys(api) if k.startswith(f"funding_finding:{own}:")]
    assert before
    found = api.client.get(f"/api/v1/designations/{own}/findings", headers=finance).json()
    travel = next(x for x in found["items"] if x["id"] == api.own.finding)
    # The expenditure corrected to books: the forbidden-use finding no longer holds.
    corrected = api.client.post(
        f"/api/v1/expenditures/{travel['expenditure_id']}/correction",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"reason": "类别录错", "category": "books"},
    )
    assert corrected.status_code == 200, corrected.text
    assert f"funding_finding:{own}:{api.own.finding}" not in _keys(api)


def test_the_unit_reads_an_open_finding_over_the_api_as_its_pages_say(api: Api) -> None:
    """The unit union's contact reads its subtree's open finding (not its own duty) as its
    dashboard and title page word it: waiting for finance staff, correctable where it entered
    the spending; finance staff, who answer it, are asked to (reading ux57a)."""
    own = api.own.designation
    key = f"funding_finding:{own}:{api.own.finding}"
    asked = "；请说明、退回或移交处理"
    unit_line = "；待财务人员核实处理；如登记有误，可更正该笔支出"
    for role, ending in ((Role.UNIT_CONTACT, unit_line), (Role.FINANCE, asked)):
        headers = api.callers[role].headers
        listed = api.client.get("/api/v1/todo", params={"kind": "funding_finding"}, headers=headers)
        assert listed.status_code == 200, listed.text
        item = {o["key"]: o for o in listed.json()["items"]}[key]
        assert item["title"].startswith("审计发现待处理：支出类别属禁止用途 1,200.00 元"), item
        assert item["title"].endswith(ending), (role, item["title"])
        board = api.client.get("/api/v1/dashboard", params={"items": 500}, headers=headers)
        assert board.status_code == 200, board.text
        shown = [
            o["title"]
            for name in ("overdue", "due_this_month", "my_step", "undated")
            for o in board.json()[name]
            if o["key"] == key
        ]
        assert shown, (role, board.text)
        assert all(t.endswith(ending) for t in shown), (role, shown)
        on_title = api.client.get(
            f"/api/v1/designations/{own}/occasions", params={"limit": 500}, headers=headers
        )
        assert on_title.status_code == 200, on_title.text
        titles = [o["title"] for o in on_title.json()["items"] if o["key"] == key]
        assert titles, (role, on_title.text)
        assert titles[0].endswith(ending), (role, titles)
