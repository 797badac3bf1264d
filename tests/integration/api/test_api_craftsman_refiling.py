"""Over /api/v1: a withdrawn 上海工匠 application does not block the person's new one the same
year, nor count in the 附件3 figures; two live ones for a person and year are refused
(reading G9)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman

BASE = "/api/v1/craftsman-selections"
APPLIED = "本年度申报“上海工匠”人数"


def _applied(api: Api) -> int:
    """This year's 申报 of the district in its 附件3 统计表."""
    district = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"{BASE}/{api.own.craftsman_selection}/unions/{api.own.unit}/statistics.xlsx"
    sheet = load_workbook(BytesIO(api.client.get(url, headers=district).content)).active
    header, *rows = sheet.iter_rows(min_row=2, values_only=True)
    (row,) = [r for r in rows if r[0] == "杨浦区总工会"]
    return int(dict(zip(header, row, strict=True))[APPLIED])


def test_a_withdrawn_application_lets_the_person_file_again_and_not_twice(api: Api) -> None:
    c, unit = api.client, api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "重报师傅").id
        u.commit()
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    applied_before = _applied(api)
    first = c.post(url, headers=unit, json=craftsman_form(person_id))
    assert first.status_code == 201, first.text
    assert _applied(api) == applied_before + 1
    # While the first is live a second is refused beside the person, nothing written.
    before = api.writes()
    twice = c.post(url, headers=unit, json=craftsman_form(person_id))
    assert twice.status_code == 422
    assert ("person_id", "duplicate") in {
        (p["field"], p["code"]) for p in twice.json()["error"]["problems"]
    }
    assert api.writes() == before
    body = {"decided_on": "2026-11-20", "signer": "赵主席", "reason": "材料不全，补齐后重报"}
    withdrawn = c.post(
        f"{BASE}/applications/{first.json()['id']}/withdraw", headers=unit, json=body
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert _applied(api) == applied_before  # withdrawn: not counted as 申报
    again = c.post(url, headers=unit, json=craftsman_form(person_id, trade="数控铣工"))
    assert again.status_code == 201, again.text
    assert again.json()["id"] != first.json()["id"]
    assert _applied(api) == applied_before + 1
    # Now the new one is live: a third is refused again.
    before = api.writes()
    third = c.post(url, headers=unit, json=craftsman_form(person_id))
    assert third.status_code == 422
    assert third.json()["error"]["field"] == "person_id"
    assert api.writes() == before
