"""The district's batch page: rank, see each check with its article, submit [C 二（二）]."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import BatchStatus
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    StepDecision,
    decide_step,
    start_application,
    submit,
)
from lifecycle.persons.service import HonourInput
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import Honour, UnitNature
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f
from tests.intake_factories import AS_OF, CITY, OFFICER, attach_required, craftsman_form
from tests.integration.web.conftest import NOW, Site, csrf_of


def _recommendable(site: Site, call_id: int, nature: UnitNature, storage: FileStorage) -> int:
    """A craftsman application waiting for the district's recommendation."""
    tree = site.tree
    with site.uow() as u:
        leader = f.person(
            u, honours=(HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),), union_id=tree.unit.id
        )
        shop = create_workshop(
            u,
            NewWorkshop(f"工匠工作室{leader.id}", "上海某公司", nature, tree.unit.id,
                        date(2018, 1, 1), leader.id),
            as_of=AS_OF,
        scope=EVERYTHING)  # fmt: skip
        for _ in range(3):
            m = f.person(u, honours=())
            add_member(
                u,
                shop.id,
                NewMember(m.id, joined_on=date(2018, 1, 1)),
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        scope = Scope.subtree(tree.unit.path)
        app = start_application(
            u, NewApplication(call_id, shop.id, craftsman_form()), actor=OFFICER, as_of=AS_OF,
            scope=scope, own_path=tree.unit.path,
        )  # fmt: skip
        attach_required(u, storage, app.id)
        submit(u, app.id, actor=OFFICER, now=NOW, scope=scope)
        step = StepDecision(app.id, "unit", Action.APPROVE, AS_OF, "单位工会", "同意")
        decide_step(u, step, acting_union_id=tree.unit.id, actor=OFFICER, as_of=AS_OF, scope=scope)
        u.commit()
        return app.id


def test_district_ranks_sees_the_non_public_check_and_submits(site: Site, tmp_path: Path) -> None:
    storage = FileStorage(tmp_path / "files")
    with site.uow() as u:
        call = open_call(
            u,
            NewCall("shanghai-craftsman", 2026, "2026年度上海市工匠创新工作室", date(2026, 10, 1),
                    date(2026, 12, 20), target_count=80),
            naming_union_id=site.tree.city.id, actor=CITY, scope=Scope.subtree(site.tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        u.commit()
        call_id = call.id
    state_owned = _recommendable(site, call_id, UnitNature.STATE_OWNED, storage)
    district = site.login("district")
    url = f"/intake/calls/{call_id}"
    page = district.get(url)
    assert "待本单位推荐" in page.text
    action = f"/intake/applications/{state_owned}/batch"
    listed = district.post(action, data={"csrf_token": csrf_of(page.text, action), "rank": "1"})
    assert listed.status_code == 303, listed.text
    page = district.get(url)
    assert "须至少1个非公企业，现有0个" in page.text
    assert "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》二（二）" in page.text
    # The deadline check cites the article the deadline rests on, not the call's title.
    notice = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》"
    assert f'在申报期限内 <span class="muted">{notice}三（四）</span>' in page.text
    assert '<span class="muted">2026年度上海市工匠创新工作室</span>' not in page.text
    with site.uow() as u:
        batch_id = IntakeRepository(u.session).batches(call_id, Scope.everything())[0].id
    action = f"/intake/batches/{batch_id}/submit"
    refused = district.post(action, data={"csrf_token": csrf_of(page.text, action)})
    assert refused.status_code == 422
    assert "不能报送" in refused.text
    non_public = _recommendable(site, call_id, UnitNature.NON_PUBLIC, storage)
    page = district.get(url)
    action = f"/intake/applications/{non_public}/batch"
    district.post(action, data={"csrf_token": csrf_of(page.text, action), "rank": "2"})
    page = district.get(url)
    action = f"/intake/batches/{batch_id}/submit"
    sent = district.post(action, data={"csrf_token": csrf_of(page.text, action), "signer": "王"})
    assert sent.status_code == 303, sent.text
    with site.uow() as u:
        repo = IntakeRepository(u.session)
        assert repo.batch(batch_id, Scope.everything()).status is BatchStatus.SUBMITTED
        kept = {c["rule"]: c["article"] for c in repo.batch(batch_id, EVERYTHING).checks or []}
        assert kept["within_window"].endswith("通知》三（四）")
        stages = {a.id: a.stage for a in repo.applications(Scope.everything(), call_id=call_id)}
        assert stages == {state_owned: "expert", non_public: "expert"}
    # The city sees the district's batch with its checks.
    city_page = site.login("city").get(url).text
    assert "已报送" in city_page
    assert "现有1个" in city_page
