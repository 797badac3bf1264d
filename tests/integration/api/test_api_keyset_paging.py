"""The persons and workshops lists, which a district's system syncs in full, page by key as the
designation list does: ``after`` (the previous page's ``next_after``) reads each page as
cheaply as the first; walked to the end it yields every record once, in id order."""

from __future__ import annotations

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


@pytest.mark.parametrize("path", ["/api/v1/persons", "/api/v1/workshops"])
def test_walking_a_list_by_key_yields_every_record_once(api: Api, path: str) -> None:
    headers = api.callers[Role.CITY_OFFICER].headers
    everything = api.client.get(f"{path}?limit=500", headers=headers).json()
    ids = [item["id"] for item in everything["items"]]
    assert len(ids) >= 2
    assert everything["next_after"] is None  # one page holds them all

    walked: list[int] = []
    after: int | None = None
    while True:
        query = "limit=1" if after is None else f"limit=1&after={after}"
        page = api.client.get(f"{path}?{query}", headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        walked += [item["id"] for item in body["items"]]
        assert body["total"] == len(ids) - len(walked) + len(body["items"])  # from the page on
        after = body["next_after"]
        if after is None:
            break
        assert after == walked[-1]
    assert walked == ids


def test_a_negative_key_is_refused_beside_after(api: Api) -> None:
    headers = api.callers[Role.CITY_OFFICER].headers
    refused = api.client.get("/api/v1/workshops?after=-1", headers=headers)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["field"], error["message"]) == ("after", "上一页最后一条的编号不能小于0")
