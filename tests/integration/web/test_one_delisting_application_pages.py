"""On the pages, both backends, a 上海市劳模创新工作室's ways to 摘牌 as an officer meets them [S9]
第九条: a 考核 awaiting the city's decision on its 摘牌 application leaves no 附件3 to file (the
page says why instead of the form, a crafted post is refused); a leader event leads to the request
already open, not to a form that would be refused; the city's 摘牌 on 附件3 closes the waiting 考核;
the continuation consent names the scheme's own rule."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeRequest, ChangeStep
from lifecycle.changes.service import FileChangeRequest, approve_step, file_change_request
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

APPLIED = (
    "该工作室2026年度考核已由区局（产业）工会于2026年11月3日向上海市总工会申请摘牌，"
    "待上海市总工会决定，不能就同一称号再提出管理变更申请（附件3）"
    "（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
)


def _title(site: Site) -> tuple[int, int]:
    """A model-worker title whose leader left (recorded by the unit union): (title, event)."""
    with site.uow() as u:
        leader = f.person(u, name="钱劳模", union_id=site.tree.unit.id)  # 上海市劳模
        d = lf.titled(u, site.tree, scheme="shanghai-model-worker", leader=leader,
                      naming_date=date(2024, 7, 5))  # fmt: skip
        event = record_leader_event(
            u,
            RecordLeaderEvent(d.workshop_id, LeaderEventKind.DEPARTURE, date(2026, 10, 8), "报告"),
            actor=f.unit_contact(u, d),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        u.commit()
        return d.id, event.id


def _apply(site: Site, d_id: int) -> None:
    tree = site.tree
    with site.uow() as u:
        for step, union, on in ((Step.UNIT, tree.unit, date(2026, 11, 2)),
                                (Step.DISTRICT, tree.district, date(2026, 11, 3))):  # fmt: skip
            cmd = AssessmentStep(d_id, 2026, step, False, on, "李主席", "领衔劳模离职")
            record_step(u, cmd, actor=f.acting(union), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()


def _file(site: Site, d_id: int) -> ChangeRequest:
    """The unit union files the 附件3 on the leader's departure (摘牌, the scheme's one measure)."""
    tree = site.tree
    with site.uow() as u:
        cmd = FileChangeRequest(d_id, tree.unit.id, ChangeReason.LEFT, "领衔劳模离职",
                                ChangeMeasure.REVOKE, date(2026, 10, 9), "赵主席")  # fmt: skip
        request = file_change_request(
            u, cmd, actor=f.acting(tree.unit), as_of=f.AS_OF, scope=EVERYTHING
        )
        u.commit()
        return request


def _requests(site: Site, d_id: int) -> int:
    with site.uow() as u:
        return len(u.change_requests.for_designation(d_id))


def test_no_change_request_is_offered_or_filed_beside_the_assessments_application(
    site: Site,
) -> None:
    d_id, event_id = _title(site)
    browser = site.login("unit")
    form = browser.get(f"/designations/{d_id}/changes/new?event={event_id}")
    token = csrf_of(form.text, f"/designations/{d_id}/changes")  # a form read before the 考核
    _apply(site, d_id)

    page = browser.get(f"/designations/{d_id}")
    assert APPLIED in page.text
    # The title page's whole sentence, ending as a sentence does (before: 「…可再提出」).
    blocked = re.search(r'<p class="muted" id="change-blocked">(.*?)</p>', page.text)
    assert blocked is not None
    assert blocked.group(1) == (
        f"{APPLIED}；上海市总工会决定保留称号后，如领衔人情况仍须报告，可再提出。"
    )
    assert f"/designations/{d_id}/changes/new" not in page.text  # neither button nor event link
    assert "已经年度考核申请摘牌，待上海市总工会决定，不再另报附件3" in page.text
    again = browser.get(f"/designations/{d_id}/changes/new?event={event_id}")
    assert APPLIED in again.text
    assert f'action="/designations/{d_id}/changes"' not in again.text

    typed = {"csrf_token": token, "reason": "left", "reason_details": "领衔劳模离职",
             "measure": "revoke", "leader_event_id": str(event_id), "filed_on": "2026-11-04",
             "filed_by": "单位工会赵主席"}  # fmt: skip
    refused = browser.post(f"/designations/{d_id}/changes", data=typed)
    assert refused.status_code == 422, refused.text
    assert APPLIED in refused.text
    assert _requests(site, d_id) == 0


def test_a_leader_event_leads_to_the_open_request_not_to_a_second_one(site: Site) -> None:
    d_id, event_id = _title(site)
    browser = site.login("unit")
    before = browser.get(f"/designations/{d_id}")
    assert f"/designations/{d_id}/changes/new?event={event_id}" in before.text
    request_id = _file(site, d_id).id
    page = browser.get(f"/designations/{d_id}")
    assert f"/designations/{d_id}/changes/new" not in page.text
    assert f'<a href="/changes/{request_id}">管理变更申请第{request_id}号办理中</a>' in page.text
    # The link read before (back button, a second browser) says so and leads to the request.
    form = browser.get(f"/designations/{d_id}/changes/new?event={event_id}")
    assert f"该工作室已有未办结的管理变更申请（第{request_id}号），不能重复提出" in form.text
    assert f'href="/changes/{request_id}"' in form.text
    assert f'action="/designations/{d_id}/changes"' not in form.text


def test_the_change_requests_delisting_closes_the_waiting_assessment_on_the_pages(
    site: Site,
) -> None:
    d_id, _ = _title(site)
    tree = site.tree
    request = _file(site, d_id)
    _apply(site, d_id)  # allowed: the 考核 is the year's duty; the step page names the 附件3
    city = site.login("city")
    waiting = city.get(f"/designations/{d_id}/assessments/new?year=2026")
    assert (
        f"该工作室另有未办结的管理变更申请（附件3）第{request.id}号；市总工会对其中任一申请决定摘牌后，"
        "另一申请即终止办理（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
    ) in waiting.text
    with site.uow() as u:
        for step, union, on, ref in (
            (ChangeStep.UNIT, tree.unit, date(2026, 11, 4), None),
            (ChangeStep.DISTRICT, tree.district, date(2026, 11, 5), None),
            (ChangeStep.CITY, tree.city, date(2026, 11, 6), "沪工总〔2026〕8号"),
        ):
            decided = lf.decision(request, step, union.id, on=on, ref=ref)
            approve_step(u, decided, actor=f.acting(union), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    page = city.get(f"/designations/{d_id}")
    assert "2026年：称号已摘牌，考核终止办理" in page.text
    assert "已申请摘牌，待市总工会决定" not in page.text
    step = city.get(f"/designations/{d_id}/assessments/new?year=2026")
    assert "本年度考核终止办理，不再登记考核环节" in step.text
    assert 'name="step" value="city"' not in step.text
    # The lost title's leader event no longer offers a 附件3 either.
    assert "据此报送管理变更申请" not in site.login("unit").get(f"/designations/{d_id}").text


def test_the_consent_page_of_a_model_worker_title_names_its_delisting_rule(site: Site) -> None:
    d_id, _ = _title(site)
    page = site.login("district").get(f"/designations/{d_id}/leader/consent")
    assert "上海市劳模创新工作室不适用退休后继续领衔：" in page.text
    assert "向上海市总工会申请摘牌（《上海市“劳模创新工作室”管理办法（修订）》第九条）" in page.text
    assert "按管理变更处理" not in page.text
    change = site.login("district").get(f"/designations/{d_id}/leader/change")
    assert "上海市劳模创新工作室不能直接变更领衔人：" in change.text
    assert "须提交管理变更申请（附件3）向上海市总工会申请摘牌" in change.text
