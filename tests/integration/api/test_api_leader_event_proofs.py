"""The proof of a leader event (死亡证明、离职证明…) over the JSON API on both backends: kept by
the unit's own union or the overseeing district union, listed with the event, downloaded
inside the reader's scope only; anyone else is refused and a bad file is refused whole, nothing
written [S9][C 三（六）][Y13] (RULES.md reading 46)."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import PDF, Api


def _proof(api: Api, role: Role, event_id: int, name: str, data: bytes) -> Any:
    return api.client.post(
        f"/api/v1/leader-events/{event_id}/proofs",
        data={"description": "医院出具"},
        files={"file": (name, data, "application/octet-stream")},
        headers=api.callers[role].headers,
    )


def test_the_unit_keeps_the_death_certificate_and_the_district_reads_it(api: Api) -> None:
    with api.uow() as u:
        old = f.person(u, name="周工匠", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        shop_id = d.workshop_id
    unit = api.callers[Role.UNIT_CONTACT].headers
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "death", "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    assert event.json()["proofs"] == []
    event_id = event.json()["id"]

    before = api.writes()
    bad = _proof(api, Role.UNIT_CONTACT, event_id, "死亡证明.exe", b"MZ\x90\x00")
    assert bad.status_code == 422
    assert [p["field"] for p in bad.json()["error"]["problems"]] == ["file"]
    # The city neither is the unit's union nor oversees the title as its district union.
    city = _proof(api, Role.CITY_OFFICER, event_id, "死亡证明.pdf", PDF + b"c")
    assert city.status_code == 403, city.text
    assert "区局（产业）工会" in city.json()["error"]["message"]
    assert _proof(api, Role.FINANCE, event_id, "x.pdf", PDF + b"f").status_code == 403
    assert api.writes() == before

    kept = _proof(api, Role.UNIT_CONTACT, event_id, "死亡证明.pdf", PDF + b"death")
    assert kept.status_code == 201, kept.text
    body = kept.json()
    assert (body["filename"], body["description"], body["leader_event_id"]) == (
        "死亡证明.pdf",
        "医院出具",
        event_id,
    )
    district = api.callers[Role.DISTRICT_OFFICER].headers
    listed = api.client.get(f"/api/v1/workshops/{shop_id}/leader-events", headers=district)
    assert [p["id"] for p in listed.json()["items"][0]["proofs"]] == [body["id"]]
    got = api.client.get(f"/api/v1/leader-events/{event_id}/proofs/{body['id']}", headers=district)
    assert (got.status_code, got.content) == (200, PDF + b"death")
    assert got.headers["content-type"] == "application/pdf"
    # The district union adds its own proof too.
    assert _proof(api, Role.DISTRICT_OFFICER, event_id, "报告.pdf", PDF + b"d").status_code == 201


def test_another_district_finds_neither_the_event_nor_its_proof(api: Api) -> None:
    event_id, proof_id = api.own.leader_event, api.own.event_proof
    other = api.other.leader_event
    for role in (Role.UNIT_CONTACT, Role.DISTRICT_OFFICER):
        headers = api.callers[role].headers
        hidden = api.client.get(
            f"/api/v1/leader-events/{other}/proofs/{api.other.event_proof}", headers=headers
        )
        assert hidden.status_code == 404
        crossing = _proof(api, role, other, "x.pdf", PDF + b"o")
        assert crossing.status_code == 404
        # A proof is only found under its own event.
        wrong = api.client.get(
            f"/api/v1/leader-events/{event_id}/proofs/{api.other.event_proof}", headers=headers
        )
        assert wrong.status_code == 404
    own = api.client.get(
        f"/api/v1/leader-events/{event_id}/proofs/{proof_id}",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert own.status_code == 200
