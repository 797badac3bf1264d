"""A leader event after the leader left or died, on the page and both backends [Y3][Y13]: a
Yangpu leader recorded as 离职 was then recorded as 退休, which turned the leader change the title
owed into a consent to continue; only the event dating the end is taken once it is on record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lifecycle.leaders.model import LeaderEvent
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import EmploymentStatus
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def test_no_retirement_is_recorded_for_a_leader_who_left_and_the_change_stays_owed(
    site: Site,
) -> None:
    with site.uow() as u:
        leader = f.person(u, name="冯老师", birth_date=date(1975, 3, 2), union_id=site.tree.unit.id)
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        d_id, person_id = d.id, leader.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    form = browser.get(action)
    typed = {"csrf_token": csrf_of(form.text, action), "source": "单位工会书面报告"}
    left = browser.post(action, data=typed | {"kind": "departure", "occurred_on": "2026-06-01"})
    assert left.status_code == 303, left.text
    refused = browser.post(action, data=typed | {"kind": "retirement", "occurred_on": "2026-06-05"})
    assert refused.status_code == 422
    assert (
        'id="kind-error">带头人冯老师已离职，不能再登记退休：请办理带头人变更或管理变更申请（附件3）'
    ) in refused.text
    assert 'value="2026-06-05"' in refused.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(LeaderEvent)) == 1
        person = u.persons.get(person_id, scope=EVERYTHING)
        assert person is not None
        assert person.employment_status is EmploymentStatus.LEFT
        kinds = {o.kind for o in occasions_for_designation(u, d_id, f.AS_OF, scope=EVERYTHING)}
    assert K.CHANGE_REQUEST_DUE in kinds  # the district still owes the leader change
    assert K.LEADER_CONSENT_MISSING not in kinds
