"""A 社团 reviews and recommends the 工匠创新工作室 applications of the units applying through it,
in place of their district union: 「区局（产业）工会、社团审查后…推荐申报」 [C 二（二）]."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from lifecycle.files.storage import FileStorage
from lifecycle.intake.model import ApplicationStatus, BatchStatus
from lifecycle.intake.naming import NameApplications, name_applications
from lifecycle.intake.repository import IntakeRepository
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import Role, UnionLevel, UnitNature
from tests import factories as f
from tests.craftsman_batch import (
    craftsman_call,
    craftsman_draft,
    craftsman_team,
    recommendable,
    reviewed_by_the_city,
)
from tests.intake_factories import AS_OF, CITY
from tests.integration.web.conftest import Site, csrf_of, log_in


def _association(site: Site, name: str = "上海市模具行业协会") -> tuple[Union, str]:
    """A 社团 under the city and the username of its contact (the password is the site's)."""
    with site.uow() as u:
        union = create_union(u, NewUnion(name, UnionLevel.ASSOCIATION, site.tree.city.id))
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, union.id)
        u.commit()
        return union, principal.username


def _log_in(site: Site, username: str) -> TestClient:
    return log_in(site.client(), username, f.USER_PASSWORD)


def test_a_unit_applies_through_an_association_which_recommends_it(
    site: Site, tmp_path: Path
) -> None:
    """The unit picks the 社团 on the call page; the 社团 (not the district) lists it in its own
    batch, of one state-owned team (the ≥30% share is the 区总工会's alone), and submits it; the
    city's review follows; the district's attempt is refused naming the 社团."""
    association, username = _association(site)
    call_id = craftsman_call(site.uow, site.tree)
    url = f"/intake/calls/{call_id}"
    # The unit sees the choice of recommender and starts its draft through the association.
    with site.uow() as u:
        shop_id = craftsman_team(u, site.tree, UnitNature.STATE_OWNED).id
        u.commit()
    unit = site.login("unit")
    page = unit.get(url)
    assert 'name="recommender_union_id"' in page.text
    assert f'<option value="{association.id}">上海市模具行业协会</option>' in page.text
    action = f"{url}/applications"
    started = unit.post(
        action,
        data={
            "csrf_token": csrf_of(page.text, action),
            "workshop_id": str(shop_id),
            "recommender_union_id": str(association.id),
        },
    )
    assert started.status_code == 303, started.text
    draft_id = int(started.headers["location"].rsplit("/", 1)[1])
    with site.uow() as u:
        draft = IntakeRepository(u.session).application(draft_id, EVERYTHING)
        assert draft is not None
        assert draft.recommender_union_id == association.id
    assert (
        "经上海市模具行业协会（社团）审查推荐" in unit.get(f"/intake/applications/{draft_id}").text
    )
    # A complete application through the association, passed by its unit union.
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(
        site.uow, site.tree, call_id, UnitNature.STATE_OWNED, storage, association.id
    )
    # The district does not see it waiting for it, and is refused naming the association.
    district = site.login("district")
    page = district.get(url)
    assert f'action="/intake/applications/{app_id}/batch"' not in page.text
    action = f"/intake/applications/{app_id}/batch"
    refused = district.post(action, data={"csrf_token": csrf_of(page.text), "rank": "1"})
    assert refused.status_code == 403  # another union's step, as the API answers it
    assert "应由上海市模具行业协会办理" in refused.text
    # The association: its application page names it as the one to act, its call page lists it.
    assoc = _log_in(site, username)
    shown = assoc.get(f"/intake/applications/{app_id}")
    assert shown.status_code == 200
    assert "待办理：上海市模具行业协会" in shown.text
    page = assoc.get(url)
    assert "待本单位推荐" in page.text
    listed = assoc.post(action, data={"csrf_token": csrf_of(page.text, action), "rank": "1"})
    assert listed.status_code == 303, listed.text
    page = assoc.get(url)
    assert "非公企业" not in re.sub(r"<th>非公企业</th>", "", page.text)
    with site.uow() as u:
        batch = IntakeRepository(u.session).batch_of(call_id, association.id)
        assert batch is not None
        batch_id = batch.id
    # 附件2 of the association's batch: its own name and its recommended team.
    sheet = assoc.get(f"/intake/batches/{batch_id}/statistics.xlsx")
    assert sheet.status_code == 200
    book = load_workbook(BytesIO(sheet.content))
    cells = [c for row in book["创建情况"].iter_rows(values_only=True) for c in row if c]
    assert "上海市模具行业协会" in cells
    assert "社团名称" in cells
    listing = [c for row in book["申报汇总"].iter_rows(values_only=True) for c in row if c]
    assert "社团意见" in listing
    action = f"/intake/batches/{batch_id}/submit"
    sent = assoc.post(action, data={"csrf_token": csrf_of(page.text, action), "signer": "周文"})
    assert sent.status_code == 303, sent.text
    with site.uow() as u:
        repo = IntakeRepository(u.session)
        submitted = repo.batch(batch_id, EVERYTHING)
        assert submitted is not None
        assert submitted.status is BatchStatus.SUBMITTED
        app = repo.application(app_id, EVERYTHING)
        assert app is not None
        assert app.stage == "expert"
        assert repo.steps(app_id)[-1].acting_union_id == association.id
    # What reaches it after its batch was sent, before the deadline, goes in a supplementary
    # batch (reading I7), not refused 「本批次已报送」 with no way forward.
    late = recommendable(
        site.uow, site.tree, call_id, UnitNature.STATE_OWNED, storage, association.id
    )
    page = assoc.get(url).text
    assert "本单位推荐批次已报送；申报截止日期（2026年12月20日）前" in page
    assert "非公企业比例连同已报送的批次计算" not in page  # a 社团 has no share (reading 48)
    sent_heading = r"上海市模具行业协会推荐批次：已报送（\d{4}年\d{1,2}月\d{1,2}日），共1个"
    assert re.search(sent_heading, page)
    action = f"/intake/applications/{late}/batch"
    assert ">列入补充推荐</button>" in page
    listed = assoc.post(action, data={"csrf_token": csrf_of(page, action), "rank": ""})
    assert listed.status_code == 303, listed.text
    page = assoc.get(url).text
    assert "上海市模具行业协会补充推荐批次（第2批）：未报送，共1个" in page
    with site.uow() as u:
        supplement = IntakeRepository(u.session).batch_of(call_id, association.id)
        assert supplement is not None
        assert (supplement.seq, supplement.id != batch_id) == (2, True)
        supplement_id = supplement.id
    # Its 附件2 is the association's one form for the call: both teams listed.
    sheet = assoc.get(f"/intake/batches/{supplement_id}/statistics.xlsx")
    listing = load_workbook(BytesIO(sheet.content))["申报汇总"]
    assert [r[0] for r in listing.iter_rows(min_row=3, max_row=4, values_only=True)] == [1, 2]
    action = f"/intake/batches/{supplement_id}/submit"
    sent = assoc.post(action, data={"csrf_token": csrf_of(page, action), "signer": "周文"})
    assert sent.status_code == 303, sent.text
    # The city sees the association's batches as it sees a district's.
    city_page = site.login("city").get(url).text
    assert "上海市模具行业协会推荐批次：已报送" in city_page
    assert "上海市模具行业协会补充推荐批次（第2批）：已报送" in city_page
    # A draft is the unit's alone: the association does not see one before it is submitted.
    assert assoc.get(f"/intake/applications/{draft_id}").status_code == 404
    # Once named, the association sees that it was, without a link to a title it cannot read.
    reviewed_by_the_city(site.uow, site.tree, app_id)
    with site.uow() as u:
        cmd = NameApplications(call_id, (app_id,), "沪工总〔2026〕80号", AS_OF, "主席办公会议")
        city = Scope.subtree(site.tree.city.path)
        name_applications(
            u, cmd, acting_union_id=site.tree.city.id, actor=CITY, as_of=AS_OF, scope=city
        )
        u.commit()
    assert "/designations/" not in assoc.get(f"/intake/applications/{app_id}").text
    page = assoc.get(url).text
    assert "已命名" in page
    assert "/designations/" not in page
    assert "/designations/" in unit.get(f"/intake/applications/{app_id}").text


