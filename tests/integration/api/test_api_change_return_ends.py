"""API: a 附件3 request's return fields describe the return it waits on, as its page does [C]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _decide(
    api: Api, step: str, role: Role, decision: str, opinion: str, on: str = "2026-11-10"
) -> dict[str, object]:
    done = api.client.post(
        f"/api/v1/change-requests/{api.own.change_request}/{step}",
        json={"decision": decision, "decided_on": on, "signer": "王", "opinion": opinion},
        headers=api.callers[role].headers,
    )
    assert done.status_code == 200, done.text
    body: dict[str, object] = done.json()
    return body


def test_a_resubmitted_request_no_longer_reads_as_returned_but_its_steps_keep_the_return(
    api: Api,
) -> None:
    """Before: after the resubmission the API still gave the district's return step and reasons
    on a request waiting for the unit union's opinion again (its page showed none)."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/change-requests/{api.own.change_request}"
    _decide(api, "unit", Role.UNIT_CONTACT, "approve", "同意")
    back = _decide(api, "district", Role.DISTRICT_OFFICER, "send_back", "请补充退休证明")
    assert (back["status"], back["returned_step"], back["returned_reason"]) == (
        "returned",
        "district",
        "请补充退休证明",
    )
    amended = {
        "resubmitted_on": "2026-11-12",
        "signer": "赵主席",
        "reason": "retired",
        "reason_details": "领衔人已退休，附退休证明",
        "measure": "exit_keeping_title",
    }
    again = api.client.post(f"{path}/resubmit", json=amended, headers=unit)
    assert again.status_code == 200, again.text
    for shown in (again.json(), api.client.get(path, headers=unit).json()):
        assert (shown["status"], shown["round"]) == ("pending_unit", 2)
        assert (shown["returned_step"], shown["returned_reason"]) == (None, None)
        assert (shown["unit_on"], shown["district_on"]) == (None, None)
    designation = again.json()["designation_id"]
    listed = api.client.get(f"/api/v1/designations/{designation}/change-requests", headers=unit)
    (row,) = [r for r in listed.json()["items"] if r["id"] == api.own.change_request]
    assert row["returned_reason"] is None
    steps = api.client.get(f"{path}/steps", headers=unit).json()
    assert [(s["action"], s["opinion"]) for s in steps][-2:] == [
        ("sent_back", "请补充退休证明"),
        ("resubmitted", "按退回意见修改后重新提交"),
    ]
    # Returned again and withdrawn: the withdrawn request is not shown as returned either.
    _decide(api, "unit", Role.UNIT_CONTACT, "approve", "同意", "2026-11-12")
    _decide(api, "district", Role.DISTRICT_OFFICER, "send_back", "仍缺退休证明", "2026-11-12")
    gone = api.client.post(
        f"{path}/withdraw",
        json={"withdrawn_on": "2026-11-13", "signer": "赵主席", "reason": "不再变更"},
        headers=unit,
    )
    assert gone.status_code == 200, gone.text
    assert (gone.json()["status"], gone.json()["returned_reason"]) == ("withdrawn", None)
