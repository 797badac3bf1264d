"""Nothing a user does reveals whether a record outside their subtree exists (issue 13 §4, §6)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.accounts.service import issue_token
from lifecycle.persons.model import Person
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

ID_CARD = "110105194912310011"  # a valid GB 11643 number of a man born 1949-12-31


def _person(union_id: int, name: str = "王师傅") -> dict[str, object]:
    return {
        "name": name,
        "gender": "male",
        "birth_date": "1949-12-31",
        "id_card_number": ID_CARD,
        "union_id": union_id,
    }


def _other_officer(api: Api) -> dict[str, str]:
    """A district officer of the other district, with a token of their own."""
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.other.district, username="leshan")
        token = issue_token(u, principal, "测试", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def _count(api: Api) -> int:
    with api.uow() as u:
        return int(u.session.scalar(select(func.count(Person.id))) or 0)


def test_an_id_number_held_in_another_district_is_not_revealed(api: Api) -> None:
    own = api.callers[Role.DISTRICT_OFFICER].headers
    first = api.client.post("/api/v1/persons", json=_person(api.own.unit), headers=own)
    assert first.status_code == 201, first.text
    # The same citizen registered in the other district: answered as any new person is.
    other = _other_officer(api)
    before = _count(api)
    answer = api.client.post("/api/v1/persons", json=_person(api.other.unit), headers=other)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["id"] != first.json()["id"]
    assert body["union_id"] == api.other.unit
    assert "已登记" not in answer.text
    assert _count(api) == before + 1
    # Within one district the duplicate is refused, naming the field.
    again = api.client.post("/api/v1/persons", json=_person(api.own.unit, "另一人"), headers=own)
    assert again.status_code == 422
    assert again.json()["error"]["field"] == "id_card_number"
    assert again.json()["error"]["problems"][0]["code"] == "duplicate"


def test_a_person_of_another_district_is_refused_as_a_missing_one(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    shop = {
        "name": "新工作室",
        "host_unit_name": "某单位",
        "host_unit_nature": "state_owned",
        "unit_union_id": api.own.unit,
        "founded_on": "2020-01-01",
    }
    hidden = api.client.post(
        "/api/v1/workshops", json={**shop, "leader_person_id": api.other.person}, headers=officer
    )
    missing = api.client.post(
        "/api/v1/workshops", json={**shop, "leader_person_id": 987_654}, headers=officer
    )
    assert hidden.status_code == missing.status_code
    assert hidden.json() == missing.json()
    assert api.client.get(f"/api/v1/persons/{api.other.person}", headers=officer).status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [("/api/v1/persons", "birth_date"), ("/api/v1/workshops", "founded_on")],
)
def test_dates_outside_the_supported_range_are_refused_by_field(
    api: Api, path: str, field: str
) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    body: dict[str, object] = (
        {**_person(api.own.unit), "id_card_number": None, "birth_date": "9999-12-31"}
        if field == "birth_date"
        else {
            "name": "新工作室",
            "host_unit_name": "某单位",
            "host_unit_nature": "state_owned",
            "unit_union_id": api.own.unit,
            "founded_on": "0001-01-01",
            "leader_person_id": api.own.person,
        }
    )
    before = api.writes()
    answer = api.client.post(path, json=body, headers=officer)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert [p["field"] for p in error["problems"]] == [field]
    assert "超出支持范围" in error["problems"][0]["message"]
    assert api.writes() == before


def test_date_filters_outside_the_range_are_refused(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    answer = api.client.get("/api/v1/designations?named_from=9999-12-31", headers=officer)
    assert answer.status_code == 422
    assert "named_from" in answer.text
    assert date(2199, 12, 31).isoformat() in answer.text
