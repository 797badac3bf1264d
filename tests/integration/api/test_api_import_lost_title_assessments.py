"""The adoption import keeps a lost city title's 考核 over the JSON API, on both backends: the steps
its unions took while it was held come back from the export and go in again (a round trip keeps
them), a step dated after the title's end is a bad cell naming that end, and a year they leave
waiting ends with the title, as it does when the title ends in the service [S9]."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.sheets import (
    ASSESSMENTS,
    CONTACTS,
    DESIGNATIONS,
    GRANTS,
    HONOURS,
    INSTRUCTIONS,
    UNIONS,
)
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.adoption_helpers import data_row, workbook
from tests.integration.api.conftest import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER = "沪劳创 2023-001"
CITY_SCHEME = get_scheme("shanghai-model-worker").settings.name
PASS, FAIL = "通过（合格/保留）", "不通过（不合格/摘牌）"
REF = "沪工〔2025〕5号"


def _rows(api: Api, ended_on: date, steps: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """One city title of the district officer's unit, 摘牌 on ``ended_on``, with ``steps``."""
    with api.uow() as u:
        city = u.unions.get(api.tree.city.id, scope=EVERYTHING)
        district = u.unions.get(api.tree.district.id, scope=EVERYTHING)
        assert city is not None
        assert district is not None
        base = f"{city.name}/{district.name}"
        city_path = city.name
    rows = sample_registry(titles=1, districts=1, naming_date=date(2023, 6, 1))
    unit = f"{base}/考核街道总工会/考核公司工会"
    old = rows[UNIONS.name][-1][0]
    rows[UNIONS.name] = [[f"{base}/考核街道总工会", "行业、街镇、直属工会"], [unit, "基层单位工会"]]
    rows[GRANTS.name] = []
    rows[CONTACTS.name] = [[unit, "钱联系人", "qian@unit.example.cn", "单位联系人"]]
    for sheet in rows.values():
        for row in sheet:
            for i, value in enumerate(row):
                if value == old:
                    row[i] = unit
    rows[HONOURS.name][0][1] = "上海市劳动模范"
    title = rows[DESIGNATIONS.name][0]
    title[0], title[1], title[6], title[7] = CITY_SCHEME, NUMBER, city_path, "沪工〔2023〕1号"
    title[8:] = ["已撤牌/摘牌", ended_on, REF]
    rows[ASSESSMENTS.name] = [[CITY_SCHEME, NUMBER, *step] for step in steps]
    return rows


def _import(api: Api, rows: dict[str, list[list[Any]]]) -> Any:
    files = {"file": ("名册.xlsx", workbook(rows), XLSX)}
    city = api.callers[Role.CITY_OFFICER].headers
    return api.client.post("/api/v1/adoption/import", headers=city, files=files)


def _exported_steps(api: Api) -> list[list[Any]]:
    city = api.callers[Role.CITY_OFFICER].headers
    exported = api.client.get("/api/v1/adoption/export", headers=city)
    assert exported.status_code == 200, exported.text
    sheet = load_workbook(BytesIO(exported.content))[ASSESSMENTS.name]
    found = []
    for row in sheet.iter_rows(min_row=data_row(0), values_only=True):
        if row[1] == NUMBER:
            day = row[5].date() if hasattr(row[5], "date") else row[5]
            found.append([row[2], row[3], row[4], day, row[6], row[7], row[8]])
    return found


def _assessments(api: Api) -> list[dict[str, Any]]:
    city = api.callers[Role.CITY_OFFICER].headers
    with api.uow() as u:
        title = u.designations.get_by_number("shanghai-model-worker", NUMBER)
        assert title is not None
        title_id = title.id
    answer = api.client.get(f"/api/v1/designations/{title_id}/assessments", headers=city)
    assert answer.status_code == 200, answer.text
    return sorted(answer.json()["items"], key=lambda a: a["year"])


