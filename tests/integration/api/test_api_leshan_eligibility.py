"""Over /api/v1: a Leshan application refused at submission names each failed condition with its
own clause of the notice ([L 二（一）] …), cited once, the message not restating the clause."""

from __future__ import annotations

from datetime import date

from lifecycle.accounts.service import issue_token
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.scope import Scope
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import CITY, leshan_form
from tests.integration.api.conftest import NOW, Api

L = "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》"


def test_a_leshan_refusal_cites_the_clause_each_condition_rests_on(api: Api) -> None:
    c = api.client
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        principal, _ = f.user(u, Role.UNIT_CONTACT, leshan.unit.id)
        unit = {"Authorization": f"Bearer {issue_token(u, principal, '乐山', NOW).plaintext}"}
        call = open_call(
            u,
            NewCall("leshan-city", 2026, "乐山申报", date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=leshan.city.id, actor=CITY, scope=Scope.subtree(leshan.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        # Four people with the leader, founded a year ago: 二（一） fails twice.
        shop_id = f.workshop(u, leshan, members=3, founded_on=date(2025, 11, 1)).id
        u.commit()
        call_id = call.id
    created = c.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": leshan_form()},
    )
    assert created.status_code == 201, created.text
    before = api.writes()
    app_id = created.json()["id"]
    refused = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert refused.status_code == 422
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert problems["eligibility.team_size"] == (
        f"创新团队须5人以上（含带头人），现有4人（{L}二（一））"
    )
    running = problems["eligibility.team_running"]
    assert running.startswith("团队须有效运行2年以上，成立于2025年11月1日")
    assert running.endswith(f"（{L}二（一））")
    # Neither the clause restated in the text nor the whole notice cited instead of the clause.
    assert all("申报条件" not in m and f"（{L}）" not in m for m in problems.values())
    assert api.writes() == before
