"""A scheme filter names a programme of the caller's own city tree, or is refused beside it."""

from __future__ import annotations

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

FILTERED = (
    "/api/v1/todo",
    "/api/v1/designations",
    "/api/v1/finance/designations",
    "/api/v1/exports/designations.xlsx",
)


@pytest.mark.parametrize("path", FILTERED)
def test_another_citys_scheme_is_refused_not_answered_with_nothing(api: Api, path: str) -> None:
    """乐山's titles are named by 乐山市总工会 [L 一], Shanghai's by its own unions [Y7][S7]: a
    Shanghai caller asking for 乐山's (or a made-up) programme gets a 422 naming ``scheme``."""
    role = Role.FINANCE if "finance" in path else Role.DISTRICT_OFFICER
    headers = api.callers[role].headers
    for foreign in ("leshan-city", "no-such-scheme"):
        refused = api.client.get(path, headers=headers, params={"scheme": foreign})
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["field"]) == ("scheme_not_in_tree", "scheme")
        assert f"「{foreign}」不是本市的工作室类别" in error["message"]
        # What may be asked instead, by its name with the code to send.
        assert "杨浦区劳模（先进）、技师创新工作室（yangpu-district）" in error["message"]
    own = api.client.get(path, headers=headers, params={"scheme": "yangpu-district"})
    assert own.status_code == 200, own.text
    if path == "/api/v1/designations":
        ids = {d["id"] for d in own.json()["items"]}
        assert api.own.designation in ids
        assert api.other.designation not in ids


UNDER_FILTERED = (
    "/api/v1/designations",
    "/api/v1/finance/designations",
    "/api/v1/workshops",
    "/api/v1/inspections",
    "/api/v1/notices",
    "/api/v1/unions",
)


@pytest.mark.parametrize("path", UNDER_FILTERED)
def test_another_districts_subtree_is_refused_not_answered_with_nothing(api: Api, path: str):
    """Each user reads only inside their own union's subtree (DOMAIN §1): ``under`` naming
    another district's union is a 404 beside ``under``, as the 待办 and the exports answer it."""
    role = Role.FINANCE if "finance" in path else Role.DISTRICT_OFFICER
    headers = api.callers[role].headers
    refused = api.client.get(path, headers=headers, params={"under": api.other.district})
    assert refused.status_code == 404, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("not_found", "under")
    assert error["message"] == "工会不存在或不在可见范围内"
    own = api.client.get(path, headers=headers, params={"under": api.own.district})
    assert own.status_code == 200, own.text
    city = api.callers[Role.CITY_OFFICER].headers  # the city reads every district of its city
    other = api.client.get(path, headers=city, params={"under": api.other.district})
    assert other.status_code == 200, other.text
