"""A search typed in lower case finds the Latin letters a name holds in upper case, on SQLite and
PostgreSQL alike: SQLite's LIKE ignores ASCII case, PostgreSQL's does not, so 「stem」 found
「韩明辉STEM课程开发劳模创新工作室」 on the one and nothing on the other (tester district64)."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _found(api: Api, path: str, **params: str) -> list[int]:
    answer = api.client.get(path, params=params, headers=api.callers[Role.DISTRICT_OFFICER].headers)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return [i["id"] for i in items]


def test_a_lower_case_search_finds_upper_case_letters_on_both_databases(api: Api) -> None:
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        shop.name = "韩明辉STEM课程开发劳模创新工作室"
        u.flush()
        designation_id = f.named_designation(u, api.tree, shop=shop).id
        person = f.person(u, name="韩明辉", union_id=api.tree.unit.id)
        person.employer = "ABB（中国）有限公司"
        u.commit()
        person_id = person.id
    for typed in ("stem", "Stem", "STEM"):
        assert designation_id in _found(api, "/api/v1/designations", q=typed)
    for typed in ("abb", "ABB"):
        assert person_id in _found(api, "/api/v1/person-search", q=typed)
