"""The funding ledger's write routes look the record up in the caller's scope before reading the
body: a caller outside the title's union subtree gets the same 404 whatever it sends — a valid
body, one the schema refuses, or none — and nothing is written. Before, a body the schema refused
was answered 422 first, telling an outsider that the route and its record exist (tester)."""

from __future__ import annotations

import re

from api.v1.access import RULES
from lifecycle.accounts.permissions import role_can
from tests.integration.api.access_bodies import BODIES
from tests.integration.api.conftest import Api
from tests.integration.api.test_access_matrix import (
    _expenditure_of,
    _refund_findings,
    _refund_of,
)

LEDGER_WRITES = (
    "POST /api/v1/designations/{designation_id}/grants",
    "POST /api/v1/grants/{grant_id}/correction",
    "POST /api/v1/grants/{grant_id}/void",
    "POST /api/v1/grants/{grant_id}/payment",
    "POST /api/v1/designations/{designation_id}/excellence-applications",
    "POST /api/v1/excellence-applications/{application_id}/decision",
    "POST /api/v1/designations/{designation_id}/expenditures",
    "POST /api/v1/designations/{designation_id}/expenditures/import",
    "POST /api/v1/unions/{union_id}/expenditures/import",
    "POST /api/v1/expenditures/{expenditure_id}/correction",
    "POST /api/v1/expenditures/{expenditure_id}/void",
    "POST /api/v1/findings/{finding_id}/resolution",
    "POST /api/v1/refunds/{refund_id}/correction",
    "POST /api/v1/refunds/{refund_id}/void",
)
# Refused by the schema of every one of them: a field of the wrong type, nothing required.
INVALID = {"json": {"amount_yuan": ["x"], "reason": 7, "decided_on": "不是日期"}}


def test_an_outsider_gets_the_same_404_whatever_the_body_on_every_ledger_write(api: Api) -> None:
    _refund_findings(api)
    other = api.other
    ids = {
        "designation_id": other.designation,
        "union_id": other.unit,
        "grant_id": other.grant,
        "application_id": other.application,
        "finding_id": other.finding,
        "expenditure_id": _expenditure_of(api, other),
        "refund_id": _refund_of(api, other),
    }
    before = api.writes()
    for route in LEDGER_WRITES:
        method, template = route.split(" ", 1)
        (name,) = re.findall(r"\{(\w+)\}", template)
        url = template.format(**ids)
        # One caller of the district that may take this step on its own titles.
        caller = next(c for r, c in api.callers.items() if RULES[route].admits(
            lambda p, r=r: role_can(r, p)
        ))  # fmt: skip
        answers = [
            api.client.request(method, url, headers=caller.headers, **body)
            for body in (BODIES[route](other), INVALID, {})
        ]
        assert [a.status_code for a in answers] == [404, 404, 404], (route, answers[1].text)
        valid, invalid, empty = (a.json() for a in answers)
        assert valid == invalid == empty, route
        assert valid["error"]["field"] == name, route
        assert "不存在或不在可见范围内" in valid["error"]["message"], route
    assert api.writes() == before


def test_a_caller_inside_the_subtree_still_hears_what_is_wrong_with_its_body(api: Api) -> None:
    route = "POST /api/v1/designations/{designation_id}/expenditures"
    caller = next(c for r, c in api.callers.items() if RULES[route].admits(
        lambda p, r=r: role_can(r, p)
    ))  # fmt: skip
    url = route.split(" ", 1)[1].format(designation_id=api.own.designation)
    before = api.writes()
    refused = api.client.post(url, headers=caller.headers, **INVALID)
    assert refused.status_code == 422
    fields = {p["field"] for p in refused.json()["error"]["problems"]}
    assert "amount_yuan" in fields
    assert api.writes() == before


def test_a_body_that_is_not_json_is_answered_alike_inside_outside_and_for_no_record(
    api: Api,
) -> None:
    """A body that does not parse is refused 422 ``json_invalid`` by FastAPI before any
    dependency runs (reading 61c's stated exception): the same answer for a title in the
    caller's subtree, another district's and one that does not exist, and for a role that may
    not take the step, so it tells nobody that a record exists (helper polish67)."""
    route = "POST /api/v1/designations/{designation_id}/grants"
    template = route.split(" ", 1)[1]
    finance = next(c for r, c in api.callers.items() if RULES[route].admits(
        lambda p, r=r: role_can(r, p)
    ))  # fmt: skip
    outsider = next(c for r, c in api.callers.items() if not RULES[route].admits(
        lambda p, r=r: role_can(r, p)
    ))  # fmt: skip
    broken = {"content": b"amount_yuan=10000", "headers": {"content-type": "application/json"}}
    before = api.writes()
    answers = [
        api.client.post(
            template.format(designation_id=target),
            content=broken["content"],
            headers={**caller.headers, **broken["headers"]},
        )
        for caller in (finance, outsider)
        for target in (api.own.designation, api.other.designation, 2_000_000_000)
    ]
    assert {a.status_code for a in answers} == {422}
    bodies = [a.json() for a in answers]
    assert all(b == bodies[0] for b in bodies)
    assert bodies[0]["error"]["problems"][0]["code"] == "json_invalid"
    assert api.writes() == before
