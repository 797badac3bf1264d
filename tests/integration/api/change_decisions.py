"""A 附件3 approved at each step over the API, the city's with its 文号 (摘牌 decided): the walk
the 考核 tests take to end a title's change request."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

DECISION = {"decision": "approve", "signer": "签署人", "opinion": "同意"}


def approved_through_the_city(api: Api, request_id: int) -> None:
    for role, step, on, extra in (
        (Role.UNIT_CONTACT, "unit", "2026-11-04", {}),
        (Role.DISTRICT_OFFICER, "district", "2026-11-05", {}),
        (Role.CITY_OFFICER, "city", "2026-11-06", {"decision_ref": "沪工总〔2026〕8号"}),
    ):
        done = api.client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={**DECISION, "decided_on": on, **extra},
            headers=api.callers[role].headers,
        )
        assert done.status_code == 200, done.text
