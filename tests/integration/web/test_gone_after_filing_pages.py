"""On the 附件3 decision page, on both backends: a proposed new leader who left or died after the
filing is refused beside 新领衔人 when the district reviews or the city decides, once, with what
was typed kept and nothing written; returning and not agreeing still go through [C 三（六）]."""

from __future__ import annotations

from datetime import date

from lifecycle.changes.model import ChangeRequestStatus
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import EmploymentStatus
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site
from tests.integration.web.test_change_pages import _decide


def _filed(site: Site, *, unit_agreed: bool = True) -> tuple[int, int, int]:
    """A craftsman title's 附件3 naming 钱工匠 (who leads another title), the unit agreed
    (unless not ``unit_agreed``): (request id, the title's workshop, 钱工匠's id)."""
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        qian = f.person(u, name="钱工匠", honours=lf.CRAFTSMAN, union_id=site.tree.unit.id)
        lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=qian)
        request = lf.file_request(u, site.tree, d, new_leader=qian)
        u.commit()
        request_id, shop_id, qian_id = request.id, d.workshop_id, qian.id
    if unit_agreed:
        assert _decide(site, "unit", request_id, decided_on="2026-06-05").status_code == 303
    return request_id, shop_id, qian_id


def _beside_the_leader(text: str) -> str:
    return text.split('id="new_leader_person_id-error">', 1)[1].split("</div>", 1)[0]


def _status(site: Site, request_id: int) -> ChangeRequestStatus:
    with site.uow() as u:
        request = u.change_requests.get(request_id, scope=EVERYTHING)
        assert request is not None
        return request.status


def test_the_district_review_refuses_a_new_leader_recorded_left_and_may_return(
    site: Site,
) -> None:
    request_id, _, qian_id = _filed(site)
    with site.uow() as u:  # recorded 离职 since the filing (no leader event dates it)
        qian = u.persons.get(qian_id, EVERYTHING)
        assert qian is not None
        qian.employment_status = EmploymentStatus.LEFT
        u.commit()
    page = site.login("district").get(f"/changes/{request_id}").text  # told before deciding
    assert "新领衔人：钱工匠在人员信息中为离职，不能担任领衔人；此申请不能同意，请退回修改" in page
    refused = _decide(site, "district", request_id, decided_on="2026-07-10", opinion="经审核同意")
    assert refused.status_code == 422, refused.text
    said = _beside_the_leader(refused.text)
    assert said == "新领衔人：钱工匠在人员信息中为离职，不能担任领衔人"  # named once
    assert "经审核同意" in refused.text  # what was typed is kept
    assert 'value="2026-07-10"' in refused.text
    assert _status(site, request_id) is ChangeRequestStatus.PENDING_DISTRICT
    back = _decide(site, "district", request_id, action="send_back", decided_on="2026-07-10",
                   opinion="拟任领衔人已离职，请重新推荐")  # fmt: skip
    assert back.status_code == 303, back.text
    assert _status(site, request_id) is ChangeRequestStatus.RETURNED


def test_the_city_decision_refuses_a_new_leader_who_died_and_may_not_agree(site: Site) -> None:
    request_id, shop_id, qian_id = _filed(site)
    assert _decide(site, "district", request_id, decided_on="2026-06-12").status_code == 303
    with site.uow() as u:  # 钱工匠 dies, recorded on the title he leads
        (qian_shop,) = u.workshops.led_by(qian_id)
        death = RecordLeaderEvent(
            qian_shop, LeaderEventKind.DEATH, date(2026, 7, 1), "单位工会书面报告", None
        )
        d = u.designations.for_workshop(qian_shop)[0]
        record_leader_event(u, death, actor=f.unit_contact(u, d), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    page = site.login("city").get(f"/changes/{request_id}").text
    assert "去世，不能担任领衔人；此申请不能同意，请退回修改或审定不同意" in page
    refused = _decide(site, "city", request_id, decided_on="2026-07-20",
                      decision_ref="沪工创〔2026〕9号")  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert (
        _beside_the_leader(refused.text) == "新领衔人：钱工匠已于2026年7月1日去世，不能担任领衔人"
    )
    assert "沪工创〔2026〕9号" in refused.text
    assert _status(site, request_id) is ChangeRequestStatus.PENDING_CITY
    with site.uow() as u:
        shop = u.workshops.get(shop_id, scope=EVERYTHING)
        assert shop is not None
        assert shop.leader_person_id != qian_id
    no = _decide(site, "city", request_id, action="reject", decided_on="2026-07-20",
                 opinion="拟任领衔人已去世，不同意变更")  # fmt: skip
    assert no.status_code == 303, no.text
    assert _status(site, request_id) is ChangeRequestStatus.REJECTED


def test_the_unit_opinion_refuses_a_new_leader_recorded_left_as_the_later_steps_do(
    site: Site,
) -> None:
    request_id, _, qian_id = _filed(site, unit_agreed=False)
    with site.uow() as u:  # recorded 离职 since the filing (no leader event dates it)
        qian = u.persons.get(qian_id, EVERYTHING)
        assert qian is not None
        qian.employment_status = EmploymentStatus.LEFT
        u.commit()
    page = site.login("unit").get(f"/changes/{request_id}").text  # told before deciding
    told = "新领衔人：钱工匠在人员信息中为离职，不能担任领衔人；此申请不能同意，请撤回该申请"
    assert told in page
    refused = _decide(site, "unit", request_id, decided_on="2026-06-05", opinion="单位同意")
    assert refused.status_code == 422, refused.text
    assert _beside_the_leader(refused.text) == "新领衔人：钱工匠在人员信息中为离职，不能担任领衔人"
    assert "单位同意" in refused.text  # what was typed is kept
    assert 'value="2026-06-05"' in refused.text
    assert _status(site, request_id) is ChangeRequestStatus.PENDING_UNIT
