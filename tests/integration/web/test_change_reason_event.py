"""附件3's 申请原因 and the leader event it cites, on the pages and both backends [C 三（六）]:
a request citing a recorded 离职 was filed, and printed, as 退休."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.changes.model import ChangeRequest
from lifecycle.vocab import Honour
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def test_a_reason_other_than_the_cited_events_is_refused_beside_it_and_nothing_written(
    site: Site,
) -> None:
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id, shop_id = d.id, d.workshop_id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    form = browser.get(action)
    recorded = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), "kind": "departure",
              "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
    )  # fmt: skip
    assert recorded.status_code == 303
    page = browser.get(f"/designations/{d_id}/changes/new")
    with site.uow() as u:
        (event,) = u.leaders.events_for_workshop(shop_id)
        event_id = event.id
    action = f"/designations/{d_id}/changes"
    typed = {"csrf_token": csrf_of(page.text, action), "reason": "retired",
             "reason_details": "领衔工匠调往外省工作", "measure": "exit_keeping_title",
             "leader_event_id": str(event_id), "filed_on": "2026-06-05",
             "filed_by": "单位工会赵主席"}  # fmt: skip
    refused = browser.post(action, data=typed)
    assert refused.status_code == 422
    assert (
        'id="reason-error">申请原因（退休）与所引用的领衔人情况（2026年6月1日离职）不一致'
    ) in refused.text
    assert '<option value="retired" selected>' in refused.text
    assert "领衔工匠调往外省工作" in refused.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(ChangeRequest)) == 0
    filed = browser.post(action, data=typed | {"reason": "left"})
    assert filed.status_code == 303, filed.text
    with site.uow() as u:
        (request,) = u.session.scalars(select(ChangeRequest)).all()
        assert (request.reason.value, request.leader_event_id) == ("left", event_id)


def test_citing_no_event_the_reason_still_follows_a_leader_recorded_as_dead(site: Site) -> None:
    """Leaving the recorded event out of the form does not let it print 退休 for a leader the
    registry says died; a leader in service may still be reported for any reason (reading 48)."""
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id = d.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    recorded = browser.post(
        action,
        data={"csrf_token": csrf_of(browser.get(action).text, action), "kind": "death",
              "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
    )  # fmt: skip
    assert recorded.status_code == 303
    page = browser.get(f"/designations/{d_id}/changes/new")
    action = f"/designations/{d_id}/changes"
    typed = {"csrf_token": csrf_of(page.text, action), "reason": "retired",
             "reason_details": "领衔工匠已退休", "measure": "exit_keeping_title",
             "leader_event_id": "", "filed_on": "2026-06-05",
             "filed_by": "单位工会赵主席"}  # fmt: skip
    refused = browser.post(action, data=typed)
    assert refused.status_code == 422
    assert (
        'id="reason-error">申请原因（退休）与领衔人周工匠的登记情况（已故）不一致' in refused.text
    )
    assert '<option value="retired" selected>' in refused.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(ChangeRequest)) == 0
    filed = browser.post(action, data=typed | {"reason": "deceased"})
    assert filed.status_code == 303, filed.text
