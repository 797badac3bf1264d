"""A change request (附件3) reached from a title's page keeps the pages of the title page's lists
on its own forms too: the upload, the step's decision, 撤回 — their addresses, their links back
and, done, the way back to the request (before: the step forms posted to bare addresses and the
lists came back at their first pages; the filing form already kept them)."""

from __future__ import annotations

import re

from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_title_page_forms_keep_the_page import PDF, _event, _to

KEPT = "?events_page=2"


def test_the_requests_step_forms_keep_the_title_pages_lists(site: Site) -> None:
    d, event_id = _event(site)
    unit = site.login("unit")
    new = f"/designations/{d}/changes/new?event={event_id}&events_page=2"
    action = f"/designations/{d}/changes{KEPT}"
    typed = {"csrf_token": csrf_of(unit.get(new).text, action), "reason": "left",
             "reason_details": "领衔工匠调往外省", "measure": "exit_keeping_title",
             "leader_event_id": str(event_id), "filed_on": "2026-11-04",
             "filed_by": "单位工会赵主席"}  # fmt: skip
    filed = unit.post(action, data=typed)
    assert filed.status_code == 303, filed.text
    request_url = filed.headers["location"]
    request_id = int(re.fullmatch(rf"/changes/(\d+)\{KEPT}", request_url)[1])  # type: ignore[index]
    page = unit.get(request_url).text
    base = f"/changes/{request_id}"
    upload, decision = f"{base}/attachments{KEPT}", f"{base}/decision{KEPT}"
    assert f'action="{upload}"' in page
    assert f'action="{decision}"' in page
    assert _to(page, f"{base}/withdraw{KEPT}")
    kind = re.search(r'name="kind"[^>]*>.*?<option value="([a-z_]+)"', page, re.S)
    assert kind is not None
    sent = unit.post(
        upload,
        data={"csrf_token": csrf_of(page, upload), "kind": kind[1], "description": "盖章附件3"},
        files={"file": ("附件3.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"{base}{KEPT}#attachments"
    withdraw = unit.get(f"{base}/withdraw{KEPT}").text
    assert f'action="{base}/withdraw{KEPT}"' in withdraw
    assert _to(withdraw, f"{base}{KEPT}")  # 返回申请
    assert _to(withdraw, f"/designations/{d}{KEPT}#changes")
    page = unit.get(request_url).text
    step = {"csrf_token": csrf_of(page, decision), "action": "approve", "signer": "单位工会赵主席",
            "decided_on": "2026-11-05", "opinion": "同意",
            "expected_version": re.search(r'name="expected_version" value="(\d+)"', page)[1],  # type: ignore[index]
            "step": "unit"}  # fmt: skip
    done = unit.post(decision, data=step)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{base}{KEPT}"
