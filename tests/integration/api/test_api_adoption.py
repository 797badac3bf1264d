"""API: the registry template, import (dry run, bad cells as 422), export, bulk actions."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.sheets import CONTACTS, DESIGNATIONS, INSTRUCTIONS, SHEETS, UNIONS
from lifecycle.adoption.sheets_history import INSPECTIONS
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.adoption_helpers import CYCLE_END, INSPECTORS, PLACE, data_row, workbook
from tests.integration.api.conftest import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(api: Api, *, outside: bool = False) -> bytes:
    """Two titles in the district officer's subtree (one in another district when ``outside``)."""
    return workbook(_rows(api, outside=outside))


def _rows(api: Api, *, outside: bool = False) -> dict[str, list[list[object]]]:
    """The rows of ``_file``: two titles named 2023-12-20 (cycle 2 begins 2026-12-20) [Y12]."""
    with api.uow() as u:
        city, district, other = (
            u.unions.get(i, scope=EVERYTHING)
            for i in (api.tree.city.id, api.tree.district.id, api.tree.other_district.id)
        )
        assert city is not None
        assert district is not None
        assert other is not None
        base = f"{city.name}/{district.name}"
        elsewhere = f"{city.name}/{other.name}"
    rows = sample_registry(titles=2, districts=1, naming_date=date(2023, 12, 20), full=False)
    unit = f"{base}/接口街道总工会/接口公司工会"
    old = rows[UNIONS.name][-1][0]
    rows[UNIONS.name] = [[f"{base}/接口街道总工会", "行业、街镇、直属工会"], [unit, "基层单位工会"]]
    rows[CONTACTS.name] = [[unit, "钱联系人", "qian@unit.example.cn", "单位联系人"]]
    for sheet in rows.values():
        for row in sheet:
            for i, value in enumerate(row):
                if value == old:
                    row[i] = unit
    for row in rows[DESIGNATIONS.name]:
        row[6] = base
    if outside:
        rows[UNIONS.name].append([f"{elsewhere}/越界街道总工会", "行业、街镇、直属工会"])
    return rows


def test_template_has_a_sheet_per_kind_headers_drop_downs_and_instructions(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    response = api.client.get("/api/v1/adoption/template", headers=officer)
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames[0] == INSTRUCTIONS
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[2]] == [c.header for c in sheet.columns]
        choices = [c for c in sheet.columns if c.choices is not None]
        assert len(ws.data_validations.dataValidation) == len(choices)
    assert ws.page_setup.orientation == "landscape"


