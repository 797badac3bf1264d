"""Property-based API test: ≥1,000 cases generated from the OpenAPI document, run in-process.

Every response must be a non-5xx that matches the schema the document declares for it.
"""

from __future__ import annotations

import os
from functools import partial
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.v1.access import RULES
from lifecycle.accounts.permissions import role_can
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

CASES_PER_OPERATION = int(os.environ.get("WORKSHOPS_SCHEMATHESIS_CASES", "24"))
MIN_CASES = 1000
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
# Whom to send each operation as: the first role that may perform it (so cases reach the rules).
PREFERENCE = (Role.DISTRICT_OFFICER, Role.UNIT_CONTACT, Role.FINANCE, Role.CITY_OFFICER, Role.ADMIN)


def _headers(api: Api, method: str, path: str) -> dict[str, str]:
    rule = RULES[f"{method} {path}"]
    role = next((r for r in PREFERENCE if rule.admits(partial(role_can, r))), Role.ADMIN)
    return api.callers[role].headers


def _real_ids(api: Api) -> dict[str, int]:
    own = api.own
    return {
        "union_id": own.unit,
        "person_id": own.person,
        "workshop_id": own.workshop,
        "designation_id": own.designation,
        "inspection_id": own.inspection,
        "notice_id": own.notice,
        "file_id": own.file,
        "user_id": own.user,
        "request_id": own.change_request,
        "finding_id": own.finding,
        "message_id": own.message,
        "contact_id": own.contact,
    }


def _without_lifespan(app: Any) -> Any:
    """The app as already started by the fixture: a second lifespan would open its own engine."""

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return asgi


def test_generated_cases_get_no_server_error_and_match_the_schema(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", _without_lifespan(api.client.app))
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1")
    ]
    assert len(operations) >= 40
    real = _real_ids(api)
    ran = 0

    def check(operation: Any) -> None:
        nonlocal ran
        headers = _headers(api, operation.method.upper(), operation.path)

        @given(case=operation.as_strategy(), use_real=st.booleans())
        @settings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any, use_real: bool) -> None:
            nonlocal ran
            if use_real and case.path_parameters:
                # Half the cases aim at real records so they get past "not found" into the rules.
                for name in case.path_parameters:
                    if name in real:
                        case.path_parameters[name] = real[name]
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)
            ran += 1

        run()

    for operation in operations:
        check(operation)
    assert ran >= MIN_CASES
