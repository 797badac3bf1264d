"""The registry page: a city or district union of a taken region is refused beside 地区代码 [Y7].

The service has no form of its own for a union's region: unions are added and corrected through
the registry workbook (名册导入), where a refused row is listed with its sheet, row and column.
"""

from __future__ import annotations

from html import escape

from sqlalchemy import select

from lifecycle.adoption.sheets import UNIONS
from lifecycle.audit.model import AuditEntry
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from tests.adoption_helpers import data_row, workbook
from tests.integration.web.conftest import Site, csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAKEN = "该地区代码已由杨浦区总工会使用，同一层级只能有一个工会使用"


def _written(site: Site) -> tuple[list[tuple[int, str | None]], int]:
    with site.uow() as u:
        unions = u.session.scalars(select(Union).order_by(Union.id))
        audit = len(u.session.scalars(select(AuditEntry.id)).all())
        return [(x.id, x.region_code) for x in unions], audit


def test_a_second_district_of_yangpus_region_is_refused_beside_its_region_code(site: Site) -> None:
    with site.uow() as u:
        city = u.unions.get(site.tree.city.id, EVERYTHING)
        assert city is not None
        rows = [
            [f"{city.name}/杨浦区总工会（第二）", "区局（产业）工会", "杨二", "yangpu"],
            [f"{city.name}/{site.tree.other_district.name}", "区局（产业）工会", None, "yangpu"],
        ]
    before = _written(site)
    browser = site.login("city")
    page = browser.get("/adoption")
    assert page.status_code == 200
    started = browser.post(
        "/adoption/import",
        data={"csrf_token": csrf_of(page.text, "/adoption/import")},
        files={"file": ("工会.xlsx", workbook({UNIONS.name: rows}), XLSX)},
    )
    assert started.status_code == 303, started.text
    job_url = started.headers["location"]
    job = site.app_client.app.state.adoption_jobs._jobs[job_url.rsplit("/", 1)[1]]
    job.thread.join(timeout=120)
    result = browser.get(job_url).text
    assert "未导入任何记录" in result
    for i in (0, 1):
        row = f'<td>工会</td><td class="num">{data_row(i)}</td><td>D（地区代码）</td>'
        assert f"{row}<td>{escape(TAKEN)}</td>" in result
    assert _written(site) == before