def test_an_association_declines_and_another_cannot_see_it(site: Site, tmp_path: Path) -> None:
    """审查后 the 社团 may 不予推荐 with its reasons on the application page; another 社团 sees
    nothing of an application that does not go through it."""
    association, username = _association(site)
    _, other = _association(site, "上海市焊接协会")
    call_id = craftsman_call(site.uow, site.tree)
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(
        site.uow, site.tree, call_id, UnitNature.NON_PUBLIC, storage, association.id
    )
    url = f"/intake/applications/{app_id}"
    assert _log_in(site, other).get(url).status_code == 404
    assoc = _log_in(site, username)
    page = assoc.get(url)
    action = f"{url}/steps"
    typed = {
        "csrf_token": csrf_of(page.text, action),
        "stage": "recommend",
        "action": "reject",
        "decided_on": "2026-11-21",
        "signer": "周文",
        "opinion": "",
    }
    refused = assoc.post(action, data=typed)
    assert refused.status_code == 422
    assert 'id="opinion-error"' in refused.text
    assert 'value="周文"' in refused.text
    declined = assoc.post(action, data={**typed, "opinion": "非本协会会员单位"})
    assert declined.status_code == 303, declined.text
    with site.uow() as u:
        app = IntakeRepository(u.session).application(app_id, EVERYTHING)
        assert app is not None
        assert app.status is ApplicationStatus.REJECTED


