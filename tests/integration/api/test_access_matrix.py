"""Every API route × every role × (own subtree, other district): nothing crosses a district.

Routes are enumerated from the app, so a new route without an entry in the access registry fails.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from api.v1.access import RULES, Reach
from lifecycle.accounts.permissions import role_can
from lifecycle.funding.audit import ResolveFinding, resolve_finding
from lifecycle.funding.refunds import Refund
from lifecycle.funding.vocab import ResolutionOutcome
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.factories import AS_OF, finance_of
from tests.integration.api.access_bodies import BODIES, CALLER_BODIES, LISTED, QUERIES
from tests.integration.api.conftest import Api, Caller, World

CITY_WIDE = {Role.ADMIN, Role.CITY_OFFICER}

PARAM = re.compile(r"\{(\w+)\}")


def api_routes(api: Api) -> list[str]:
    """Every method + path under /api/ the app serves."""
    keys = []
    for context in iter_route_contexts(api.client.app.routes):  # type: ignore[attr-defined]
        if context.path.startswith("/api/"):
            keys += [f"{m} {context.path}" for m in sorted(context.methods or ())]
    return keys


def _ids(world: World, caller: Caller, api: Api, other: bool) -> dict[str, int]:
    if other:
        victim = next(c for r, c in api.callers.items() if r != caller.role)
        token_id = victim.spare_token_id
    else:
        token_id = caller.spare_token_id
    return {
        "union_id": world.unit,
        "person_id": world.person,
        "workshop_id": world.workshop,
        "designation_id": world.designation,
        "inspection_id": world.inspection,
        "notice_id": world.notice,
        "file_id": world.file,
        "filing_id": world.filing,
        "user_id": world.user,
        "token_id": token_id,
        "request_id": world.change_request,
        "attachment_id": world.change_attachment,
        "finding_id": world.finding,
        "message_id": world.message,
        "contact_id": world.contact,
        "grant_id": world.grant,
        "expenditure_id": _expenditure_of(api, world),
        "refund_id": _refund_of(api, world),
        "member_id": _member_of(api, world),
        "application_id": world.application,
        "code": "yangpu-district",
        "event_id": world.leader_event,
        "proof_id": world.event_proof,
        "report_id": world.report,
        "call_id": world.call,
        "intake_id": world.intake,
        "batch_id": world.batch,
        "selection_id": world.craftsman_selection,
        "craftsman_application_id": world.craftsman_application,
    }


def _expenditure_of(api: Api, world: World) -> int:
    """The world's first expenditure (the travel behind its finding)."""
    with api.uow() as u:
        return min(e.id for e in u.funding.expenditures_of(world.designation))


def _refund_of(api: Api, world: World) -> int:
    """The refund answering the world's finding, recorded once (``_refund_findings``)."""
    with api.uow() as u:
        refund = u.funding.refund_of(world.finding)
        assert refund is not None
        return refund.id


def _refund_findings(api: Api) -> None:
    """Each world's finding resolved 已退回 with a refund, for the refund routes to act on."""
    for world in (api.own, api.other):
        cmd = ResolveFinding(
            world.finding, ResolutionOutcome.REFUNDED, "矩阵退回", date(2026, 11, 21),
            Refund("100.00", date(2026, 11, 20), "矩阵凭证"),
        )  # fmt: skip
        with api.uow() as u:
            resolve_finding(u, cmd, actor=finance_of(world.district), as_of=AS_OF, scope=EVERYTHING)
            u.commit()


def _member_of(api: Api, world: World) -> int:
    """The first member of the world's workshop."""
    with api.uow() as u:
        return min(m.id for m in u.listings.members(world.workshop, EVERYTHING).items)


def _call(api: Api, key: str, caller: Caller, world: World, other: bool) -> Any:
    method, template = key.split(" ", 1)
    ids = _ids(world, caller, api, other)
    if key.startswith("GET /api/v1/intake/"):
        ids["attachment_id"] = world.intake_attachment
    path = PARAM.sub(lambda m: str(ids[m.group(1)]), template)
    if key in CALLER_BODIES:
        kwargs = CALLER_BODIES[key](api, caller)
    else:
        kwargs = BODIES[key](world) if key in BODIES else {}
    headers = {**caller.headers, **kwargs.pop("headers", {})}
    params = QUERIES[key](world) if key in QUERIES else None
    return api.client.request(method, path, headers=headers, params=params, **kwargs)


def _crosses(caller: Caller, key: str, other: bool) -> bool:
    """Whether the target lies outside what the caller may touch."""
    if not other or RULES[key].reach in (Reach.SHARED, Reach.PUBLIC):
        return False
    if RULES[key].reach == Reach.OWN:
        return "{token_id}" in key and caller.role != Role.ADMIN
    return caller.role not in CITY_WIDE


