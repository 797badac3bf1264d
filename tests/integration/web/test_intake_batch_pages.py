"""The district's batch page: rank, see each check with its article, submit [C 二（二）]."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lifecycle.files.storage import FileStorage
from lifecycle.intake.batches import BatchEntry, put_in_batch, submit_batch
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import ApplicationStatus, BatchStatus
from lifecycle.intake.repository import IntakeRepository
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus, Role, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, recommendable, reviewed_by_the_city
from tests.intake_factories import AS_OF, CITY, OFFICER
from tests.integration.web.conftest import NOW, Site, csrf_of


def _recommendable(site: Site, call_id: int, nature: UnitNature, storage: FileStorage) -> int:
    """A craftsman application waiting for the district's recommendation."""
    return recommendable(site.uow, site.tree, call_id, nature, storage)


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


def test_a_refused_batch_keeps_the_submitter_typed_beside_the_refusal(
    site: Site, tmp_path: Path
) -> None:
    """[C 二（二）] a district batch of one state-owned team lacks its non-public share: the
    page names the share and keeps the 报送人 typed; nothing is submitted."""
    call_id = craftsman_call(site.uow, site.tree)
    state_owned = recommendable(
        site.uow, site.tree, call_id, UnitNature.STATE_OWNED, FileStorage(tmp_path / "files")
    )
    district = site.login("district")
    url = f"/intake/calls/{call_id}"
    page = district.get(url)
    action = f"/intake/applications/{state_owned}/batch"
    listed = district.post(action, data={"csrf_token": csrf_of(page.text, action), "rank": "1"})
    assert listed.status_code == 303, listed.text
    with site.uow() as u:
        batch_id = IntakeRepository(u.session).batches(call_id, Scope.everything())[0].id
    page = district.get(url)
    action = f"/intake/batches/{batch_id}/submit"
    typed = {"csrf_token": csrf_of(page.text, action), "signer": "李报送"}
    refused = district.post(action, data=typed)
    assert refused.status_code == 422
    assert "须至少1个非公企业，现有0个" in refused.text
    assert 'name="signer" type="text" value="李报送"' in refused.text
    with site.uow() as u:
        batch = IntakeRepository(u.session).batch(batch_id, EVERYTHING)
        assert batch is not None
        assert batch.status is BatchStatus.DRAFT


