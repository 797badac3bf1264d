"""Over /api/v1: an application's answer carries the leader with the honours the scheme's
leader rule reads and, where the rule reads one, the district title the team is recommended
from (number, naming date, status), judged on the day [S3][S7][C 一（一）]."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.service import NewApplication, start_application, submit
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus, Role, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, recommendable
from tests.intake_factories import AS_OF, CITY, OFFICER, attach_required, model_worker_form
from tests.integration.api.conftest import Api

S7 = "《上海市“劳模创新工作室”管理办法（修订）》第七条"


def test_the_city_reads_the_leader_and_the_district_title_the_team_comes_from(
    api: Api, tmp_path: Path
) -> None:
    storage = FileStorage(tmp_path / "files")
    with api.uow() as u:
        tree = api.tree
        call = open_call(
            u,
            NewCall("shanghai-model-worker", 2026, "2026年度上海市劳模创新工作室推荐",
                    date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        source = f.named_designation(u, tree, naming_date=date(2024, 3, 1))
        scope = Scope.subtree(tree.unit.path)
        app = start_application(
            u, NewApplication(call.id, source.workshop_id, model_worker_form()), actor=OFFICER,
            now=f.at_ten(AS_OF), scope=scope, own_path=tree.unit.path,
        )  # fmt: skip
        attach_required(u, storage, app.id)
        submit(u, app.id, actor=OFFICER, now=f.at_ten(AS_OF), scope=scope)
        u.commit()
        app_id, source_id, number = app.id, source.id, source.number
        leader = source.workshop.leader
        leader_id, leader_name = leader.id, leader.name
    city = api.callers[Role.CITY_OFFICER].headers
    url = f"/api/v1/intake/applications/{app_id}"
    got = api.client.get(url, headers=city)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["facts_as_of"] == "2026-11-21"
    shown = body["leader"]
    assert (shown["person_id"], shown["name"]) == (leader_id, leader_name)
    assert shown["employment_status"] == "在职"
    assert shown["honours"] == [
        {"honour": "shanghai_model_worker", "label": "上海市劳动模范", "year": 2015}
    ]
    assert [(v["rule"], v["passed"]) for v in shown["verdicts"]] == [
        ("leader_honour", True),
        ("leader_in_service", True),
    ]
    came_from = body["recommended_from"]
    assert came_from["titles"] == [
        {
            "designation_id": source_id,
            "title": source.title,
            "scheme_name": "杨浦区劳模（先进）、技师创新工作室",
            "number": number,
            "naming_date": "2024-03-01",
            "status": "named",
            "status_label": "已命名",
            "accepted": True,
        }
    ]
    assert came_from["verdict"]["passed"] is True
    assert came_from["verdict"]["message"].endswith(f"运行一年以上（{S7}）")
    # On a later day the district title is lost (as the register records): read as of the day.
    with api.uow() as u:
        title = u.designations.get(source_id, EVERYTHING)
        assert title is not None
        title.status = DesignationStatus.REVOKED
        u.commit()
    later = api.client.get(url, headers=city).json()["recommended_from"]
    assert later["titles"][0]["status_label"] == "已撤牌"
    assert later["titles"][0]["accepted"] is False
    assert later["verdict"]["passed"] is False
    assert f"{number}现为“已撤牌”（{S7}）" in later["verdict"]["message"]


def test_a_craftsman_application_reads_the_shanghai_craftsman_title_and_no_source(
    api: Api, tmp_path: Path
) -> None:
    call_id = craftsman_call(api.uow, api.tree)
    app_id = recommendable(
        api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, FileStorage(tmp_path / "f")
    )
    city = api.callers[Role.CITY_OFFICER].headers
    body = api.client.get(f"/api/v1/intake/applications/{app_id}", headers=city).json()
    assert body["leader"]["honours"] == [
        {"honour": "shanghai_craftsman", "label": "上海工匠", "year": 2022}
    ]
    rules = {v["rule"]: v["passed"] for v in body["leader"]["verdicts"]}
    assert rules["leader_shanghai_craftsman"] is True
    assert body["recommended_from"] is None  # [C] reads no district title


def test_a_team_whose_city_title_was_delisted_may_apply_again_at_once(api: Api) -> None:
    """No text bars a team for some years after its city title's 摘牌 ([S9], [C 三（六）]; the
    3-year bar of [G 五（三）] is the personal title's, for a false declaration): with a running
    district title it is drafted into the next call; the rules judge it as any other."""
    with api.uow() as u:
        tree = api.tree
        call = open_call(
            u,
            NewCall("shanghai-model-worker", 2026, "2026年度上海市劳模创新工作室推荐",
                    date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        source = f.named_designation(u, tree, naming_date=date(2023, 3, 1))
        shop = source.workshop
        register_existing_title(
            u,
            ExistingTitle(shop.id, "shanghai-model-worker", shop.name, "沪劳创 2024-901",
                          date(2024, 6, 1), "沪工总〔2024〕5号", DesignationStatus.REVOKED,
                          date(2026, 11, 1), "沪工总〔2026〕30号"),
            actor=f.acting(tree.city), as_of=AS_OF, scope=f.SYSTEM_SCOPE,
        )  # fmt: skip
        u.commit()
        call_id, shop_id = call.id, shop.id
    created = api.client.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"workshop_id": shop_id, "form": model_worker_form()},
    )
    assert created.status_code == 201, created.text
    assert created.json()["workshop_id"] == shop_id


def test_a_draft_for_a_team_the_s7_rule_bars_by_the_deadline_is_refused_beside_the_team(
    api: Api,
) -> None:
    """Reading (RULES.md, [S7]): a team whose district title will not have run a year by the
    call's deadline (the last day it may be submitted) could never be submitted, so no draft is
    started: 422 beside ``workshop_id`` in the rule's words, as the call page bars the team;
    nothing written. A team whose title runs a year by then is drafted."""
    with api.uow() as u:
        tree = api.tree
        call = open_call(
            u,
            NewCall("shanghai-model-worker", 2026, "2026年度上海市劳模创新工作室推荐",
                    date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        young = f.named_designation(u, tree, naming_date=date(2026, 3, 1))
        ripe = f.named_designation(u, tree, naming_date=date(2025, 12, 15))
        u.commit()
        call_id, young_shop, number, ripe_shop = (
            call.id,
            young.workshop_id,
            young.number,
            ripe.workshop_id,
        )
    url = f"/api/v1/intake/calls/{call_id}/applications"
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    refused = api.client.post(url, headers=unit, json={"workshop_id": young_shop, "form": {}})
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("workshop_id", "recommended_from_district")
    assert problem["message"] == (
        "须从区局（产业）工会已命名并运行一年以上的工作室中推荐，现无符合的区局级命名："
        f"杨浦区劳模（先进）、技师创新工作室 {number}于2026年3月1日命名，"
        f"至2026年12月20日未满一年（{S7}）"
    )
    assert api.writes() == before
    # Named 2025-12-15, it runs a year by the deadline though not today: drafted.
    drafted = api.client.post(url, headers=unit, json={"workshop_id": ripe_shop, "form": {}})
    assert drafted.status_code == 201, drafted.text
