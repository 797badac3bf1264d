"""API: the registry template, import (dry run, bad cells as 422), export, bulk actions."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.adoption.errors import CELLS_KEPT
from lifecycle.adoption.sample import sample_id_card, sample_registry
from lifecycle.adoption.sheets import (
    CONTACTS,
    DESIGNATIONS,
    GRANTS,
    INSTRUCTIONS,
    PERSONS,
    SHEETS,
    UNIONS,
)
from lifecycle.adoption.sheets_history import INSPECTIONS
from lifecycle.reminders.model import OutboxMessage
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.adoption_helpers import (
    CYCLE_END,
    FIVE_ERRORS,
    INSPECTORS,
    PLACE,
    data_row,
    five_errors_rows,
    workbook,
)
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
    assert stranger.status_code == 422  # a body reference unseen, as a missing one (refs65)
    assert stranger.json()["error"]["field"] == "designation_ids"


def test_a_bulk_reminder_to_a_unit_without_contacts_goes_to_the_union_above(api: Api) -> None:
    """DOMAIN §6, none lost: the imported unit union has no contact; the district's officer is
    told on its behalf, as the daily reminders do."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    rows = _rows(api)
    rows[CONTACTS.name] = []
    files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
    assert api.client.post("/api/v1/adoption/import", headers=officer, files=files).is_success
    listed = api.client.get("/api/v1/designations?limit=500", headers=officer).json()["items"]
    imported = [d["id"] for d in listed if str(d["number"]).startswith("样本-")]
    body = {"message": "请于月底前完成年度自查", "due_on": "2026-12-31"}
    sent = api.client.post(
        "/api/v1/bulk/reminders", headers=officer, json={**body, "designation_ids": imported}
    )
    assert sent.status_code == 201, sent.text
    district = api.tree.district.name
    for row in sent.json()["rows"]:
        assert row["ok"]
        assert row["message"] == f"已发送给王干事（{district}代为转达）"
    with api.uow() as u:
        (mail,) = u.session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedup_key.startswith("bulk:"))
        )
        assert mail.recipient_name == "王干事"
        assert {i["on_behalf_of"] for i in mail.payload["items"]} == {"接口公司工会"}


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
    inspection of the second cycle, which begins 2026-12-20, nor (held before 2025-12-20, the
    first cycle's last year) of the first; a cycle inspected once is not inspected again;
    refused beside 管理周期, naming the article, and nothing is written."""
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
        assert "2025年6月1日已开始且尚未检查的只有第1个管理周期" in cell["message"]
        assert y12 in cell["message"]
        assert "[Y12]" not in cell["message"]
        assert api.writes() == before
    # Cycle 1 runs to 2026-12-20: 「在每个周期末」 its inspection is held from 2025-12-20 on.
    too_soon = _rows(api)
    _inspection(too_soon, date(2025, 6, 1), 1)
    refused = imported(too_soon)
    assert refused.status_code == 422, refused.text
    [cell] = refused.json()["error"]["cells"]
    assert (cell["row"], cell["header"]) == (data_row(0), "检查日期")
    assert "周期末检查不能早于2025年12月20日" in cell["message"]
    assert y12 in cell["message"]
    assert api.writes() == before
    twice = _rows(api)
    _inspection(twice, date(2026, 1, 10), 1)
    _inspection(twice, date(2026, 11, 1), 1)
    refused = imported(twice)
    assert refused.status_code == 422, refused.text
    [cell] = refused.json()["error"]["cells"]
    assert (cell["row"], cell["header"]) == (data_row(1), "管理周期")
    assert "该工作室在2026年11月1日没有已开始且尚未检查的管理周期" in cell["message"]
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


def _five_errors(api: Api) -> dict[str, list[list[object]]]:
    with api.uow() as u:
        city = u.unions.get(api.tree.city.id, scope=EVERYTHING)
        district = u.unions.get(api.tree.district.id, scope=EVERYTHING)
        assert city is not None
        assert district is not None
        return five_errors_rows(city.name, district.name)


def test_one_run_lists_every_error_of_every_sheet_and_a_row_naming_a_refused_row_says_so(
    api: Api,
) -> None:
    """填写说明: 「任何一格有误则不导入任何记录，并列出每一处错误（工作表、行、列、原因）」 — an
    unreadable amount and the rules broken in 人员 and 命名 in one 422; the grant of the title
    refused in 命名 row 4 points there, not to 「未登记」; nothing written."""
    officer = api.callers[Role.CITY_OFFICER].headers
    rows = _five_errors(api)

    def imported(rows: dict[str, list[list[object]]]):  # type: ignore[no-untyped-def]
        files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
        return api.client.post("/api/v1/adoption/import", headers=officer, files=files)

    before = api.writes()
    refused = imported(rows)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    cells = error["cells"]
    assert [(c["sheet"], c["row"], c["column"]) for c in cells] == list(FIVE_ERRORS)
    for cell, why in zip(cells, FIVE_ERRORS.values(), strict=True):
        assert why in cell["message"], cell
    assert {p["field"] for p in error["problems"]} >= {"拨款[3].G", "拨款[3].B"}
    assert "未登记" not in refused.text
    assert "文件中有6处错误，未导入任何记录" in error["message"]
    assert api.writes() == before
    # Those six cells corrected, the same file goes in whole: nothing else was wrong.
    rows[PERSONS.name][1][0] = sample_id_card(901, date(1985, 5, 5))
    rows[PERSONS.name][2][3] = date(1986, 6, 6)
    rows[DESIGNATIONS.name][0][6] = rows[DESIGNATIONS.name][1][6]
    rows[DESIGNATIONS.name][1][5] = date(2023, 12, 20)
    rows[GRANTS.name][0][6] = 10000
    done = imported(rows)
    assert done.status_code == 200, done.text
    created = {s["sheet"]: s["created"] for s in done.json()["sheets"]}
    assert (created["人员"], created["命名"], created["拨款"]) == (4, 2, 1)


def test_a_file_with_hundreds_of_bad_cells_lists_the_first_and_counts_the_rest(api: Api) -> None:
    """The kept cells are taken a sheet at a time in turn: a later sheet's own fault is listed
    beside the first sheet's hundreds, not hidden in 「另有N处错误」."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    rows = _rows(api)
    many = sample_registry(titles=CELLS_KEPT + 50, districts=1, full=False)[DESIGNATIONS.name]
    # Every title names a naming union nobody registered: one bad cell per row.
    rows[DESIGNATIONS.name] = [[*r[:6], "不存在的工会", *r[7:]] for r in many]
    # And a later sheet's fault of its own: a grant of a title the file does not hold.
    rows[GRANTS.name] = sample_registry(titles=1, districts=1)[GRANTS.name][:1]
    before = api.writes()
    files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    total = error["total_cells"]
    assert total > CELLS_KEPT
    assert len(error["cells"]) == CELLS_KEPT
    assert error["more_cells"] == total - CELLS_KEPT
    assert f"另有{total - CELLS_KEPT}处错误" in [p["message"] for p in error["problems"]]
    assert f"文件中有{total}处错误" in error["message"]
    assert f"另有{total - 20}处错误" in error["message"]
    # The later sheet's own fault is listed, not counted among the first sheet's hundreds.
    assert [c["sheet"] for c in error["cells"]].count(GRANTS.name) == 1
    assert [c["sheet"] for c in error["cells"]][-1] == GRANTS.name
    assert api.writes() == before


def test_a_file_over_the_upload_limit_is_refused_naming_the_limit(api: Api) -> None:
    """Over ``max_upload_bytes``: 422 ``too_large`` on ``file``, the page's words, nothing read."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    limit = api.client.app.state.settings.max_upload_bytes
    files = {"file": ("名册.xlsx", b"\0" * (limit + 1), XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("too_large", "file")
    assert error["message"] == f"文件超过{limit // (1024 * 1024)}MB，未导入任何记录"


def test_a_merged_cell_counts_for_every_row_it_spans(api: Api) -> None:
    """Registries kept in Excel merge a cell over the rows it is common to (the district over
    the titles it named); each row reads the value the sheet shows, not a blank called 必填."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    wb = load_workbook(BytesIO(_file(api)))
    ws = wb[DESIGNATIONS.name]
    first, second = data_row(0), data_row(1)
    assert ws[f"G{first}"].value == ws[f"G{second}"].value
    ws[f"G{second}"] = None
    ws.merge_cells(f"G{first}:G{second}")
    out = BytesIO()
    wb.save(out)
    files = {"file": ("名册.xlsx", out.getvalue(), XLSX)}
    dry = api.client.post("/api/v1/adoption/import?dry_run=true", headers=officer, files=files)
    assert dry.status_code == 200, dry.text
    counts = {s["sheet"]: s for s in dry.json()["sheets"]}
    assert counts["命名"] == {"sheet": "命名", "created": 2, "changed": 0, "unchanged": 0}


def test_a_cutover_years_ahead_is_a_bad_cell_and_nothing_is_written(api: Api) -> None:
    """A 系统启用日期 of 2099 would settle every duty of the union's titles outside the service
    until then, none reminded (reading 45): a bad cell, nothing written; within a year ahead it
    is taken (a union planning its go-live)."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    rows = _rows(api)
    rows[UNIONS.name][0] = [*rows[UNIONS.name][0], None, None, date(2099, 1, 1)]
    before = api.writes()
    files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
    refused = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["sheet"], c["row"], c["column"], c["header"]) for c in cells] == [
        ("工会", data_row(0), "E", "系统启用日期")
    ]
    assert "系统启用日期不能晚于" in cells[0]["message"]
    assert "（最多一年以后）" in cells[0]["message"]
    assert api.writes() == before
    rows[UNIONS.name][0][4] = date(2027, 1, 1)
    files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
    taken = api.client.post("/api/v1/adoption/import", headers=officer, files=files)
    assert taken.status_code == 200, taken.text