def test_the_city_does_not_name_a_team_that_came_to_hold_a_model_worker_title(
    site: Site, tmp_path: Path
) -> None:
    """已获得“上海市劳模创新工作室”称号的不参加 [C 一（二）]: a team named a model-worker title
    after it applied is refused at the naming, said of its application with the way out
    (不予命名); nothing is named until it is left out."""
    tree, storage = site.tree, FileStorage(tmp_path / "files")
    call_id = craftsman_call(site.uow, tree)
    barred, other = (
        recommendable(site.uow, tree, call_id, UnitNature.NON_PUBLIC, storage) for _ in range(2)
    )
    district = Scope.subtree(tree.district.path)
    with site.uow() as u:
        for app_id in (barred, other):
            batch = put_in_batch(
                u, BatchEntry(app_id), as_of=AS_OF, acting_union_id=tree.district.id, scope=district
            )
        submit_batch(
            u,
            batch.id,
            acting_union_id=tree.district.id,
            signer="区总工会",
            actor=OFFICER,
            now=NOW,
            scope=district,
        )
        u.commit()
    for app_id in (barred, other):
        reviewed_by_the_city(site.uow, tree, app_id)
    with site.uow() as u:
        app = IntakeRepository(u.session).application(barred, EVERYTHING)
        assert app is not None
        shop = u.workshops.get(app.workshop_id, scope=EVERYTHING)
        f.named_designation(
            u, tree, scheme="shanghai-model-worker", shop=shop, naming_date=date(2026, 11, 20)
        )
        u.commit()
    city = site.login("city")
    url = f"/intake/calls/{call_id}"
    page = city.get(url)
    action = f"{url}/naming"
    typed = {
        "csrf_token": csrf_of(page.text, action),
        "application_ids": [str(barred), str(other)],
        "document_ref": "沪工总〔2026〕88号",
        "decided_on": "2026-11-21",
        "signer": "市总工会主席办公会议",
    }
    refused = city.post(action, data=typed)
    assert refused.status_code == 422
    assert (
        "已获得“上海市劳模创新工作室”称号的不参加本次创建活动"
        "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（二））"
        "；请在该申报页面作出“不予命名”决定"
    ) in refused.text
    # Beside the barred application's own checkbox, not above the form (helper polish67).
    beside = refused.text.split(f'id="application_ids-{barred}-error">', 1)[1]
    assert beside.split("</div>")[0].startswith(f"申报 {barred}（")
    assert "已获得" not in refused.text.split('role="alert">', 1)[1].split("</div>")[0]
    assert f'id="application_ids-{other}-error"' not in refused.text
    assert 'value="沪工总〔2026〕88号"' in refused.text
    with site.uow() as u:
        repo = IntakeRepository(u.session)
        for app_id in (barred, other):
            kept = repo.application(app_id, EVERYTHING)
            assert kept is not None
            assert (kept.status, kept.stage) == (ApplicationStatus.IN_REVIEW, "council")
    named = city.post(action, data=typed | {"application_ids": [str(other)]})
    assert named.status_code == 303, named.text
    with site.uow() as u:
        done = IntakeRepository(u.session).application(other, EVERYTHING)
        assert done is not None
        assert done.designation_id is not None
        title = u.designations.get(done.designation_id, scope=EVERYTHING)
        assert title is not None
        assert title.status is DesignationStatus.NAMED


def test_a_member_whose_leader_retired_since_it_applied_is_named_on_the_batch(
    site: Site, tmp_path: Path
) -> None:
    """A leader who retired after the team applied: the district's batch names the application
    and the way out (不予推荐) before it is sent, and refuses to go as it stands [C 三（六）]."""
    tree, storage = site.tree, FileStorage(tmp_path / "files")
    call_id = craftsman_call(site.uow, tree)
    apps = [
        recommendable(site.uow, tree, call_id, UnitNature.NON_PUBLIC, storage) for _ in range(2)
    ]
    district = site.login("district")
    url = f"/intake/calls/{call_id}"
    for app_id in apps:
        page = district.get(url)
        action = f"/intake/applications/{app_id}/batch"
        listed = district.post(action, data={"csrf_token": csrf_of(page.text, action), "rank": ""})
        assert listed.status_code == 303, listed.text
    with site.uow() as u:
        app = IntakeRepository(u.session).application(apps[0], EVERYTHING)
        assert app is not None
        studio = app.form["studio_name"]
        record_leader_event(
            u,
            RecordLeaderEvent(app.workshop_id, LeaderEventKind.RETIREMENT, NOW.date(), "书面报告"),
            actor=f.acting(tree.unit, Role.UNIT_CONTACT), as_of=NOW.date(), scope=EVERYTHING,
        )  # fmt: skip
        batch_id = IntakeRepository(u.session).batches(call_id, Scope.everything())[0].id
        u.commit()
    said = f"申报 {apps[0]}（{studio}）：领衔人须在职，现为退休，请对该申报作出“不予推荐”决定"
    page = district.get(url)
    assert said in page.text
    assert "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）" in page.text
    action = f"/intake/batches/{batch_id}/submit"
    refused = district.post(action, data={"csrf_token": csrf_of(page.text, action), "signer": "李"})
    assert refused.status_code == 422
    assert said in refused.text
    with site.uow() as u:
        batch = IntakeRepository(u.session).batch(batch_id, EVERYTHING)
        assert batch is not None
        assert batch.status is BatchStatus.DRAFT
