"""A deleted row's id is never given again (SQLite as PostgreSQL): a withdrawn inspection's or a
removed contact's audit entries never show up in the 修改记录 of the record made after it."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import PDF, Api


def _headers(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _schedule(api: Api, designation_id: int, cycle_no: int) -> Any:
    body = {"kind": "cycle_end", "scheduled_on": "2026-11-25", "place": "现场", "inspectors": "王"}
    answer = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections",
        json={**body, "cycle_no": cycle_no},
        headers=_headers(api, Role.DISTRICT_OFFICER),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def _evidence(api: Api, inspection_id: int, content: bytes) -> int:
    answer = api.client.post(
        f"/api/v1/inspections/{inspection_id}/evidence",
        data={"criterion_code": "venue"},
        files={"file": ("证据.pdf", PDF + content, "application/pdf")},
        headers=_headers(api, Role.DISTRICT_OFFICER),
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _audit(api: Api, path: str) -> list[dict[str, Any]]:
    answer = api.client.get(f"{path}/audit", headers=_headers(api, Role.DISTRICT_OFFICER))
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def test_an_inspection_scheduled_after_a_withdrawn_one_has_its_own_id_and_history(
    api: Api,
) -> None:
    # Named 2017-10-16: cycles 2 and 3 have ended uninspected, so either may be inspected now
    # (a cycle only at its end [Y12], reading D5); the newest inspection is made here.
    with api.uow() as u:
        designation_id = f.named_designation(
            u,
            api.tree,
            scheme="yangpu-district",
            naming_date=date(2017, 10, 16),
            shop=f.workshop(u, api.tree, founded_on=date(2016, 1, 1)),
        ).id
        u.commit()
    wrong = _schedule(api, designation_id, cycle_no=3)
    wrong_evidence = _evidence(api, wrong["id"], b"% first")
    withdrawn = api.client.post(
        f"/api/v1/inspections/{wrong['id']}/withdrawal",
        json={"reason": "周期选错", "expected_version": wrong["version"]},
        headers=_headers(api, Role.DISTRICT_OFFICER),
    )
    assert withdrawn.status_code == 204, withdrawn.text

    right = _schedule(api, designation_id, cycle_no=2)
    assert right["id"] != wrong["id"]
    assert _evidence(api, right["id"], b"% second") != wrong_evidence
    entries = _audit(api, f"/api/v1/inspections/{right['id']}")
    assert [(e["action"], e["entity_id"]) for e in entries] == [("insert", str(right["id"]))]
    assert entries[0]["after"]["cycle_no"] == 2
    # The withdrawn one's id answers 404, as a record that is gone.
    gone = api.client.get(
        f"/api/v1/inspections/{wrong['id']}/audit", headers=_headers(api, Role.DISTRICT_OFFICER)
    )
    assert gone.status_code == 404


def test_a_contact_added_after_a_removed_one_has_its_own_id_and_history(api: Api) -> None:
    admin = _headers(api, Role.ADMIN)
    contacts = f"/api/v1/unions/{api.own.unit}/contacts"
    sent = {"name": "钱干事", "email": "qian@unit.example.cn", "role": "officer"}
    first = api.client.post(contacts, headers=admin, json=sent)
    assert first.status_code == 201, first.text
    removed = api.client.delete(f"{contacts}/{first.json()['id']}", headers=admin)
    assert removed.status_code == 200, removed.text

    again = api.client.post(
        contacts, headers=admin, json={**sent, "name": "孙干事", "email": "sun@unit.example.cn"}
    )
    assert again.status_code == 201, again.text
    contact = again.json()["id"]
    assert contact != first.json()["id"]
    entries = _audit(api, f"{contacts}/{contact}")
    assert [(e["action"], e["after"]["name"]) for e in entries] == [("insert", "孙干事")]
    # The removed one keeps its own history, and only its own: added and removed, never 孙干事.
    removed_entries = _audit(api, f"{contacts}/{first.json()['id']}")
    assert sorted(e["action"] for e in removed_entries) == ["delete", "insert"]
    assert all("孙干事" not in str(e) for e in removed_entries)
