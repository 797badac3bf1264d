"""The adoption pages: upload a registry, watch it import, read the report; bulk actions."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.sheets import (
    CONTACTS,
    DESIGNATIONS,
    INSTRUCTIONS,
    PERSONS,
    UNIONS,
    WORKSHOPS,
)
from lifecycle.designations.model import Designation
from lifecycle.funding.model import Grant
from lifecycle.inspections.model import Inspection
from lifecycle.persons.model import Person
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop
from tests.adoption_helpers import FIVE_ERRORS, data_row, five_errors_rows, workbook
from tests.integration.web.conftest import Site, csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _district_file(site: Site, *, bad: bool = False) -> bytes:
    """Three titles under the officer's own district (named by it)."""
    with site.uow() as u:
        city = u.unions.get(site.tree.city.id, scope=EVERYTHING)
        district = u.unions.get(site.tree.district.id, scope=EVERYTHING)
        assert city is not None
        assert district is not None
        base = f"{city.name}/{district.name}"
    rows = sample_registry(titles=3, districts=1, naming_date=date(2023, 12, 20), full=False)
    sector, unit = f"{base}/导入街道总工会", f"{base}/导入街道总工会/导入公司工会"
    old_unit = rows[UNIONS.name][-1][0]
    rows[UNIONS.name] = [[sector, "行业、街镇、直属工会"], [unit, "基层单位工会"]]
    rows[CONTACTS.name] = [[unit, "赵联系人", "zhao@unit.example.cn", "单位联系人"]]
    for sheet in (PERSONS.name, WORKSHOPS.name, DESIGNATIONS.name):
        for row in rows[sheet]:
            for i, value in enumerate(row):
                if value == old_unit:
                    row[i] = unit
    for row in rows[DESIGNATIONS.name]:
        row[6] = base
    if bad:
        rows[DESIGNATIONS.name][1][5] = "2023-02-30"
    return workbook(rows)


def _upload(site: Site, browser, content: bytes, *, dry_run: bool) -> str:
    page = browser.get("/adoption")
    assert page.status_code == 200
    data = {"csrf_token": csrf_of(page.text, "/adoption/import")}
    if dry_run:
        data["dry_run"] = "1"
    started = browser.post(
        "/adoption/import", data=data, files={"file": ("名册.xlsx", content, XLSX)}
    )
    assert started.status_code == 303, started.text
    job_url = started.headers["location"]
    job_id = job_url.rsplit("/", 1)[1]
    job = site.app_client.app.state.adoption_jobs._jobs[job_id]
    job.thread.join(timeout=120)
    result = browser.get(job_url)
    assert result.status_code == 200
    return result.text


def test_an_officer_uploads_a_registry_sees_every_bad_cell_then_imports_it(site: Site) -> None:
    browser = site.login("district")
    assert "名册导入" in browser.get("/dashboard").text
    template = browser.get("/adoption/template.xlsx")
    assert template.status_code == 200
    assert template.headers["content-type"] == XLSX
    notes = load_workbook(io.BytesIO(template.content))[INSTRUCTIONS]
    said = {str(row[1]) for row in notes.iter_rows(values_only=True) if row[0] == "考核"}
    # The floor the 考核 use case refuses an earlier date by is said before the upload [S9].
    assert any("各环节日期不早于考核年度的10月1日" in line for line in said), said
    refused = _upload(site, browser, _district_file(site, bad=True), dry_run=False)
    assert "未导入任何记录" in refused
    assert f'<td>命名</td><td class="num">{data_row(1)}</td>' in refused
    assert "日期不存在：2023-02-30（格式如 2026-03-01）" in refused
    tried = _upload(site, browser, _district_file(site), dry_run=True)
    assert "检查通过，尚未写入" in tried
    done = _upload(site, browser, _district_file(site), dry_run=False)
    assert "已全部导入" in done
    assert '<td>命名</td><td class="num">3</td>' in done
    # The page says what the export holds: ID numbers masked, people named by 人员编号.
    assert "文件中的身份证号已脱敏，人员以“人员编号”识别" in browser.get("/adoption").text
    exported = browser.get("/adoption/export.xlsx")
    assert exported.status_code == 200
    again = _upload(site, browser, exported.content, dry_run=True)
    # The site's own title was entered without ID numbers: its people are named by their
    # 人员编号, and the unedited export changes nothing.
    assert "检查通过，尚未写入" in again
    counts = re.findall(
        r'<tr><td>([^<]*)</td><td class="num">(\d+)</td><td class="num">(\d+)</td>', again
    )
    assert ("人员", "0", "0") in counts
    assert [c for c in counts if c[1:] != ("0", "0")] == []