def test_a_lost_titles_assessment_steps_survive_the_export_and_import(api: Api) -> None:
    steps = [
        [2024, "单位工会", PASS, date(2024, 12, 10), "李主席", "合格", None],
        [2024, "区局（产业）工会", PASS, date(2024, 12, 20), "王部长", "合格", None],
        [2025, "单位工会", FAIL, date(2025, 12, 10), "李主席", "领衔劳模离职", None],
        [2025, "区局（产业）工会", FAIL, date(2025, 12, 15), "王部长", "申请摘牌", None],
        [2025, "市总工会", FAIL, date(2025, 12, 20), "赵处长", "同意摘牌", REF],
    ]
    done = _import(api, _rows(api, date(2025, 12, 20), steps))
    assert done.status_code == 200, done.text
    counts = {s["sheet"]: s for s in done.json()["sheets"]}
    assert counts[ASSESSMENTS.name]["created"] == 5

    years = _assessments(api)
    assert [(a["year"], a["outcome"]) for a in years] == [(2024, "passed"), (2025, "revoked")]
    assert (years[1]["city_on"], years[1]["decision_ref"]) == ("2025-12-20", REF)
    # The export gives back the very rows imported: the round trip loses none of them.
    assert _exported_steps(api) == steps
    # Imported again, every step is on record already.
    again = _import(api, _rows(api, date(2025, 12, 20), steps))
    assert again.status_code == 200, again.text
    counts = {s["sheet"]: s for s in again.json()["sheets"]}
    assert (counts[ASSESSMENTS.name]["created"], counts[ASSESSMENTS.name]["unchanged"]) == (0, 5)


def test_a_step_after_the_titles_end_is_a_bad_cell_and_nothing_is_written(api: Api) -> None:
    steps = [
        [2025, "单位工会", FAIL, date(2025, 12, 10), "李主席", "领衔劳模离职", None],
        [2025, "区局（产业）工会", FAIL, date(2025, 12, 28), "王部长", "申请摘牌", None],
    ]
    before = api.writes()
    refused = _import(api, _rows(api, date(2025, 12, 20), steps))
    assert refused.status_code == 422, refused.text
    cells = refused.json()["error"]["cells"]
    assert [(c["sheet"], c["row"], c["header"]) for c in cells] == [
        (ASSESSMENTS.name, data_row(1), "日期")
    ]
    assert cells[0]["message"] == "日期不能晚于该称号已摘牌的日期（2025年12月20日）"
    assert api.writes() == before


def test_a_year_left_waiting_by_a_lost_title_ends_with_it(api: Api) -> None:
    """Lost on its 附件3 while the 考核 waited for the city: the year decides nothing more."""
    steps = [
        [2025, "单位工会", FAIL, date(2025, 12, 10), "李主席", "领衔劳模离职", None],
        [2025, "区局（产业）工会", FAIL, date(2025, 12, 15), "王部长", "申请摘牌", None],
    ]
    done = _import(api, _rows(api, date(2025, 12, 20), steps))
    assert done.status_code == 200, done.text
    [year] = _assessments(api)
    assert (year["year"], year["outcome"]) == (2025, "closed")
    assert _exported_steps(api) == steps


def test_the_templates_assessment_note_cites_the_article_and_says_how_a_lost_title_ends(
    api: Api,
) -> None:
    """The 考核 sheet's instruction cites [S9] by its title (it read 【上海市劳模创新工作室管理办法
    第九条】, a title the regulation does not bear) and says how a lost title's steps go in."""
    city = api.callers[Role.CITY_OFFICER].headers
    template = api.client.get("/api/v1/adoption/template", headers=city)
    assert template.status_code == 200, template.text
    lines = [
        str(row[1])
        for row in load_workbook(BytesIO(template.content))[INSTRUCTIONS].iter_rows(
            values_only=True
        )
        if row[0] == ASSESSMENTS.name
    ]
    assert len(lines) == 1
    assert "逐级填写（《上海市“劳模创新工作室”管理办法（修订）》第九条）" in lines[0]
    assert "【" not in lines[0]
    assert "已撤牌/摘牌或退出的命名，各环节日期不晚于其状态生效日期" in lines[0]
