"""API: one expenditure file for a union's workshops, 命名记录 per row, all or nothing [Y16]."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.clock import chinese_date
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(api: Api, rows: list[list[object]]) -> tuple[str, bytes, str]:
    contact = api.callers[Role.UNIT_CONTACT].headers
    template = api.client.get(
        f"/api/v1/unions/{api.own.unit}/expenditure-template", headers=contact
    )
    assert template.status_code == 200, template.text
    wb = load_workbook(BytesIO(template.content))
    listed = [r[0] for r in wb["命名清单"].iter_rows(min_row=2, values_only=True)]
    assert any(str(label).startswith(f"{api.own.designation}｜") for label in listed)
    assert not any(str(label).startswith(f"{api.other.designation}｜") for label in listed)
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = BytesIO()
    wb.save(out)
    return ("支出.xlsx", out.getvalue(), XLSX)


def test_union_import_lists_every_bad_cell_then_imports_the_fixed_file(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/unions/{api.own.unit}/expenditures/import"
    good = [str(api.own.designation), "2026-10-12", "66.00", "某书店", "书籍", "书", "U1"]
    stranger = [str(api.other.designation), *good[1:6], "U2"]
    bad = api.client.post(path, headers=contact, files={"file": _upload(api, [good, stranger])})
    assert bad.status_code == 422, bad.text
    error = bad.json()["error"]
    assert [(c["row"], c["column"], c["header"]) for c in error["cells"]] == [(3, "A", "命名记录")]
    done = api.client.post(path, headers=contact, files={"file": _upload(api, [good])})
    assert done.status_code == 201, done.text
    assert done.json() == {
        "union_id": api.own.unit,
        "imported": 1,
        "by_designation": [{"designation_id": api.own.designation, "imported": 1}],
    }


def test_a_row_dated_before_its_workshop_was_founded_is_refused_as_on_the_form(api: Api) -> None:
    """A row names its title, so its workshop's founding bounds its date (reading F1)."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/unions/{api.own.unit}/expenditures/import"
    with api.uow() as u:
        designation = u.designations.require(api.own.designation, EVERYTHING)
        founded = designation.workshop.founded_on
    before = (founded - timedelta(days=1)).isoformat()
    early = [str(api.own.designation), before, "66.00", "某书店", "书籍", "书", "U1"]
    good = [str(api.own.designation), founded.isoformat(), "66.00", "某书店", "书籍", "书", "U2"]
    ledger = f"/api/v1/designations/{api.own.designation}/expenditures"
    listed = api.client.get(ledger, headers=contact).json()["items"]
    bad = api.client.post(path, headers=contact, files={"file": _upload(api, [good, early])})
    assert bad.status_code == 422, bad.text
    cells = bad.json()["error"]["cells"]
    assert [(c["row"], c["column"], c["header"]) for c in cells] == [(3, "B", "支出日期")]
    assert cells[0]["message"] == f"支出日期不能早于工作室成立日期（{chinese_date(founded)}）"
    assert api.client.get(ledger, headers=contact).json()["items"] == listed  # nothing imported
    done = api.client.post(path, headers=contact, files={"file": _upload(api, [good])})
    assert done.status_code == 201, done.text
