"""On the 考核 step page, both backends: a 上海市劳模创新工作室 whose 领衔劳模 has left tells the
unit, the district and the city beside the step that the leader left on that day and that the
附件3 is owed (linking the filing form) or open (linking the request), citing [S9] 第九条; the
step is still recorded; nothing is said once the city decided the 附件3, or while the leader
leads."""

from __future__ import annotations

from datetime import date

from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeStep
from lifecycle.changes.service import (
    FileChangeRequest,
    StepDecision,
    approve_step,
    file_change_request,
)
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site

ARTICLE = "《上海市“劳模创新工作室”管理办法（修订）》第九条"


def _title(site: Site, *, left: bool = True, filed: bool = False) -> tuple[int, str, int | None]:
    tree = site.tree
    with site.uow() as u:
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        name = d.workshop.leader.name
        if left:
            event = RecordLeaderEvent(
                d.workshop_id, LeaderEventKind.DEPARTURE, date(2026, 9, 1), "单位工会书面报告"
            )
            record_leader_event(u, event, actor=f.unit_contact(u, d), as_of=f.AS_OF,
                                scope=EVERYTHING)  # fmt: skip
        request_id = None
        if filed:
            cmd = FileChangeRequest(
                d.id, tree.district.id, ChangeReason.LEFT, "领衔劳模离职", ChangeMeasure.REVOKE,
                date(2026, 10, 8), "区干事",
            )  # fmt: skip
            request_id = file_change_request(
                u, cmd, actor=f.acting(tree.district), as_of=f.AS_OF, scope=EVERYTHING
            ).id
        u.commit()
        return d.id, name, request_id


def _notice(text: str) -> str:
    assert 'id="leader-departure"' in text
    return text.split('id="leader-departure"', 1)[1].split("</p>", 1)[0]


def _pass(browser, d_id: int):
    page = browser.get(f"/designations/{d_id}/assessments/new?year=2026")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    version = page.text.split('name="expected_version" value="', 1)[1].split('"', 1)[0]
    return browser.post(
        f"/designations/{d_id}/assessments",
        data={"csrf_token": csrf, "year": "2026", "step": "unit", "passed": "yes",
              "decided_on": "2026-11-02", "signer": "李主席", "opinion": "团队运行正常",
              "expected_version": version},
        follow_redirects=False,
    )  # fmt: skip


def test_the_step_page_says_the_leader_left_and_the_change_request_is_owed(site: Site) -> None:
    d_id, name, _ = _title(site)
    unit = site.login("unit")
    page = unit.get(f"/designations/{d_id}/assessments/new?year=2026")
    assert page.status_code == 200, page.text
    notice = _notice(page.text)
    assert (
        f"领衔人{name}已于2026年9月1日离职，不能继续领衔；管理变更申请（附件3）尚未报送" in notice
    )
    assert ARTICLE in notice
    assert f'href="/designations/{d_id}/changes/new"' in notice
    assert 'name="step" value="unit"' in page.text  # the form stays: [S9] does not make it wait
    done = _pass(unit, d_id)
    assert done.status_code == 303, done.text
    # The district reads it beside its own step, the unit's 合格 above it.
    district = site.login("district").get(f"/designations/{d_id}/assessments/new?year=2026")
    assert "管理变更申请（附件3）尚未报送" in _notice(district.text)
    assert f'href="/designations/{d_id}/changes/new"' in _notice(district.text)  # it files too
    assert 'name="step" value="district"' in district.text
    # The city reads the notice; the filing form is not its own, so no link to it (403 there).
    city = site.login("city").get(f"/designations/{d_id}/assessments/new?year=2026")
    assert "管理变更申请（附件3）尚未报送" in _notice(city.text)
    assert "/changes/new" not in _notice(city.text)
    assert site.login("city").get(f"/designations/{d_id}/changes/new").status_code == 403


def test_an_open_change_request_is_linked_and_a_decided_one_leaves_no_notice(site: Site) -> None:
    d_id, _, request_id = _title(site, filed=True)
    city = site.login("city")
    page = city.get(f"/designations/{d_id}/assessments/new?year=2026")
    notice = _notice(page.text)
    assert f"管理变更申请（附件3）第{request_id}号尚未办结" in notice
    assert f'href="/changes/{request_id}"' in notice
    tree = site.tree
    assert request_id is not None
    with site.uow() as u:
        for step, union, on, ref in (
            (ChangeStep.UNIT, tree.unit, date(2026, 11, 5), None),
            (ChangeStep.DISTRICT, tree.district, date(2026, 11, 6), None),
            (ChangeStep.CITY, tree.city, date(2026, 11, 7), "沪工总〔2026〕8号"),
        ):
            decision = StepDecision(request_id, step, union.id, on, "签署人", "同意", ref)
            approve_step(u, decision, actor=f.acting(union), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    decided = city.get(f"/designations/{d_id}/assessments/new?year=2026")
    assert decided.status_code == 200
    assert 'id="leader-departure"' not in decided.text


def test_a_title_whose_leader_leads_shows_no_notice(site: Site) -> None:
    d_id, _, _ = _title(site, left=False)
    page = site.login("unit").get(f"/designations/{d_id}/assessments/new?year=2026")
    assert page.status_code == 200
    assert 'id="leader-departure"' not in page.text
    assert 'name="step" value="unit"' in page.text