def test_import_dry_run_then_import_then_unchanged(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    files = {"file": ("名册.xlsx", _file(api), XLSX)}
    dry = api.client.post("/api/v1/adoption/import?dry_run=true", headers=officer, files=files)
    assert dry.status_code == 200, dry.text
    counts = {s["sheet"]: s for s in dry.json()["sheets"]}
    assert counts["命名"] == {"sheet": "命名", "created": 2, "changed": 0, "unchanged": 0}
    done = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert done.status_code == 200, done.text
    again = api.client.post("/api/v1/adoption/import?dry_run=true", headers=officer, files=files)
    assert {s["sheet"]: s["unchanged"] for s in again.json()["sheets"]}["命名"] == 2
    assert all(s["created"] == s["changed"] == 0 for s in again.json()["sheets"])
    exported = api.client.get("/api/v1/adoption/export", headers=officer)
    assert exported.status_code == 200
    titles = [
        r[4]
        for r in load_workbook(BytesIO(exported.content))["命名"].iter_rows(
            min_row=3, values_only=True
        )
    ]
    assert "带头人0技师创新工作室" in titles


def test_a_file_naming_another_district_is_422_with_the_cell_and_writes_nothing(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    files = {"file": ("名册.xlsx", _file(api, outside=True), XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["sheet"], c["row"], c["column"], c["header"]) for c in cells] == [
        ("工会", data_row(2), "A", "工会路径")
    ]
    assert "不在本人管辖范围内" in cells[0]["message"]
    assert api.writes() == before


def test_unit_contacts_may_not_import(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    files = {"file": ("名册.xlsx", _file(api), XLSX)}
    assert (
        api.client.post("/api/v1/adoption/import", headers=contact, files=files).status_code == 403
    )


def test_bulk_reminder_and_inspections_with_a_per_row_report(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    files = {"file": ("名册.xlsx", _file(api), XLSX)}
    assert (
        api.client.post("/api/v1/adoption/import", headers=officer, files=files).status_code == 200
    )
    listed = api.client.get("/api/v1/designations?limit=500", headers=officer).json()["items"]
    imported = [d["id"] for d in listed if str(d["number"]).startswith("样本-")]
    assert len(imported) == 2
    reminder = {"message": "请于月底前完成年度自查", "due_on": "2026-12-31"}
    sent = api.client.post(
        "/api/v1/bulk/reminders", headers=officer, json={**reminder, "designation_ids": imported}
    )
    assert sent.status_code == 201, sent.text
    assert all(r["ok"] and "钱联系人" in r["message"] for r in sent.json()["rows"])
    body = {"scheduled_on": "2026-12-10", "place": "现场", "inspectors": "王干事"}
    both = [*imported, api.own.designation]  # the world's title already has an inspection
    refused = api.client.post(
        "/api/v1/bulk/inspections", headers=officer, json={**body, "designation_ids": both}
    )
    assert refused.status_code == 422, refused.text
    rows = refused.json()["error"]["rows"]
    assert [r["designation_id"] for r in rows if not r["ok"]] == [api.own.designation]
    done = api.client.post(
        "/api/v1/bulk/inspections", headers=officer, json={**body, "designation_ids": imported}
    )
    assert done.status_code == 201, done.text
    assert len(done.json()["rows"]) == 2
    stranger = api.client.post(
        "/api/v1/bulk/inspections",
        headers=officer,
        json={**body, "designation_ids": [api.other.designation]},
    )
    assert stranger.status_code == 404


def _inspection(rows: dict[str, list[list[object]]], held_on: date, cycle_no: int | None) -> None:
    title = rows[DESIGNATIONS.name][0]
    rows[INSPECTIONS.name] = [
        *rows.get(INSPECTIONS.name, []),
        [title[0], title[1], CYCLE_END, held_on, cycle_no, PLACE, INSPECTORS, "合格"],
    ]


def test_a_past_inspection_is_only_of_a_cycle_begun_by_its_date_and_not_yet_inspected(
    api: Api,
) -> None:
    """第十二条: 每三年为一个管理周期 — an inspection held in 2025 cannot be the cycle-end
    inspection of the second cycle, which begins 2026-12-20; a cycle inspected once is not
    inspected again; refused beside 管理周期, naming the article, and nothing is written."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    y12 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条"

    def imported(rows: dict[str, list[list[object]]]):  # type: ignore[no-untyped-def]
        files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
        return api.client.post("/api/v1/adoption/import", headers=officer, files=files)

    before = api.writes()
    for cycle_no in (2, 5):
        early = _rows(api)
        _inspection(early, date(2025, 6, 1), cycle_no)
        refused = imported(early)
        assert refused.status_code == 422, refused.text
        [cell] = refused.json()["error"]["cells"]
        assert (cell["sheet"], cell["row"], cell["header"]) == ("检查", data_row(0), "管理周期")
        assert f"第{cycle_no}个管理周期尚未开始或已检查" in cell["message"]
        assert "2025-06-01已开始且尚未检查的只有第1个管理周期" in cell["message"]
        assert y12 in cell["message"]
        assert "[Y12]" not in cell["message"]
        assert api.writes() == before
    twice = _rows(api)
    _inspection(twice, date(2025, 6, 1), 1)
    _inspection(twice, date(2026, 11, 1), 1)
    refused = imported(twice)
    assert refused.status_code == 422, refused.text
    [cell] = refused.json()["error"]["cells"]
    assert (cell["row"], cell["header"]) == (data_row(1), "管理周期")
    assert "该工作室在2026-11-01没有已开始且尚未检查的管理周期" in cell["message"]
    assert y12 in cell["message"]
    assert api.writes() == before
    once = _rows(api)
    _inspection(once, date(2026, 11, 1), None)  # unnamed: the cycle whose end is nearest
    done = imported(once)
    assert done.status_code == 200, done.text
    counts = {s["sheet"]: s["created"] for s in done.json()["sheets"]}
    assert counts["检查"] == 1
    with api.uow() as u:
        title = u.designations.get_by_number("yangpu-district", str(once[DESIGNATIONS.name][0][1]))
        assert title is not None
        assert [i.cycle_no for i in u.inspections.for_designation(title.id)] == [1]
