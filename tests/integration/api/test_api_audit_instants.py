"""An audit entry's before/after snapshots write their instants as every ``*_at`` of the API is
written and the reference promises: in UTC, ending in ``Z``.

Before: the entry's own ``at`` read 「…T02:00:00Z」 but its snapshots' ``updated_at`` read
「…T02:00:00+00:00」, so an integrator comparing the two as text, or parsing with a strict
RFC 3339 ``Z`` pattern, met two forms in one answer."""

from __future__ import annotations

from datetime import datetime

from lifecycle.audit.model import AuditEntry
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _instants(snapshot: dict[str, object] | None) -> dict[str, object]:
    return {k: v for k, v in (snapshot or {}).items() if k.endswith("_at") and v is not None}


def test_a_snapshots_instants_end_in_z_as_the_entrys_own(api: Api) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"/api/v1/persons/{api.own.person}"
    corrected = api.client.patch(url, headers=headers, json={"name": "王建国", "reason": "更正"})
    assert corrected.status_code == 200, corrected.text
    entries = api.client.get(f"{url}/audit?limit=100", headers=headers).json()["items"]
    update = entries[-1]
    assert update["action"] == "update"
    assert update["at"].endswith("Z")
    moments = {**_instants(update["before"]), **_instants(update["after"])}
    moments |= {f"insert.{k}": v for e in entries for k, v in _instants(e["after"]).items()}
    assert moments, entries  # updated_at at least
    assert {k: v for k, v in moments.items() if not str(v).endswith("Z")} == {}
    for value in moments.values():
        assert datetime.fromisoformat(str(value)).utcoffset() is not None


def test_an_entry_written_before_says_z_too(api: Api) -> None:
    """The log is append-only: entries written before this release keep ``+00:00`` in the
    database, and the API answers them in the same form as new ones."""
    with api.uow() as u:
        u.session.add(
            AuditEntry(
                actor_name="系统",
                action="update",
                entity="persons",
                entity_id=str(api.own.person),
                before={"updated_at": "2026-03-10T02:00:00+00:00", "name": "+00:00"},
                after={"updated_at": "2026-03-11T02:00:00.123456+00:00", "born": "2026-03-11"},
            )
        )
        u.commit()
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"/api/v1/persons/{api.own.person}/audit?limit=100"
    last = api.client.get(url, headers=headers).json()["items"][-1]
    assert last["before"] == {"updated_at": "2026-03-10T02:00:00Z", "name": "+00:00"}
    assert last["after"] == {"updated_at": "2026-03-11T02:00:00.123456Z", "born": "2026-03-11"}
