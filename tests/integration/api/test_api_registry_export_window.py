"""The registry workbook takes the filters of the list it exports (its summary says 「筛选条件同
GET /api/v1/designations」): a city officer who listed the titles named in a date window gets the
same titles in the workbook. Before, the export refused ``named_from``/``named_to`` with 422
「不接受查询参数」, so the window listed could not be printed."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _numbers_in_workbook(content: bytes) -> set[str]:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return {str(row[0]) for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}


def test_the_export_takes_the_lists_naming_window_and_refuses_what_the_list_refuses(
    api: Api,
) -> None:
    with api.uow() as u:
        early = f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 1, 10)
        )
        inside = f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 6, 10)
        )
        u.commit()
        early_number, inside_number = early.number, inside.number
    city = api.callers[Role.CITY_OFFICER].headers
    window = "named_from=2024-03-01&named_to=2024-12-31&scheme=shanghai-model-worker"

    listed = api.client.get(f"/api/v1/designations?{window}", headers=city)
    assert listed.status_code == 200, listed.text
    listed_numbers = {d["number"] for d in listed.json()["items"]}
    assert inside_number in listed_numbers
    assert early_number not in listed_numbers

    exported = api.client.get(f"/api/v1/exports/designations.xlsx?{window}", headers=city)
    assert exported.status_code == 200, exported.text
    assert _numbers_in_workbook(exported.content) == listed_numbers

    reversed_window = "named_from=2024-12-31&named_to=2024-03-01"
    refused = api.client.get(f"/api/v1/exports/designations.xlsx?{reversed_window}", headers=city)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("invalid_window", "named_to")
    assert error["message"] == "命名截止日期不能早于命名起始日期"

    both = api.client.get(
        "/api/v1/exports/designations.xlsx?named_year=2024&named_from=2024-03-01", headers=city
    )
    assert both.status_code == 422, both.text
    assert (both.json()["error"]["code"], both.json()["error"]["field"]) == (
        "conflicting_filters",
        "named_year",
    )
