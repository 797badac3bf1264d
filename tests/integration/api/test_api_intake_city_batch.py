"""Over /api/v1: a district's craftsman batch [C 二（二）] and the city's naming [C 一（二）]."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lifecycle.files.storage import FileStorage
from lifecycle.intake.repository import IntakeRepository
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, recommendable, reviewed_by_the_city
from tests.integration.api.conftest import Api


def test_a_district_batch_short_of_its_non_public_share_is_refused_then_submitted(
    api: Api, tmp_path: Path
) -> None:
    """「各区总工会推荐的…非公企业比例应不少于30%」 [C 二（二）]: of three, at least one (⌈0.9⌉)."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    storage = FileStorage(tmp_path / "files")
    call_id = craftsman_call(api.uow, api.tree)
    state_owned = [
        recommendable(api.uow, api.tree, call_id, UnitNature.STATE_OWNED, storage) for _ in range(3)
    ]
    for rank, app_id in enumerate(state_owned, start=1):
        listed = c.post(
            f"/api/v1/intake/applications/{app_id}/batch", headers=district, json={"rank": rank}
        )
        assert listed.status_code == 200, listed.text
    batch = listed.json()
    share = next(x for x in batch["checks"] if x["rule"] == "batch_non_public")
    assert share["passed"] is False
    assert share["message"].startswith("区总工会推荐的非公企业比例应不少于30%：共3个")
    assert share["article"] == "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》二（二）"
    before = api.writes()
    refused = c.post(
        f"/api/v1/intake/batches/{batch['id']}/submit", headers=district, json={"signer": "王"}
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("batch_non_public", "batch")
    assert "须至少1个非公企业，现有0个" in error["message"]
    assert api.writes() == before
    # A fourth, non-public, makes one of four (⌈1.2⌉ = 2 needed): still short; a fifth suffices.
    for rank in (4, 5):
        app_id = recommendable(api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, storage)
        listed = c.post(
            f"/api/v1/intake/applications/{app_id}/batch", headers=district, json={"rank": rank}
        )
        share = next(x for x in listed.json()["checks"] if x["rule"] == "batch_non_public")
        assert share["passed"] is (rank == 5), share
    sent = c.post(
        f"/api/v1/intake/batches/{batch['id']}/submit", headers=district, json={"signer": "王"}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "submitted"


def test_the_city_naming_refuses_a_team_that_came_to_hold_a_model_worker_title(
    api: Api, tmp_path: Path
) -> None:
    """已获得“上海市劳模创新工作室”称号的不参加 [C 一（二）]: re-checked at the naming, 422 on the
    application's entry, nothing written; a district officer cannot name at all."""
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    storage = FileStorage(tmp_path / "files")
    call_id = craftsman_call(api.uow, api.tree)
    apps = [
        recommendable(api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, storage) for _ in range(2)
    ]
    for app_id in apps:
        listed = c.post(f"/api/v1/intake/applications/{app_id}/batch", headers=district, json={})
        assert listed.status_code == 200, listed.text
    sent = c.post(
        f"/api/v1/intake/batches/{listed.json()['id']}/submit",
        headers=district,
        json={"signer": "王"},
    )
    assert sent.status_code == 200, sent.text
    for app_id in apps:
        reviewed_by_the_city(api.uow, api.tree, app_id)
    with api.uow() as u:
        app = IntakeRepository(u.session).application(apps[0], EVERYTHING)
        assert app is not None
        shop = u.workshops.get(app.workshop_id, scope=EVERYTHING)
        f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", shop=shop, naming_date=date(2026, 11, 1)
        )
        u.commit()
    body = {
        "application_ids": apps,
        "document_ref": "沪工总〔2026〕88号",
        "decided_on": "2026-11-21",
        "signer": "市总工会主席办公会议",
    }
    before = api.writes()
    not_theirs = c.post(f"/api/v1/intake/calls/{call_id}/naming", headers=district, json=body)
    assert not_theirs.status_code == 403, not_theirs.text
    assert not_theirs.json()["error"]["code"] == "not_your_step"
    refused = c.post(f"/api/v1/intake/calls/{call_id}/naming", headers=city, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("application_ids.0", "not_model_worker_studio")
    assert "已获得“上海市劳模创新工作室”称号的不参加本次创建活动" in problem["message"]
    notice = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》"
    assert f"（{notice}一（二））" in problem["message"]
    assert api.writes() == before
    named = c.post(
        f"/api/v1/intake/calls/{call_id}/naming",
        headers=city,
        json=body | {"application_ids": apps[1:]},
    )
    assert named.status_code == 201, named.text
    assert [n["application_id"] for n in named.json()["named"]] == apps[1:]


def test_a_member_whose_leader_retired_since_it_applied_holds_the_batch_back(
    api: Api, tmp_path: Path
) -> None:
    """A leader who retired after the application was submitted no longer leads a team the
    district may recommend ([C 三（六）]: 领衔工匠退休…): the batch names the application and the
    way out (不予推荐); once declined, the batch goes."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    storage = FileStorage(tmp_path / "files")
    call_id = craftsman_call(api.uow, api.tree)
    apps = [
        recommendable(api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, storage) for _ in range(3)
    ]
    for app_id in apps:
        listed = c.post(f"/api/v1/intake/applications/{app_id}/batch", headers=district, json={})
        assert listed.status_code == 200, listed.text
    batch_id = listed.json()["id"]
    assert all(x["passed"] for x in listed.json()["checks"])
    with api.uow() as u:
        retiring = IntakeRepository(u.session).application(apps[1], EVERYTHING)
        assert retiring is not None
        shop_id, studio = retiring.workshop_id, retiring.form["studio_name"]
    event = c.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "retirement", "occurred_on": "2026-11-21", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    expected = f"申报 {apps[1]}（{studio}）：领衔人须在职，现为退休，请对该申报作出“不予推荐”决定"
    checks = c.get(f"/api/v1/intake/calls/{call_id}/batches", headers=district).json()["items"][0]
    failed = [x for x in checks["checks"] if not x["passed"]]
    assert [(x["rule"], x["message"]) for x in failed] == [("leader_in_service", expected)]
    assert (
        failed[0]["article"] == "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）"
    )
    before = api.writes()
    refused = c.post(
        f"/api/v1/intake/batches/{batch_id}/submit", headers=district, json={"signer": "王"}
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("leader_in_service", "batch")
    assert expected in error["message"]
    assert api.writes() == before
    declined = c.post(
        f"/api/v1/intake/applications/{apps[1]}/steps",
        headers=district,
        json={"stage": "recommend", "action": "reject", "decided_on": "2026-11-21",
              "signer": "王", "opinion": "领衔人已退休，不予推荐"},
    )  # fmt: skip
    assert declined.status_code == 200, declined.text
    sent = c.post(
        f"/api/v1/intake/batches/{batch_id}/submit", headers=district, json={"signer": "王"}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "submitted"
