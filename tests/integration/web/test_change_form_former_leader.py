"""The 附件3 filing page on both backends: after a leader change, the former leader's events are
neither offered in 领衔人情况 nor filled in from ``?event=`` — a request about the current leader
does not report what befell the former one [C 三（六）]."""

from __future__ import annotations

from datetime import date

from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, apply_leader_change, record_leader_event
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def test_the_former_leaders_event_is_not_offered_on_the_filing_page(site: Site) -> None:
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        new = f.person(u, name="吴新匠", honours=CRAFTSMAN, union_id=site.tree.unit.id)
        actor = f.unit_contact(u, d)
        death = RecordLeaderEvent(
            d.workshop_id, LeaderEventKind.DEATH, date(2026, 6, 1), "单位工会书面报告", None
        )
        former = record_leader_event(u, death, actor=actor, as_of=f.AS_OF, scope=EVERYTHING)
        apply_leader_change(
            u, d, new, effective_on=date(2026, 6, 20), reason="市总工会审定", document_ref=None,
            change_request_id=None, actor=actor, recorded_on=f.AS_OF,
        )  # fmt: skip
        retired = RecordLeaderEvent(
            d.workshop_id, LeaderEventKind.RETIREMENT, date(2026, 10, 8), "单位工会书面报告", None
        )
        current = record_leader_event(u, retired, actor=actor, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        d_id, former_id, current_id = d.id, former.id, current.id
    browser = site.login("unit")

    page = browser.get(f"/designations/{d_id}/changes/new?event={former_id}")
    assert page.status_code == 200, page.text
    assert f'<option value="{former_id}"' not in page.text
    assert f'<option value="{current_id}"' in page.text
    assert "周工匠于2026年6月1日已故" not in page.text

    page = browser.get(f"/designations/{d_id}/changes/new?event={current_id}")
    assert f'<option value="{current_id}" selected>' in page.text
    assert "领衔人吴新匠于2026年10月8日退休（单位工会书面报告）" in page.text