def test_every_route_has_an_access_rule(api: Api) -> None:
    routes = set(api_routes(api))
    assert routes, "no API routes found"
    missing = routes - set(RULES)
    assert not missing, f"routes without an access rule: {sorted(missing)}"
    stale = set(RULES) - routes
    assert not stale, f"access rules for routes that do not exist: {sorted(stale)}"


# The routes are tried in parts, each in a transaction of its own: one transaction over every
# route holds a lock per table, index and writing savepoint until its end, past what
# PostgreSQL's lock table holds at its default max_locks_per_transaction (64).
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_no_route_crosses_a_district_for_any_role(api: Api, part: int) -> None:
    _refund_findings(api)
    failures: list[str] = []
    for key in api_routes(api)[part::PARTS]:
        rule = RULES[key]
        for role, caller in api.callers.items():
            for other in (False, True):
                world = api.other if other else api.own
                before = api.writes()
                response = _call(api, key, caller, world, other)
                after = api.writes()
                where = f"{key} as {role} on {'other' if other else 'own'}: {response.status_code}"
                if response.status_code >= 500:
                    failures.append(f"{where} server error")
                    continue
                if not rule.admits(partial(role_can, role)):
                    if response.status_code != 403 or after != before:
                        failures.append(f"{where} expected 403 and nothing written")
                    continue
                if _crosses(caller, key, other):
                    if key in LISTED:
                        leaked = _leaks(response.json(), world, LISTED[key])
                        if leaked:
                            failures.append(f"{where} listed the other district's {leaked}")
                    elif after != before or not (
                        response.status_code in (403, 404) or _unseen_reference(response, key)
                    ):
                        failures.append(f"{where} crossed the district (wrote: {after != before})")
                elif response.status_code in (401, 403, 404) and not _authority(response):
                    failures.append(f"{where} refused inside the caller's own scope")
    assert not failures, "\n".join(failures)


# Body fields naming a record the caller must see: one outside the caller's subtree is refused
# as a missing one beside its field (422 ``not_found``), as the services refuse every body
# reference in this API (RULES.md, helpers pages64, refs65 and intakefix66); a list's element is
# named by its index (``application_ids.0``).
REFERENCE_FIELDS = {
    "POST /api/v1/unions": {"parent_id"},
    "POST /api/v1/users": {"union_id"},
    "PATCH /api/v1/users/{user_id}": {"union_id"},
    "POST /api/v1/persons": {"union_id"},
    "POST /api/v1/workshops": {"unit_union_id", "leader_person_id"},
    "POST /api/v1/workshops/{workshop_id}/members": {"person_id"},
    "POST /api/v1/workshops/{workshop_id}/ledger/member-developments": {"person_id"},
    "POST /api/v1/designations/existing": {"workshop_id", "recommended_from_id"},
    "POST /api/v1/designations/{designation_id}/leader-change": {"new_leader_person_id"},
    "POST /api/v1/designations/{designation_id}/change-requests": {
        "new_leader_person_id",
        "leader_event_id",
    },
    "POST /api/v1/change-requests/{request_id}/resubmit": {"new_leader_person_id"},
    "POST /api/v1/designations/{designation_id}/grants": {"achievement_id"},
    "POST /api/v1/designations/{designation_id}/excellence-applications": {"achievement_id"},
    "POST /api/v1/craftsman-selections/{selection_id}/local-selections": {"union_id"},
    "POST /api/v1/craftsman-selections/{selection_id}/applications": {"person_id"},
    "POST /api/v1/craftsman-selections/false-declarations": {"person_id", "unit_union_id"},
    "POST /api/v1/bulk/inspections": {"designation_ids"},
    "POST /api/v1/bulk/reminders": {"designation_ids"},
    "POST /api/v1/bulk/export": {"designation_ids"},
    "POST /api/v1/intake/calls": {"naming_union_id"},
    "POST /api/v1/intake/calls/{call_id}/applications": {"workshop_id", "recommender_union_id"},
    "POST /api/v1/intake/calls/{call_id}/naming": {"application_ids"},
}


def _unseen_reference(response: Any, key: str) -> bool:
    """A 422 ``not_found`` beside a field of the body that names a record (``REFERENCE_FIELDS``)."""
    if response.status_code != 422:
        return False
    error = response.json()["error"]
    field = re.sub(r"\.\d+$", "", error["field"] or "")  # ``application_ids.0``: the list's
    return error["code"] == "not_found" and field in REFERENCE_FIELDS.get(key, set())


def _authority(response: Any) -> bool:
    """A refusal by the regulation's authority (another union's decision or step: 403
    ``not_your_step`` on 附件3 and intake since polish63), not by scope or role."""
    return response.status_code == 403 and response.json()["error"]["code"] in (
        "not_authorised",
        "no_such_step",
        "not_your_step",
    )


def _leaks(body: Any, world: World, kinds: tuple[str, ...]) -> list[int]:
    items = body["items"] if isinstance(body, dict) else body
    theirs = {getattr(world, k) for k in kinds}
    return [item["id"] for item in items if item["id"] in theirs]
