"""Who may change a team's leader on the pages, and through which title [Y13][S9][C 三（六）]
(RULES.md readings 43a and 46), and how a street union's officer is labelled."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.changes.model import ChangeRequest
from lifecycle.leaders.model import LeaderChange, LeaderEvent, LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.occasions import index
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import NOW, Site, csrf_of

YANGPU_RULES = "《杨浦区劳模（先进）、技师创新工作室管理办法》"
MODEL_WORKER = (f.HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2015),)


def _changes(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        changes = u.session.scalar(select(func.count()).select_from(LeaderChange))
        events = u.session.scalar(select(func.count()).select_from(LeaderEvent))
        return int(changes or 0), int(events or 0)


def _street(site: Site) -> TestClient:
    """A district officer bound to the street union: in the district's subtree, not its union."""
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    site.usernames["street"], site.passwords["street"] = principal.username, password
    return site.login("street")


def _yangpu(site: Site, *, city_title: bool = False) -> tuple[int, int | None, int]:
    """A Yangpu title (and, asked, a live 上海市劳模创新工作室 title of the same team) and a
    successor meeting both leader rules: (yangpu id, city id, successor id)."""
    with site.uow() as u:
        old = f.person(u, name="王建国", honours=MODEL_WORKER, union_id=site.tree.unit.id)
        shop = lf.led_workshop(u, site.tree, old)
        yangpu = f.named_designation(u, site.tree, shop=shop)
        city = (
            f.named_designation(u, site.tree, scheme="shanghai-model-worker", shop=shop)
            if city_title
            else None
        )
        new = f.person(u, name="李新", honours=MODEL_WORKER, union_id=site.tree.unit.id)
        u.commit()
        return yangpu.id, city.id if city else None, new.id


def _post_change(browser: TestClient, designation_id: int, person_id: int) -> Any:
    action = f"/designations/{designation_id}/leader/change"
    form = browser.get(action)
    return browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, "/logout"), "effective_on": "2026-11-20",
              "reason": "原带头人调离", "new_leader_person_id": str(person_id)},
    )  # fmt: skip


def test_a_street_officer_is_refused_the_leader_change_and_the_event_on_the_page(
    site: Site,
) -> None:
    d_id, _, new_id = _yangpu(site)
    street = _street(site)
    # The banner names his union's level, not the district's.
    dashboard = street.get("/dashboard")
    assert "（行业、街镇、直属工会干部）" in dashboard.text
    assert "（区局（产业）工会干部）" not in dashboard.text
    # So does a refusal for want of a permission (reading 46; ASVS 4.1 row).
    admin = street.get("/admin/contacts")
    assert admin.status_code == 403
    assert "行业、街镇、直属工会干部无权办理此事项，须由系统管理员办理" in admin.text
    action = f"/designations/{d_id}/leader/change"
    form = street.get(action)
    assert form.status_code == 200
    refusal = "带头人变更应由杨浦区总工会办理（" + YANGPU_RULES + "第十三条）"
    assert refusal in form.text
    assert f'action="{action}"' not in form.text  # no form to fill in
    before = _changes(site)
    refused = _post_change(street, d_id, new_id)
    assert refused.status_code == 403  # an authority refusal, as the API answers it
    assert refusal in refused.text
    # The event form, too, says at once who records the event instead of showing its fields.
    event = f"/designations/{d_id}/leader/event"
    page = street.get(event)
    assert page.status_code == 200
    who = "带头人情况应由上海某机械有限公司工会或杨浦区总工会登记（" + YANGPU_RULES + "第十三条）"
    assert who in page.text
    assert f'action="{event}"' not in page.text  # no form to fill in
    assert 'name="occurred_on"' not in page.text
    bad = street.post(
        event,
        data={"csrf_token": csrf_of(page.text, "/logout"), "kind": "departure",
              "occurred_on": "2026-11-01", "source": "街道报告"},
    )  # fmt: skip
    assert bad.status_code == 403
    assert who in bad.text
    assert _changes(site) == before
    # The unit's own contact and the district officer get the event's fields.
    for who_may in ("unit", "district"):
        form = site.login(who_may).get(event)
        assert form.status_code == 200
        assert f'action="{event}"' in form.text
        assert "带头人情况应由" not in form.text

    # The district union's officer changes the leader.
    district = site.login("district")
    assert "（区局（产业）工会干部）" in district.get("/dashboard").text
    done = _post_change(district, d_id, new_id)
    assert done.status_code == 303, done.text
    assert _changes(site) == (before[0] + 1, before[1])


