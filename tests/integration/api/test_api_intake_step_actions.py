"""An action a stage does not take is refused saying what the stage does take, and where the
recommending or the naming is done instead (the batch, the call's naming decision); before,
every such refusal read 「该环节不能作此办理」 [Y7][C 二（二）][C 二（四）]."""

from __future__ import annotations

from pathlib import Path

from lifecycle.accounts.service import issue_token
from lifecycle.files.storage import FileStorage
from lifecycle.vocab import Role, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, recommendable
from tests.intake_closing import yangpu_in_review
from tests.integration.api.conftest import NOW, Api


def _bearer(api: Api, union_id: int) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, union_id)
        token = issue_token(u, principal, "初审", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def _step(api: Api, headers: dict[str, str], app_id: int, stage: str, action: str):  # type: ignore[no-untyped-def]
    body = {
        "stage": stage,
        "action": action,
        "decided_on": "2026-11-21",
        "signer": "王干事",
        "opinion": "同意",
    }
    return api.client.post(
        f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json=body
    )


def test_a_review_stage_refuses_an_action_it_does_not_take_naming_those_it_does(
    api: Api,
) -> None:
    with api.uow() as u:
        app_id = yangpu_in_review(u, api.tree)
        u.commit()
    sector = _bearer(api, api.tree.sector.id)
    before = api.writes()
    refused = _step(api, sector, app_id, "sector", "skip")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("action_not_allowed", "action")
    assert error["message"] == (
        "「行业、街镇、直属工会初审」环节只能作“同意”、“退回补充材料”、“不同意”"
    )
    assert api.writes() == before


def test_approving_at_the_batch_stage_is_sent_to_the_batch(api: Api, tmp_path: Path) -> None:
    """The district recommends by ranking the application into its batch and sending it; its
    step on the application itself can only be 不予推荐 [C 二（二）]."""
    call_id = craftsman_call(api.uow, api.tree)
    app_id = recommendable(
        api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, FileStorage(tmp_path / "files")
    )
    district = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    refused = _step(api, district, app_id, "recommend", "approve")
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == (
        "「区局（产业）工会、社团审查推荐」以列入推荐批次（排序）并报送办理，此处只能作“不予推荐”"
    )
    assert api.writes() == before
    shown = api.client.get(f"/api/v1/intake/applications/{app_id}", headers=district).json()
    assert shown["application"]["stage"] == "recommend"
