"""A Yangpu leader who takes a title over already past the legal retirement age, over the JSON
API on both backends [Y13]: no 「将于…达到法定退休年龄，提前90天提醒」 dated years before the
title was taken over (or named); the consent to go on leading is owed from the takeover."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

LEADER_KINDS = ("leader_retirement", "leader_consent_missing")


def test_a_successor_past_the_legal_age_gets_no_stale_warnings_and_owes_the_consent_at_once(
    api: Api,
) -> None:
    with api.uow() as u:
        first = f.person(u, name="冯老师", birth_date=date(1975, 3, 2), union_id=api.tree.unit.id)
        d = f.named_designation(u, api.tree, shop=lf.led_workshop(u, api.tree, first))
        # A woman worker born 1970-07-07 reached the legal age (50) on 2020-07-07.
        successor = f.person(u, name="方师傅", gender=Gender.FEMALE,
                             birth_date=date(1970, 7, 7), union_id=api.tree.unit.id)  # fmt: skip
        u.commit()
        d_id, new_id = d.id, successor.id
    district = api.callers[Role.DISTRICT_OFFICER].headers

    def leader_items() -> list[tuple[Any, ...]]:
        got = api.client.get(f"/api/v1/designations/{d_id}/occasions", headers=district).json()[
            "items"
        ]
        return [
            (o["kind"], o["due_on"], o["status"], o["title"])
            for o in got
            if o["kind"] in LEADER_KINDS
        ]

    assert leader_items() == []
    changed = api.client.post(
        f"/api/v1/designations/{d_id}/leader-change",
        json={"new_leader_person_id": new_id, "effective_on": "2026-11-01",
              "reason": "原带头人调离"},
        headers=district,
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert leader_items() == [
        (
            "leader_consent_missing",
            "2026-11-01",
            "overdue",
            "带头人方师傅接任时已超过法定退休年龄（2020年7月7日）："
            "登记本人愿意继续领衔及所在单位同意，否则须变更带头人",
        )
    ]