def test_a_union_that_is_no_association_is_refused_as_recommender(site: Site) -> None:
    """Only a 社团 under the call's union recommends in place of the district [C 二（二）]: the
    district union picked as 推荐单位 is refused beside the field, what was typed kept."""
    call_id = craftsman_call(site.uow, site.tree)
    with site.uow() as u:
        shop_id = craftsman_team(u, site.tree, UnitNature.STATE_OWNED).id
        u.commit()
    unit = site.login("unit")
    url = f"/intake/calls/{call_id}"
    page = unit.get(url)
    action = f"{url}/applications"
    refused = unit.post(
        action,
        data={
            "csrf_token": csrf_of(page.text, action),
            "workshop_id": str(shop_id),
            "recommender_union_id": str(site.tree.district.id),
        },
    )
    assert refused.status_code == 422
    assert 'id="recommender_union_id-error"' in refused.text
    assert "不是本次申报通知范围内的社团" in refused.text
    assert f'<option value="{shop_id}" selected>' in refused.text
    with site.uow() as u:
        assert IntakeRepository(u.session).applications(EVERYTHING, call_id=call_id) == []


def test_a_district_does_not_send_the_batch_of_an_association_under_it(
    site: Site, tmp_path: Path
) -> None:
    """A 社团 registered under the district sends its own batch to the city [C 二（二）]: the
    district's call page does not show it (it may carry other districts' units), a posted 报送
    finds nothing; the city reads it."""
    with site.uow() as u:
        union = create_union(
            u, NewUnion("杨浦区焊接协会", UnionLevel.ASSOCIATION, site.tree.district.id)
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, union.id)
        u.commit()
    call_id = craftsman_call(site.uow, site.tree)
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(site.uow, site.tree, call_id, UnitNature.STATE_OWNED, storage, union.id)
    url = f"/intake/calls/{call_id}"
    assoc = _log_in(site, principal.username)
    page = assoc.get(url).text
    action = f"/intake/applications/{app_id}/batch"
    listed = assoc.post(action, data={"csrf_token": csrf_of(page, action), "rank": ""})
    assert listed.status_code == 303, listed.text
    with site.uow() as u:
        batch = IntakeRepository(u.session).batch_of(call_id, union.id)
        assert batch is not None
        batch_id = batch.id
    district = site.login("district")
    page = district.get(url).text
    assert "杨浦区焊接协会推荐批次" not in page
    assert "杨浦区焊接协会推荐批次：未报送，共1个" in site.login("city").get(url).text
    action = f"/intake/batches/{batch_id}/submit"
    refused = district.post(action, data={"csrf_token": csrf_of(page), "signer": "王干事"})
    assert refused.status_code == 404
    with site.uow() as u:
        kept = IntakeRepository(u.session).batch(batch_id, EVERYTHING)
        assert kept is not None
        assert kept.status is BatchStatus.DRAFT


def test_an_associations_annex2_counts_the_teams_that_applied_through_it_not_drafts(
    site: Site, tmp_path: Path
) -> None:
    """附件2 of a 社团 gives the figures of the teams that applied through it [C 三（四）]; a
    unit's draft naming the 社团 has not applied yet (the 社团 cannot even read it)."""
    association, username = _association(site)
    call_id = craftsman_call(site.uow, site.tree)
    storage = FileStorage(tmp_path / "files")
    app_id = recommendable(
        site.uow, site.tree, call_id, UnitNature.NON_PUBLIC, storage, association.id
    )
    with site.uow() as u:
        applied = IntakeRepository(u.session).application(app_id, EVERYTHING)
        assert applied is not None
        draft = craftsman_draft(
            u, site.tree, call_id, UnitNature.NON_PUBLIC, storage, recommender_id=association.id
        )
        for shop_id, kinds in (
            (applied.workshop_id, [AchievementKind.INVENTION_PATENT]),
            (draft.workshop_id, [AchievementKind.INVENTION_PATENT, AchievementKind.AWARD]),
        ):
            for i, kind in enumerate(kinds):
                record_achievement(
                    u, NewAchievement(shop_id, kind, f"成果{i}", date(2026, 5, 1)),
                    actor=CITY, as_of=AS_OF, scope=EVERYTHING,
                )  # fmt: skip
        u.commit()
    assoc = _log_in(site, username)
    page = assoc.get(f"/intake/calls/{call_id}").text
    action = f"/intake/applications/{app_id}/batch"
    assert assoc.post(action, data={"csrf_token": csrf_of(page, action)}).status_code == 303
    with site.uow() as u:
        batch = IntakeRepository(u.session).batch_of(call_id, association.id)
        assert batch is not None
        batch_id = batch.id
    sheet = assoc.get(f"/intake/batches/{batch_id}/statistics.xlsx")
    book = load_workbook(BytesIO(sheet.content))
    rows = {r[0]: r[1] for r in book["创建情况"].iter_rows(min_row=3, values_only=True)}
    assert rows["本地区、本系统创新工作室创新成果数量"] == 1
    assert rows["创新成果专利情况：发明专利（项）"] == 1
