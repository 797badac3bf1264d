"""On a leader event's proofs page, on both backends: the unit's and the district's unions are
offered 「据此报送管理变更申请（附件3）」 where they stand, as beside the event on the title's
page — then the request in hand once one is filed; not to a reader who files none (finance,
city), nor on a title whose scheme has no 附件3 (Yangpu) [C 三（六）][S9]."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.changes.model import ChangeMeasure, ChangeReason
from lifecycle.changes.service import FileChangeRequest, file_change_request
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site

LINK = "据此报送管理变更申请（附件3）"


def _event(site: Site, scheme: str) -> tuple[int, int]:
    """A title of ``scheme`` whose leader left on 2026-06-01 (recorded): (title, event)."""
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=scheme)
        left = RecordLeaderEvent(
            d.workshop_id, LeaderEventKind.DEPARTURE, date(2026, 6, 1), "单位工会书面报告", None
        )
        event = record_leader_event(
            u, left, actor=f.unit_contact(u, d), as_of=f.AS_OF, scope=EVERYTHING
        )
        u.commit()
        return d.id, event.id


def test_the_proofs_page_offers_the_change_request_to_those_who_file(site: Site) -> None:
    d_id, event_id = _event(site, "shanghai-craftsman")
    url = f"/designations/{d_id}/leader/events/{event_id}/proofs"
    form = f"/designations/{d_id}/changes/new?event={event_id}"
    for who in ("unit", "district"):
        page = site.login(who).get(url)
        assert page.status_code == 200, page.text
        assert f'<a href="{form}">{LINK}</a>' in page.text
    for who in ("finance", "city"):
        assert LINK not in site.login(who).get(url).text
    unit = site.login("unit")
    opened = unit.get(form)
    assert opened.status_code == 200
    chosen = opened.text.split('name="leader_event_id"', 1)[1].split("</select>", 1)[0]
    assert re.search(rf'<option value="{event_id}"[^>]*selected', chosen)  # the event cited
    with site.uow() as u:
        d = u.designations.get(d_id, scope=EVERYTHING)
        assert d is not None
        filed = FileChangeRequest(
            d.id, site.tree.unit.id, ChangeReason.LEFT, "领衔工匠调往外省",
            ChangeMeasure.EXIT_KEEPING_TITLE, date(2026, 6, 5), "单位工会赵主席",
            leader_event_id=event_id,
        )  # fmt: skip
        request = file_change_request(u, filed, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        request_id = request.id
    after = unit.get(url).text
    assert LINK not in after
    assert f'<a href="/changes/{request_id}">管理变更申请第{request_id}号办理中</a>' in after


def test_a_yangpu_leaders_proofs_page_offers_no_change_request(site: Site) -> None:
    d_id, event_id = _event(site, "yangpu-district")
    page = site.login("unit").get(f"/designations/{d_id}/leader/events/{event_id}/proofs")
    assert page.status_code == 200, page.text
    assert "附件3）</a>" not in page.text
    assert 'id="change-request"' not in page.text
