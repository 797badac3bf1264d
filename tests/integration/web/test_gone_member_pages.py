"""On the workshop page, on both backends: a person recorded 已故 is not added as a member now,
refused beside 成员 naming who and since when, with what was typed kept and nothing written; the
team's members who have since left stay listed [Y2][Y3] 2 [L]."""

from __future__ import annotations

from datetime import date

from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def _team_and_the_dead(site: Site) -> tuple[int, int]:
    """A Yangpu team and 孙师傅, who led another title and is recorded dead on 2026-03-01."""
    with site.uow() as u:
        team = lf.titled(u, site.tree, scheme="yangpu-district")
        dead = f.person(u, name="孙师傅", union_id=site.tree.unit.id)
        led = lf.titled(u, site.tree, scheme="yangpu-district", leader=dead)
        death = RecordLeaderEvent(
            led.workshop_id, LeaderEventKind.DEATH, date(2026, 3, 1), "单位工会书面报告", None
        )
        record_leader_event(u, death, actor=f.unit_contact(u, led), as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        return team.workshop_id, dead.id


def test_someone_who_died_is_refused_as_a_new_member_beside_the_field(site: Site) -> None:
    shop_id, dead_id = _team_and_the_dead(site)
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop_id}").text
    action = f"/workshops/{shop_id}/members"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page, action), "person_id": str(dead_id),
              "joined_on": "2025-01-01", "role": "工艺攻关", "trade": "钳工"},
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    beside = refused.text.split('id="person_id-error">', 1)[1].split("</div>", 1)[0]
    assert beside == (
        "成员：孙师傅已于2026年3月1日去世，不能登记为现有成员；曾是工作室成员的，请填写其离开日期登记"
    )
    assert 'value="工艺攻关"' in refused.text  # what was typed is kept
    assert 'value="2025-01-01"' in refused.text
    with site.uow() as u:
        shop = u.workshops.get(shop_id, scope=EVERYTHING)
        assert shop is not None
        assert all(m.person_id != dead_id for m in shop.members)


def test_a_leaving_date_corrected_past_the_members_death_is_refused_beside_it(
    site: Site,
) -> None:
    shop_id, dead_id = _team_and_the_dead(site)
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop_id}").text
    action = f"/workshops/{shop_id}/members"
    added = unit.post(
        action,
        data={"csrf_token": csrf_of(page, action), "person_id": str(dead_id),
              "joined_on": "2025-01-01", "left_on": "2026-02-20"},
    )  # fmt: skip
    assert added.status_code == 303, added.text
    with site.uow() as u:
        shop = u.workshops.get(shop_id, scope=EVERYTHING)
        assert shop is not None
        member_id = next(m.id for m in shop.members if m.person_id == dead_id)
    page = unit.get(f"/workshops/{shop_id}").text
    action = f"/workshops/{shop_id}/leaving"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page, action), "member_id": f"c{member_id}",
              "leaving_on": "2026-04-01"},
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    beside = refused.text.split('id="leaving_on-error">', 1)[1].split("</div>", 1)[0]
    assert beside == "离开日期不能晚于孙师傅去世的日期（2026年3月1日）"
    assert 'value="2026-04-01"' in refused.text  # what was typed is kept
    with site.uow() as u:
        shop = u.workshops.get(shop_id, scope=EVERYTHING)
        assert shop is not None
        kept = next(m for m in shop.members if m.id == member_id)
        assert kept.left_on == date(2026, 2, 20)
