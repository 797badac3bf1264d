"""Over /api/v1: a recommending union sends a supplementary batch (补充推荐) to a call before its
deadline, judged with what it already sent: 「区局（产业）工会、社团审查后…推荐申报」, 「各区总工会
推荐的…非公企业比例应不少于30%」, 「应于…前完成网上申报」 [C 二（二）][C 三（四）] (reading I7)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lifecycle.accounts.service import issue_token
from lifecycle.errors import NotYourStep
from lifecycle.files.storage import FileStorage
from lifecycle.intake.batches import BatchEntry, put_in_batch, submit_batch
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import StepDecision, decide_step, submit
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import Role, UnionLevel, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, craftsman_draft, recommendable
from tests.intake_factories import CITY, OFFICER, at
from tests.integration.api.conftest import NOW, Api


def _list(
    api: Api, app_id: int, headers: dict[str, str], rank: int | None = None
) -> dict[str, Any]:
    listed = api.client.post(
        f"/api/v1/intake/applications/{app_id}/batch", headers=headers, json={"rank": rank}
    )
    assert listed.status_code == 200, listed.text
    return listed.json()  # type: ignore[no-any-return]


def test_a_district_sends_a_supplementary_batch_counted_with_its_first(
    api: Api, tmp_path: Path
) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    storage = FileStorage(tmp_path / "files")
    call_id = craftsman_call(api.uow, api.tree)
    first = [
        recommendable(api.uow, api.tree, call_id, nature, storage)
        for nature in (UnitNature.NON_PUBLIC, UnitNature.STATE_OWNED, UnitNature.STATE_OWNED)
    ]
    for app_id in first:
        batch = _list(api, app_id, district)
    assert (batch["seq"], batch["label"]) == (1, "推荐批次")
    sent = c.post(
        f"/api/v1/intake/batches/{batch['id']}/submit", headers=district, json={"signer": "王"}
    )
    assert sent.status_code == 200, sent.text
    # An application that reached the district after its batch was sent, before the deadline:
    # listed in a second batch, not refused 「本批次已报送」.
    late = recommendable(api.uow, api.tree, call_id, UnitNature.STATE_OWNED, storage)
    supplement = _list(api, late, district)
    assert supplement["id"] != batch["id"]
    assert (supplement["seq"], supplement["label"]) == (2, "补充推荐批次（第2批）")
    assert supplement["application_ids"] == [late]
    # The share is of the district's whole recommendation to the call: 1 of 4, 2 needed.
    share = next(x for x in supplement["checks"] if x["rule"] == "batch_non_public")
    assert share["passed"] is False
    assert "连同已报送的3个共4个，须至少2个非公企业，现有1个" in share["message"]
    before = api.writes()
    url = f"/api/v1/intake/batches/{supplement['id']}/submit"
    refused = c.post(url, headers=district, json={"signer": "王"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "batch_non_public"
    assert api.writes() == before
    with api.uow() as u:
        waiting = IntakeRepository(u.session).application(late, EVERYTHING)
        assert waiting is not None
        assert waiting.stage == "recommend"
    # A non-public team makes 2 of 5: the supplement goes.
    other = recommendable(api.uow, api.tree, call_id, UnitNature.NON_PUBLIC, storage)
    assert _list(api, other, district)["id"] == supplement["id"]
    sent = c.post(url, headers=district, json={"signer": "王"})
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "submitted"
    for app_id in (late, other):
        detail = c.get(f"/api/v1/intake/applications/{app_id}", headers=district).json()
        assert detail["application"]["stage"] == "expert"
    steps = c.get(f"/api/v1/intake/applications/{late}/history", headers=district).json()["items"]
    assert steps[-1]["opinion"] == "列入补充推荐批次（第2批）"
    listing = c.get(f"/api/v1/intake/calls/{call_id}/batches", headers=district).json()["items"]
    assert [(b["seq"], b["status"]) for b in listing] == [(1, "submitted"), (2, "submitted")]
    # The city reads both; 附件2 of the supplement lists all five of the district's teams.
    city = api.callers[Role.CITY_OFFICER].headers
    assert len(c.get(f"/api/v1/intake/calls/{call_id}/batches", headers=city).json()["items"]) == 2
    sheet = c.get(f"/api/v1/intake/batches/{supplement['id']}/xlsx", headers=district)
    assert sheet.status_code == 200


def test_no_supplementary_batch_is_sent_after_the_calls_deadline(api: Api, tmp_path: Path) -> None:
    """The deadline binds a supplement as the first batch [C 三（四）]: after it, refused naming the
    date; what waits is to be declined (不予推荐)."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    storage = FileStorage(tmp_path / "files")
    tree = api.tree
    sent_on, deadline = date(2026, 11, 5), date(2026, 11, 10)  # the API's day is 2026-11-21
    with api.uow() as u:
        call = open_call(
            u,
            NewCall("shanghai-craftsman", 2026, "2026年度上海市工匠创新工作室", date(2026, 10, 1),
                    deadline, target_count=80),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        unit_scope = Scope.subtree(tree.unit.path)
        apps = []
        for _ in range(2):
            app = craftsman_draft(u, tree, call.id, UnitNature.NON_PUBLIC, storage)
            submit(u, app.id, actor=OFFICER, now=at(sent_on), scope=unit_scope)
            step = StepDecision(app.id, "unit", Action.APPROVE, sent_on, "单位工会", "同意")
            decide_step(u, step, acting_union_id=tree.unit.id, actor=OFFICER, as_of=sent_on,
                        scope=unit_scope)  # fmt: skip
            apps.append(app.id)
        district_scope = Scope.subtree(tree.district.path)
        batch = put_in_batch(
            u,
            BatchEntry(apps[0]),
            as_of=sent_on,
            acting_union_id=tree.district.id,
            scope=district_scope,
        )
        submit_batch(u, batch.id, acting_union_id=tree.district.id, signer="王", actor=OFFICER,
                     now=at(sent_on), scope=district_scope)  # fmt: skip
        u.commit()
    # Listing it is refused at once, naming the deadline and the way out; nothing written.
    before = api.writes()
    refused = c.post(
        f"/api/v1/intake/applications/{apps[1]}/batch", headers=district, json={"rank": None}
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("deadline_passed", "batch")
    assert error["message"].startswith("申报截止日期（2026年11月10日）已过，不能再列入推荐批次报送")
    assert "不予推荐" in error["message"]
    assert api.writes() == before
    with api.uow() as u:
        repo = IntakeRepository(u.session)
        assert [b.seq for b in repo.union_batches(call.id, tree.district.id)] == [1]


def test_a_district_does_not_send_the_batch_of_a_association_under_it(
    api: Api, tmp_path: Path
) -> None:
    """Each recommender sends its own batch to the city [C 二（二）]: the district above a 社团
    registered under it neither reads (the batch may carry other districts' units) nor sends
    it; the city reads it."""
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    with api.uow() as u:
        union = create_union(
            u, NewUnion("杨浦区焊接协会", UnionLevel.ASSOCIATION, api.tree.district.id)
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, union.id)
        assoc = {"Authorization": f"Bearer {issue_token(u, principal, '推荐', NOW).plaintext}"}
        u.commit()
    call_id = craftsman_call(api.uow, api.tree)
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(api.uow, api.tree, call_id, UnitNature.STATE_OWNED, storage, union.id)
    batch = _list(api, app_id, assoc)
    listing = f"/api/v1/intake/calls/{call_id}/batches"
    assert c.get(listing, headers=district).json()["items"] == []
    city = api.callers[Role.CITY_OFFICER].headers
    assert [b["id"] for b in c.get(listing, headers=city).json()["items"]] == [batch["id"]]
    assert c.get(f"/api/v1/intake/batches/{batch['id']}/xlsx", headers=district).status_code == 404
    url = f"/api/v1/intake/batches/{batch['id']}/submit"
    before = api.writes()
    refused = c.post(url, headers=district, json={"signer": "王"})
    assert refused.status_code == 404
    assert api.writes() == before
    # The use case itself sends a batch for its own union only, whoever's scope reaches it.
    with api.uow() as u, pytest.raises(NotYourStep) as wrong:
        submit_batch(
            u, batch["id"], acting_union_id=api.tree.district.id, signer="王", actor=OFFICER,
            now=NOW, scope=Scope.subtree(api.tree.city.path),
        )  # fmt: skip
    assert (wrong.value.code, wrong.value.http_status) == ("not_your_step", 403)
    assert wrong.value.message.startswith("该推荐批次应由杨浦区焊接协会报送")
    sent = c.post(url, headers=assoc, json={"signer": "周"})
    assert sent.status_code == 200, sent.text
    steps = c.get(f"/api/v1/intake/applications/{app_id}/history", headers=assoc).json()["items"]
    assert steps[-1]["acting_union_id"] == union.id