def test_the_yangpu_change_page_names_the_teams_live_city_title(site: Site) -> None:
    d_id, city_id, new_id = _yangpu(site, city_title=True)
    district = site.login("district")
    detail = district.get(f"/designations/{d_id}")
    assert f"/designations/{d_id}/leader/change" not in detail.text  # not offered
    with site.uow() as u:
        city = u.designations.get(city_id, f.SYSTEM_SCOPE)
        assert city is not None
        shown = f"「{city.title}」（{city.number}，已命名）"
    form = district.get(f"/designations/{d_id}/leader/change")
    assert shown in form.text
    assert "须提交管理变更申请（附件3）由市总工会审定摘牌" in form.text
    assert "第九条" in form.text
    before = _changes(site)
    refused = _post_change(district, d_id, new_id)
    assert refused.status_code == 422
    assert shown in refused.text
    assert _changes(site) == before
    # The city title's own page has no direct change either: its 附件3 is the route.
    city_form = district.get(f"/designations/{city_id}/leader/change")
    # In its own rule: a 上海市劳模创新工作室 has no leader change, its 附件3 asks for 摘牌 [S9]
    # (before: 「…的领衔人变更须提交管理变更申请（附件3）由市总工会审定」).
    assert "上海市劳模创新工作室不能直接变更领衔人" in city_form.text
    assert "须提交管理变更申请（附件3）向上海市总工会申请摘牌" in city_form.text


def test_the_district_todo_names_the_city_titles_delisting_application_on_the_page(
    site: Site,
) -> None:
    """[S9] 第九条: the district's 待办 page words the Yangpu title's leader change owed as the
    change refused meanwhile does: once the city title's 考核 (recorded after the index was
    built) applied for its 摘牌, that application awaits the city, not the 附件3 route."""
    d_id, city_id, new_id = _yangpu(site, city_title=True)
    tree = site.tree
    with site.uow() as u:
        index.build(u, f.AS_OF, NOW)
        shop_id = u.designations.require(d_id, EVERYTHING).workshop_id
        left = RecordLeaderEvent(
            shop_id, LeaderEventKind.DEPARTURE, date(2026, 11, 1), "单位工会书面报告", None
        )
        actor = f.acting(tree.unit)
        record_leader_event(u, left, actor=actor, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    district = site.login("district")
    route = "该称号须经管理变更申请（附件3）由市总工会审定摘牌"
    assert route in district.get("/todo", params={"mine": "1"}).text
    with site.uow() as u:
        for step, union, on in ((Step.UNIT, tree.unit, date(2026, 11, 2)),
                                (Step.DISTRICT, tree.district, date(2026, 11, 3))):  # fmt: skip
            cmd = AssessmentStep(city_id, 2026, step, False, on, "李主席", "领衔劳模离职")
            record_step(u, cmd, actor=f.acting(union), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    pending = (
        "该称号2026年度考核已由区局（产业）工会于2026年11月3日向上海市总工会申请摘牌，"
        "待上海市总工会决定，不再另报管理变更申请（附件3）"
    )
    listed = district.get("/todo", params={"mine": "1"}).text
    assert f"{pending}（《上海市“劳模创新工作室”管理办法（修订）》第九条）；" in listed
    assert "该称号摘牌后，请区总工会变更本称号带头人" in listed
    assert route not in listed
    refused = _post_change(district, d_id, new_id)  # the refusal says the same
    assert refused.status_code == 422
    assert pending in refused.text


def test_a_street_officer_is_told_at_once_that_the_unit_or_district_union_files_a_change(
    site: Site,
) -> None:
    """The 附件3 is filed by the unit's union or its district union [C 三（六）]: a street union's
    officer is told so on opening the form, not after typing it all in; nothing is written."""
    _, city_id, _ = _yangpu(site, city_title=True)
    street = _street(site)
    action = f"/designations/{city_id}/changes"
    # Cited by title and article: a 劳模创新工作室's unions apply for 摘牌 under [S9] 第九条
    # (before: no article named).
    refusal = (
        "管理变更申请应由工作室所在单位工会或所属区局（产业）工会提出"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
    )
    form = street.get(f"{action}/new")
    assert form.status_code == 200
    assert refusal in form.text
    assert f'action="{action}"' not in form.text  # no form to fill in
    assert 'name="reason_details"' not in form.text
    refused = street.post(
        action,
        data={"csrf_token": csrf_of(form.text, "/logout"), "reason": "left",
              "reason_details": "领衔劳模调离", "measure": "revoke", "filed_on": "2026-11-20",
              "filed_by": "街道工会"},
    )  # fmt: skip
    assert refused.status_code == 403  # an authority refusal, as the API answers it
    assert refusal in refused.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(ChangeRequest)) == 0
    # The unit's own contact and the district officer get the fields.
    for who_may in ("unit", "district"):
        page = site.login(who_may).get(f"{action}/new")
        assert f'action="{action}"' in page.text
        assert refusal not in page.text
