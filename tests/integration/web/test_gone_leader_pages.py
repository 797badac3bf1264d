"""On the pages, on both backends: a person recorded 离职 or 已故 is refused beside the field as
a new workshop's 带头人 and as a Yangpu title's new 带头人, naming who and since when, with what
was typed kept and nothing written [Y3][Y13] (附件3: the e2e test)."""

from __future__ import annotations

from datetime import date

from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import EmploymentStatus
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def _died(site: Site) -> int:
    """孙师傅, who led a Yangpu title and died on 2026-03-01 (recorded)."""
    with site.uow() as u:
        dead = f.person(u, name="孙师傅", union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="yangpu-district", leader=dead)
        death = RecordLeaderEvent(
            d.workshop_id, LeaderEventKind.DEATH, date(2026, 3, 1), "单位工会书面报告", None
        )
        record_leader_event(u, death, actor=f.unit_contact(u, d), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        return dead.id


def test_a_new_workshop_led_by_someone_who_died_is_refused_beside_the_leader(site: Site) -> None:
    dead_id = _died(site)
    unit = site.login("unit")
    form = unit.get("/workshops/new")
    sent = {
        "csrf_token": csrf_of(form.text, "/workshops"),
        "name": "孙师傅数控攻关技师创新工作室",
        "unit_union_id": str(site.tree.unit.id),
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "founded_on": "2026-04-01",
        "leader_person_id": str(dead_id),
        "members_joined_on": "",
        "venue_area_sqm": "60",
    }
    refused = unit.post("/workshops", data=sent)
    assert refused.status_code == 422, refused.text
    assert 'id="leader_person_id-error"' in refused.text
    assert "带头人：孙师傅已于2026年3月1日去世，不能担任带头人" in refused.text
    assert 'value="孙师傅数控攻关技师创新工作室"' in refused.text  # what was typed is kept
    with site.uow() as u:
        assert u.workshops.get_by_name(sent["name"], site.tree.unit.id) is None


def test_a_yangpu_change_to_someone_recorded_left_is_refused_beside_the_field(site: Site) -> None:
    with site.uow() as u:
        left = f.person(u, name="吴离职", union_id=site.tree.unit.id)
        left.employment_status = EmploymentStatus.LEFT  # no event: they led nothing
        u.commit()
        left_id = left.id
    d_id = site.designation.id
    district = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    form = district.get(action)
    typed = {"csrf_token": csrf_of(form.text, action), "effective_on": "2026-11-20",
             "reason": "原带头人调离", "new_leader_person_id": str(left_id)}  # fmt: skip
    refused = district.post(action, data=typed)
    assert refused.status_code == 422, refused.text
    assert 'id="new_leader_person_id-error"' in refused.text
    assert "新带头人：吴离职在人员信息中为离职，不能担任带头人" in refused.text
    assert "不符合" not in refused.text  # one reason, not the scheme rule's second telling
    assert "原带头人调离" in refused.text
    page = district.get(f"/designations/{d_id}")
    assert "吴离职" not in page.text