def test_bulk_inspections_from_the_filtered_list_all_or_none(site: Site) -> None:
    browser = site.login("district")
    _upload(site, browser, _district_file(site), dry_run=False)
    page = browser.get("/adoption/bulk?status=named")
    assert page.status_code == 200
    ids = [int(v) for v in re.findall(r'name="designation_id" value="(\d+)"', page.text)]
    assert len(ids) == 4  # the site's own title and the three imported
    token = csrf_of(page.text, "/adoption/bulk")
    form = {"csrf_token": token, "action": "inspect", "scheduled_on": "2026-12-10",
            "place": "现场", "inspectors": "王干事", "status": "named"}  # fmt: skip
    chosen = [str(i) for i in ids]
    # One title's own refusal (a date before its cycle's last year) refuses them all.
    early = {**form, "scheduled_on": "2024-01-10", "designation_id": chosen}
    refused = browser.post("/adoption/bulk", data=early)
    assert refused.status_code == 422
    said = r'<div class="alert" role="alert">\d+个工作室不能办理，全部未执行'
    assert re.search(said, refused.text)
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Inspection)) == 0
    done = browser.post("/adoption/bulk", data={**form, "designation_id": chosen})
    assert done.status_code == 200, done.text
    assert done.text.count("已安排第") == 4
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Inspection)) == 4


def test_the_page_lists_every_error_of_every_sheet_from_one_upload(site: Site) -> None:
    """The city tester's file: the five errors of three sheets and the grant naming the title
    refused in 命名 row 4, in one table after one upload; nothing written."""
    browser = site.login("city")
    with site.uow() as u:
        city = u.unions.get(site.tree.city.id, scope=EVERYTHING)
        district = u.unions.get(site.tree.district.id, scope=EVERYTHING)
        assert city is not None
        assert district is not None
        content = workbook(five_errors_rows(city.name, district.name))
    models = (Union, Person, Workshop, Designation, Grant)

    def counts() -> list[int]:
        with site.uow() as u:
            return [u.session.scalar(select(func.count()).select_from(m)) or 0 for m in models]

    before = counts()
    refused = _upload(site, browser, content, dry_run=False)
    assert "文件中有6处错误，未导入任何记录" in refused
    table = re.findall(
        r'<tr><td>([^<]*)</td><td class="num">(\d+)</td><td>([A-Z]+)（[^<]*）</td><td>([^<]*)</td>',
        refused,
    )
    assert [(sheet, int(row), column) for sheet, row, column, _ in table] == list(FIVE_ERRORS)
    for (*_, message), why in zip(table, FIVE_ERRORS.values(), strict=True):
        assert why in message
    assert "未登记" not in refused
    assert counts() == before


def test_a_file_over_the_upload_limit_is_refused_beside_the_file_as_the_api_refuses_it(
    site: Site,
) -> None:
    """The page reads no file the API would refuse: over ``max_upload_bytes`` it is refused
    before any import starts, beside 名册文件, in the API's words; nothing is written."""
    limit = site.app_client.app.state.settings.max_upload_bytes
    content = _district_file(site)
    oversize = content + b"\0" * (limit + 1 - len(content))
    browser = site.login("district")
    jobs = getattr(site.app_client.app.state, "adoption_jobs", None)
    jobs_before = len(jobs._jobs) if jobs else 0
    with site.uow() as u:
        unions = u.session.scalar(select(func.count()).select_from(Union))
    page = browser.get("/adoption")
    data = {"csrf_token": csrf_of(page.text, "/adoption/import"), "dry_run": "1"}
    refused = browser.post(
        "/adoption/import", data=data, files={"file": ("名册.xlsx", oversize, XLSX)}
    )
    message = f"文件超过{limit // (1024 * 1024)}MB，未导入任何记录"
    assert refused.status_code == 422
    assert f'<div class="error" id="a-file-error">{message}</div>' in refused.text
    jobs = getattr(site.app_client.app.state, "adoption_jobs", None)
    assert (len(jobs._jobs) if jobs else 0) == jobs_before  # no import was started
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Union)) == unions
    # The same file within the limit is read and checked as usual (the job joined before the
    # test ends: it works on the site's connection).
    assert "检查通过，尚未写入" in _upload(site, browser, content, dry_run=True)
