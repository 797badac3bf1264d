"""A 上海工匠 entered by hand is of a year its selection ran: the selection began under the
city's 2015 opinion that [G]'s preamble names, so an earlier year (a slip for 2019, a guess) is
refused beside 获得年份, over the honour route and in a person's registration, nothing written."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

EARLY = (
    "“上海工匠”培养选树自2015年起开展（《关于在本市开展“上海工匠”培养选树千人计划的实施意见》"
    "（沪工总经〔2015〕260号）），获得年份不能早于2015年"
)


def _problems(answer: Any) -> dict[str, tuple[str, str]]:
    return {p["field"]: (p["code"], p["message"]) for p in answer.json()["error"]["problems"]}


def test_a_shanghai_craftsman_of_a_year_before_its_selection_began_is_refused(api: Api) -> None:
    """Before: 2010 was kept as the year of a 上海工匠 title, five years before the first."""
    headers = api.callers[Role.CITY_OFFICER].headers
    honours = f"/api/v1/persons/{api.own.person}/honours"
    before = api.writes()
    typed = {"honour": "shanghai_craftsman", "year": 2010, "reference": "沪工总〔2010〕1号"}
    refused = api.client.post(honours, headers=headers, json=typed)
    assert refused.status_code == 422, refused.text
    assert _problems(refused) == {"year": ("before_first_selection", EARLY)}
    person = {
        "name": "钱工匠",
        "gender": "male",
        "birth_date": "1978-04-01",
        "union_id": api.tree.unit.id,
        "honours": [
            {"honour": "shanghai_craftsman", "year": 2014, "reference": "沪工总〔2014〕2号"}
        ],
    }
    registered = api.client.post("/api/v1/persons", headers=headers, json=person)
    assert registered.status_code == 422, registered.text
    assert _problems(registered) == {"honours.0.year": ("before_first_selection", EARLY)}
    assert api.writes() == before
    # Other honours keep their own years; 上海工匠 of 2015 on is entered.
    older = {"honour": "shanghai_model_worker", "year": 2010}
    assert api.client.post(honours, headers=headers, json=older).status_code == 201
    added = api.client.post(honours, headers=headers, json={**typed, "year": 2015})
    assert added.status_code == 201, added.text
