"""The 附件3 pages' forms refused [C 三（六）][S9]: a filing refused for its choices and
date, a decision for its date, each with every other bad field; a decision on a page
read before another's a conflict; a request dated before the naming or the leader
event it cites."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.changes.model import (
    ChangeMeasure,
    ChangeRequestStatus,
    ChangeStep,
)
from lifecycle.changes.service import approve_step
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_change_pages import (
    SCHEME,
    _counts,
    _decide,
    _file,
    _model_worker,
    _setup,
)


def test_a_filing_refused_for_its_choices_and_date_names_every_other_bad_field_too(
    site: Site,
) -> None:
    designation_id, _ = _setup(site)
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    action = f"/designations/{designation_id}/changes"
    before = _counts(site)
    typed = {
        "reason": "",
        "reason_details": " ",
        "measure": "leader_change",
        "filed_on": "2026-06-31",
        "filed_by": "",
    }
    refused = browser.post(action, data={"csrf_token": csrf_of(form.text, action), **typed})
    assert refused.status_code == 422
    for field, message in (
        ("reason", "请选择申请原因"),
        ("filed_on", "填报日期有误：没有2026-06-31这一天"),
        ("reason_details", "申请原因具体情况不能为空"),
        ("filed_by", "填报人不能为空"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'id="new_leader_person_id-error">领衔人变更须填写新领衔人' in refused.text
    assert 'value="2026-06-31"' in refused.text
    assert _counts(site) == before


def test_a_decision_refused_for_its_date_names_the_signer_opinion_and_number_too(
    site: Site,
) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=SCHEME)
        request = lf.file_request(u, site.tree, d, measure=ChangeMeasure.REVOKE)
        for step, union in (
            (ChangeStep.UNIT, site.tree.unit),
            (ChangeStep.DISTRICT, site.tree.district),
        ):
            cmd = lf.decision(request, step, union.id)
            approve_step(u, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        request_id = request.id
    before = _counts(site)
    refused = _decide(
        site, "city", request_id, decided_on="2026-02-30", signer="", opinion="", decision_ref=""
    )
    assert refused.status_code == 422
    for field, message in (
        ("decided_on", "日期有误：没有2026-02-30这一天"),
        ("signer", "签署人不能为空"),
        ("opinion", "意见不能为空"),
        ("decision_ref", "摘牌决定必须填写文号"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert refused.text.count("摘牌决定必须填写文号") == 1  # the hint gives way to the error
    assert 'value="2026-02-30"' in refused.text
    assert _counts(site) == before
    with site.uow() as u:
        after = u.change_requests.get(request_id, scope=EVERYTHING)
        assert after is not None
        assert after.status is ChangeRequestStatus.PENDING_CITY


def test_a_decision_on_a_page_read_before_anothers_is_a_conflict_not_a_wrong_role(
    site: Site,
) -> None:
    """Two city officers opened the city step; A sent it back (now the unit's step), then B's
    approval arrives with the version A's page showed too: a conflict that keeps B's opinion,
    not 「无权办理本单位工会意见」, and nothing written."""
    designation_id, person_id = _setup(site)
    request_id = _file(site, designation_id, person_id)
    assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    assert _decide(site, "district", request_id, decided_on="2026-06-12").status_code == 303
    first, second = site.login("city"), site.login("city")
    page_a = first.get(f"/changes/{request_id}").text
    page_b = second.get(f"/changes/{request_id}").text
    action = f"/changes/{request_id}/decision"
    version = re.search(r'name="expected_version" value="(\d+)"', page_b)
    assert version is not None
    typed = {"decided_on": "2026-06-20", "signer": "市总签署人", "expected_version": version[1]}
    back = {"action": "send_back", "opinion": "请补充新领衔人材料", **typed}
    sent_back = first.post(action, data={"csrf_token": csrf_of(page_a, action), **back})
    assert sent_back.status_code == 303, sent_back.text
    before = _counts(site)
    approve = {
        "action": "approve",
        "opinion": "同意变更领衔人",
        "decision_ref": "沪工创〔2026〕9号",
    }
    refused = second.post(action, data={"csrf_token": csrf_of(page_b, action), **approve, **typed})
    assert refused.status_code == 409, refused.text
    assert "该管理变更申请已被他人处理，请刷新后重试" in refused.text
    assert "无权办理" not in refused.text
    assert "同意变更领衔人" in refused.text  # B's opinion, not lost
    assert _counts(site) == before
    with site.uow() as u:
        request = u.change_requests.get(request_id, scope=EVERYTHING)
        assert request is not None
        assert request.status is ChangeRequestStatus.RETURNED  # A's decision stands


def test_a_request_dated_before_the_naming_or_the_cited_leader_event_is_refused(
    site: Site,
) -> None:
    """A 附件3 reports what befell the leader of a named title [C 三（六）]: it is not dated before
    the naming (2023-03-15) nor before the event it cites (2026-05-10 离职); nothing is written."""
    designation_id = _model_worker(site)
    with site.uow() as u:
        d = u.designations.get(designation_id, scope=EVERYTHING)
        assert d is not None
        event = record_leader_event(
            u,
            RecordLeaderEvent(d.workshop_id, LeaderEventKind.DEPARTURE, date(2026, 5, 10), "报告"),
            actor=f.unit_contact(u, d),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        u.commit()
        event_id = event.id
    browser = site.login("unit")
    form = browser.get(f"/designations/{designation_id}/changes/new")
    action = f"/designations/{designation_id}/changes"
    typed = {
        "csrf_token": csrf_of(form.text, action),
        "reason": "left",
        "reason_details": "领衔劳模离职",
        "measure": "revoke",
        "leader_event_id": str(event_id),
        "filed_by": "单位工会赵主席",
    }
    before = _counts(site)
    for filed_on, message in (
        ("2020-01-01", "填报日期不能早于该工作室的命名日期（2023年3月15日）"),
        ("2026-05-09", "填报日期不能早于所引用的领衔人情况的发生日期（2026年5月10日离职）"),
    ):
        refused = browser.post(action, data=typed | {"filed_on": filed_on})
        assert refused.status_code == 422, refused.text
        assert f'id="filed_on-error">{message}' in refused.text
        assert f'value="{filed_on}"' in refused.text
        assert _counts(site) == before
    filed = browser.post(action, data=typed | {"filed_on": "2026-05-10"})
    assert filed.status_code == 303, filed.text
