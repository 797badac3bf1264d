"""On the pages a 社团's correction of its member who leads a team keeps the employment status
the leader event recorded (reading P51b): the member form has no status, and a correction no
longer reads that as 在职, undoing a recorded death and the change of leader it owes [Y3][Y13]."""

from __future__ import annotations

from lifecycle.persons.model import Person
from lifecycle.vocab import EmploymentStatus, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.craftsman.helpers import association, member
from tests.integration.web.conftest import Site, csrf_of, log_in


def test_a_members_correction_keeps_the_death_the_leader_event_recorded(site: Site) -> None:
    with site.uow() as u:
        body = association(u, site.tree, "杨浦区机械工程学会", parent_id=site.tree.district.id)
        principal, password = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        leader = member(u, body, "协会带头人")
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        leader_id, d_id = leader.id, d.id
    # The district records the death on the title's leader event form.
    district = site.login("district")
    action = f"/designations/{d_id}/leader/event"
    typed = {"kind": "death", "occurred_on": "2026-11-10", "source": "单位工会书面报告"}
    form = district.get(action)
    recorded = district.post(action, data={"csrf_token": csrf_of(form.text, action), **typed})
    assert recorded.status_code == 303, recorded.text
    title = district.get(f"/designations/{d_id}").text
    assert "协会带头人" in title
    assert "请区总工会变更带头人" in title
    # The association corrects its member's employer on its own page.
    browser = log_in(site.client(), principal.username, password)
    action = f"/association/members/{leader_id}"
    page = browser.get(action)
    assert page.status_code == 200
    corrected = {
        "name": "协会带头人",
        "gender": "male",
        "birth_date": "1975-06-01",
        "id_card_number": "",
        "is_union_member": "on",
        "employer": "上海某机械有限公司",
        "skill_level": "senior_technician",
    }
    saved = browser.post(action, data={"csrf_token": csrf_of(page.text, action), **corrected})
    assert saved.status_code == 303, saved.text
    with site.uow() as u:
        kept = u.session.get(Person, leader_id)
        assert kept is not None
        assert (kept.employer, kept.employment_status) == (
            "上海某机械有限公司",
            EmploymentStatus.DECEASED,
        )
    # The change of leader is still owed on the title's page.
    assert "请区总工会变更带头人" in district.get(f"/designations/{d_id}").text
