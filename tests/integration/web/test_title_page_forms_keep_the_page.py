"""Every form reached from a title's page (``/designations/{id}``) — a 台账 entry, the yearly
filing, a 考核 step, 逾期撤牌确认, a change request (附件3), scheduling an inspection, a leader
event's proofs — keeps the pages of the title page's lists the user was on: its links back, a
refused form's address and, done, the browser's way back to the title page, at the form's own
section (before: the first page of every list). The previous round did so for the leader forms
(test_done_forms_keep_the_page.py)."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_flow_pages import _failed_yangpu

PDF = b"%PDF-1.4\n% kept pages\n"
KEPT = "?occasions_page=2"  # one list's page: the addresses carry no &amp; to unescape
TWO = "?occasions_page=2&events_page=3"


def _to(html: str, path: str) -> bool:
    """Whether ``html`` links to ``path`` (a query's ``&`` escaped as the page writes it)."""
    return f'href="{path.replace("&", "&amp;")}"' in html


def test_a_ledger_entry_and_a_filing_come_back_to_the_title_pages_lists(site: Site) -> None:
    d = site.designation.id
    unit = site.login("unit")
    title = unit.get(f"/designations/{d}{TWO}").text
    assert _to(title, f"/designations/{d}/ledger/activity/new{TWO}")
    assert _to(title, f"/designations/{d}/filings/new{TWO}")
    form = unit.get(f"/designations/{d}/ledger/activity/new{KEPT}").text
    action = f"/designations/{d}/ledger/activity{KEPT}"
    assert f'action="{action}"' in form
    assert _to(form, f"/designations/{d}{KEPT}#ledgers")  # 取消
    data = {"csrf_token": csrf_of(form, action), "held_on": "2026-05-10", "title": "技能比武"}
    refused = unit.post(action, data={**data, "held_on": "2026-05-40"})
    assert refused.status_code == 422
    assert f'action="{action}"' in refused.text  # a refused form keeps the pages too
    done = unit.post(action, data=data)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/designations/{d}{KEPT}#ledgers"

    form = unit.get(f"/designations/{d}/filings/new{KEPT}").text
    action = f"/designations/{d}/filings{KEPT}"
    assert f'action="{action}"' in form
    assert _to(form, f"/designations/{d}{KEPT}#filings")  # 返回命名记录 and 取消
    filed = unit.post(
        action,
        data={"csrf_token": csrf_of(form, action), "kind": "self_check", "year": "2026",
              "filed_on": "2026-11-20", "note": ""},
        files={"upload": ("2026年度自查报告.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert filed.status_code == 303, filed.text
    assert filed.headers["location"] == f"/designations/{d}{KEPT}#filings"
    # From the first pages: the first pages, as before.
    first = unit.get(f"/designations/{d}/ledger/project/new").text
    assert f'action="/designations/{d}/ledger/project"' in first


def test_a_step_of_the_years_assessment_comes_back_to_the_title_pages_lists(site: Site) -> None:
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5),
            shop=f.workshop(u, site.tree),
        ).id  # fmt: skip
        u.commit()
    unit = site.login("unit")
    title = unit.get(f"/designations/{d}{KEPT}").text
    assert _to(title, f"/designations/{d}/assessments/new{KEPT}")
    page = unit.get(f"/designations/{d}/assessments/new?year=2026&occasions_page=2").text
    assert _to(page, f"/designations/{d}/assessments/new?year=2026&occasions_page=2")  # 年 links
    assert _to(page, f"/designations/{d}{KEPT}#assessments")  # 取消
    action = f"/designations/{d}/assessments{KEPT}"
    version = re.search(r'name="expected_version" value="(\d*)"', page)
    data = {"csrf_token": csrf_of(page, action), "year": "2026", "step": "unit",
            "passed": "yes", "decided_on": "2026-11-20", "signer": "赵主席",
            "opinion": "按第三条逐项考核，符合基本条件",
            "expected_version": version.group(1) if version else ""}  # fmt: skip
    done = unit.post(action, data=data)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/designations/{d}{KEPT}#assessments"


def test_a_revocation_confirmed_from_the_title_page_comes_back_to_its_lists(site: Site) -> None:
    notice_id = _failed_yangpu(site)
    d = site.designation.id
    district = site.login("district")
    title = district.get(f"/designations/{d}{KEPT}").text
    url = f"/notices/{notice_id}/revocation{KEPT}"
    assert _to(title, url)
    page = district.get(url).text
    assert f'action="{url}"' in page
    assert _to(page, f"/designations/{d}{KEPT}#notices")  # 取消
    data = {"csrf_token": csrf_of(page, url), "decided_on": "2026-11-20",
            "decision_ref": "杨工〔2026〕20号"}  # fmt: skip
    done = district.post(url, data=data)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/designations/{d}{KEPT}#notices"


def test_scheduling_an_inspection_keeps_the_title_pages_lists_on_its_way_back(
    site: Site,
) -> None:
    d = site.designation.id
    district = site.login("district")
    title = district.get(f"/designations/{d}{KEPT}").text
    assert _to(title, f"/designations/{d}/inspections/new{KEPT}")
    page = district.get(f"/designations/{d}/inspections/new{KEPT}").text
    assert f'action="/designations/{d}/inspections{KEPT}"' in page
    assert _to(page, f"/designations/{d}{KEPT}#inspections")  # 返回命名记录 and 取消


def _event(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        left = RecordLeaderEvent(
            d.workshop_id, LeaderEventKind.DEPARTURE, date(2026, 6, 1), "单位工会书面报告", None
        )
        event = record_leader_event(
            u, left, actor=f.unit_contact(u, d), as_of=f.AS_OF, scope=EVERYTHING
        )
        u.commit()
        return d.id, event.id


def test_a_leader_events_proofs_and_its_change_request_keep_the_events_page(site: Site) -> None:
    d, event_id = _event(site)
    unit = site.login("unit")
    kept = "?events_page=2"
    title = unit.get(f"/designations/{d}{kept}").text
    proofs = f"/designations/{d}/leader/events/{event_id}/proofs{kept}"
    new = f"/designations/{d}/changes/new?event={event_id}&events_page=2"
    assert _to(title, proofs)
    assert _to(title, new)
    page = unit.get(proofs).text
    assert _to(page, f"/designations/{d}{kept}#leader-events")  # the link back to the title
    assert _to(page, new)
    assert f'action="{proofs}"' in page
    sent = unit.post(
        proofs,
        data={"csrf_token": csrf_of(page, proofs), "description": "离职证明"},
        files={"file": ("离职证明.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == proofs

    form = unit.get(new).text
    action = f"/designations/{d}/changes{kept}"
    assert f'action="{action}"' in form
    assert _to(form, f"/designations/{d}{kept}#changes")  # 返回命名记录
    typed = {"csrf_token": csrf_of(form, action), "reason": "left",
             "reason_details": "领衔工匠调往外省", "measure": "exit_keeping_title",
             "leader_event_id": str(event_id), "filed_on": "2026-11-04",
             "filed_by": "单位工会赵主席"}  # fmt: skip
    filed = unit.post(action, data=typed)
    assert filed.status_code == 303, filed.text
    location = filed.headers["location"]
    assert re.fullmatch(rf"/changes/\d+\{kept}", location), location
    request = unit.get(location).text
    assert _to(request, f"/designations/{d}{kept}#changes")  # the request's link to its title
