"""乐山's ledger has no 获市级及以上奖项 tick (its notice counts awards by level on the application
[L 二（三）]), nor a project's 已获认定（立项）: its pages offer neither and record none. Over the
API a 乐山 team's entry sent with either ticked is refused beside the field, citing the notice,
nothing written; unticked it is taken, and a Shanghai title's team keeps every core tick (both
backends). Before: the API recorded the award tick on a 乐山 team's achievement."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.citations import TITLES
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import NOW, Api

ACHIEVEMENT = {"kind": "award", "title": "技术革新奖", "achieved_on": "2026-11-01"}
PROJECT = {"year": 2026, "title": "节能改造", "work_plan": "全年计划"}


def _leshan_team(api: Api) -> tuple[int, dict[str, str]]:
    """A 乐山 title's team, and the headers of a county officer who keeps its ledger."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        honours = (f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),)
        leader = f.person(u, name="乐山带头人", honours=honours, union_id=leshan.unit.id)
        shop = lf.led_workshop(u, leshan, leader)
        f.named_designation(u, leshan, scheme="leshan-city", shop=shop)
        county, _ = f.user(u, Role.DISTRICT_OFFICER, leshan.district.id)
        token = issue_token(u, county, "乐山", NOW).plaintext
        u.commit()
        workshop_id = shop.id
    return workshop_id, {"Authorization": f"Bearer {token}"}


def test_a_leshan_teams_achievement_with_the_award_tick_is_refused(api: Api) -> None:
    workshop_id, headers = _leshan_team(api)
    path = f"/api/v1/workshops/{workshop_id}/ledger/achievements"
    before = api.writes()
    refused = api.client.post(path, json={**ACHIEVEMENT, "city_level_award": True}, headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "city_level_award"
    assert error["problems"][0]["code"] == "not_offered"
    assert error["problems"][0]["message"] == (
        "乐山市劳模和工匠人才创新工作室的台账不设「获市级及以上奖项」一项"
        f"（{TITLES['L']}二（三）），不能勾选"
    )
    assert api.writes() == before
    taken = api.client.post(
        path, json={**ACHIEVEMENT, "recognised": True, "city_level_award": False}, headers=headers
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["city_level_award"] is False


def test_a_leshan_teams_project_marked_recognised_is_refused(api: Api) -> None:
    workshop_id, headers = _leshan_team(api)
    path = f"/api/v1/workshops/{workshop_id}/ledger/projects"
    before = api.writes()
    refused = api.client.post(path, json={**PROJECT, "recognised": True}, headers=headers)
    assert refused.status_code == 422, refused.text
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert "不设「已获认定（立项）」一项" in problems["recognised"], problems
    assert api.writes() == before
    taken = api.client.post(path, json=PROJECT, headers=headers)
    assert taken.status_code == 201, taken.text


def test_only_a_craftsman_titles_team_keeps_the_award_tick(api: Api) -> None:
    """「获市级以上奖项」 is read by the craftsman notice alone ([C 一（四）] 优先): a Yangpu
    title's team sent with it ticked is refused citing that notice, nothing written (before:
    recorded, a tick no rule of [Y3] reads); a 上海市工匠创新工作室's team keeps it."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    body = {**ACHIEVEMENT, "city_level_award": True}
    before = api.writes()
    own = f"/api/v1/workshops/{api.own.workshop}/ledger/achievements"
    refused = api.client.post(own, json=body, headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["code"]) == ("city_level_award", "not_offered")
    assert error["message"] == (
        "杨浦区劳模（先进）、技师创新工作室的台账不设「获市级及以上奖项」一项（该项为"
        "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（四）所列），不能勾选"
    )
    assert api.writes() == before
    with api.uow() as u:
        craftsman = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        u.commit()
        shop = craftsman.workshop_id
    path = f"/api/v1/workshops/{shop}/ledger/achievements"
    taken = api.client.post(path, json=body, headers=headers)
    assert taken.status_code == 201, taken.text
    assert taken.json()["city_level_award"] is True
