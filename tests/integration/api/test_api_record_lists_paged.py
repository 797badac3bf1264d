"""Over /api/v1: a record's own lists (its history, filings, grants, contacts), the 上海工匠
years and the notices awaiting 撤牌 page as every other list does: items, total, limit, offset."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from api.v1.access import RULES
from lifecycle.accounts.permissions import role_can
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

# Whom to ask: the first role that may read the list (the district officer where it may).
ROLES = (Role.DISTRICT_OFFICER, Role.FINANCE, Role.UNIT_CONTACT, Role.CITY_OFFICER, Role.ADMIN)
LISTS = (
    "/api/v1/designations/{designation_id}/history",
    "/api/v1/designations/{designation_id}/filings",
    "/api/v1/designations/{designation_id}/grants",
    "/api/v1/designations/{designation_id}/excellence-applications",
    "/api/v1/unions/{union_id}/contacts",
    "/api/v1/intake/applications/{intake_id}/history",
    "/api/v1/craftsman-selections",
    "/api/v1/notices/revocations-pending",
)


def _headers(api: Api, template: str) -> dict[str, str]:
    rule = RULES[f"GET {template}"]
    role = next(r for r in ROLES if rule.admits(partial(role_can, r)))
    return api.callers[role].headers


def _url(api: Api, template: str) -> str:
    own = api.own
    ids = {
        "designation_id": own.designation,
        "union_id": own.unit,
        "intake_id": own.intake,
    }
    return template.format(**ids)


@pytest.mark.parametrize("template", LISTS)
def test_a_records_list_is_paged_with_its_total(api: Api, template: str) -> None:
    url, headers = _url(api, template), _headers(api, template)
    whole = api.client.get(url, headers=headers)
    assert whole.status_code == 200, whole.text
    body: dict[str, Any] = whole.json()
    assert (body["limit"], body["offset"]) == (50, 0)
    assert body["total"] == len(body["items"])
    # The world's records each hold some (its draft application no step yet).
    assert body["total"] >= (0 if "intake" in template else 1)
    pages = [
        api.client.get(url, headers=headers, params={"limit": 1, "offset": n}).json()
        for n in range(body["total"] + 1)
    ]
    assert [p["total"] for p in pages] == [body["total"]] * len(pages)
    assert [item for p in pages for item in p["items"]] == body["items"]
    assert pages[-1]["items"] == []  # past the end: an empty page, still its total


@pytest.mark.parametrize("template", LISTS)
def test_a_records_list_refuses_a_repeated_or_unknown_parameter(api: Api, template: str) -> None:
    url, headers = _url(api, template), _headers(api, template)
    repeated = api.client.get(f"{url}?limit=1&limit=2", headers=headers)
    assert repeated.status_code == 422
    error = repeated.json()["error"]
    assert (error["code"], error["field"]) == ("repeated_parameter", "limit")
    too_many = api.client.get(url, headers=headers, params={"limit": 501})
    assert too_many.status_code == 422
    unknown = api.client.get(url, headers=headers, params={"after": 1})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (422, "extra_forbidden")
