"""The unit's duties by form: yearly filing with its file [Y11], 台账 entries [Y10][S8],
expenditures [Y16]; each reachable from the designation page, refusals beside their fields."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.excel_import import expenditure_template
from lifecycle.ledgers.service import ledger_of
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import csrf_of

# An upload of a type not taken, as the field's refusal words it.
WRONG_TYPE = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"

PDF = b"%PDF-1.4\n% self-check\n"
BARE_RULE_ID = re.compile(r"\[(?:[YSG]\d{1,2}|[CL](?:\s[^\]]{1,20})?)\]")


def _page(browser, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200, response.text[:300]
    assert not BARE_RULE_ID.search(response.text), BARE_RULE_ID.search(response.text)
    return response.text


def test_the_unit_files_the_self_check_and_the_evaluation_with_their_files(site):
    unit = site.login("unit")
    d = site.designation
    detail = _page(unit, f"/designations/{d.id}")
    assert f'href="/designations/{d.id}/filings/new"' in detail
    # Every section a dashboard or mail item links to is on the page (OCCASION_KIND_ANCHORS).
    for anchor in ("filings", "ledgers", "funding", "inspections", "notices"):
        assert f'id="{anchor}"' in detail
    assert 'id="assessments"' not in detail  # a Yangpu title owes no annual 考核 [S9]
    form = _page(unit, f"/designations/{d.id}/filings/new")
    # The oldest filing still owed first: the title was named in March 2023 [Y11].
    assert 'value="self_check" selected' in form
    assert 'name="year" type="number" value="2023"' in form
    data = {
        "csrf_token": csrf_of(form),
        "kind": "self_check",
        "year": "2026",
        "filed_on": "2026-11-20",
        "note": "自查情况良好",
    }
    # No file chosen: refused beside the file field, what was typed kept.
    refused = unit.post(f"/designations/{d.id}/filings", data=data)
    assert refused.status_code == 422
    assert "请选择自查报告或评估表文件" in refused.text
    assert "自查情况良好" in refused.text
    files = {"upload": ("2026年度自查报告.pdf", PDF, "application/pdf")}
    done = unit.post(f"/designations/{d.id}/filings", data=data, files=files)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/designations/{d.id}#filings"
    # The next form still proposes the oldest owed (2023's self-check, before this year's
    # evaluation); a second self-check the same year is refused.
    form = _page(unit, f"/designations/{d.id}/filings/new")
    assert 'value="self_check" selected' in form
    assert 'name="year" type="number" value="2023"' in form
    again = unit.post(f"/designations/{d.id}/filings", data=data, files=files)
    assert again.status_code == 422
    assert "2026年度的该项备案已提交" in again.text
    evaluation = {**data, "kind": "unit_evaluation", "note": "单位工会评估合格"}
    files = {"upload": ("评估表.pdf", PDF, "application/pdf")}
    assert (
        unit.post(f"/designations/{d.id}/filings", data=evaluation, files=files).status_code == 303
    )
    detail = _page(unit, f"/designations/{d.id}")
    assert "2026年 工作室年度自查" in detail
    assert "2026年 单位工会年度评估" in detail
    # Each filing names its file and opens it, for every reader in scope, nobody outside [Y11].
    links = {
        name: href
        for href, name in re.findall(
            r'<a href="(/designations/\d+/filings/\d+/file)">([^<]+)</a>', detail
        )
    }
    assert set(links) == {"2026年度自查报告.pdf", "评估表.pdf"}
    for who in ("unit", "district", "city", "finance"):
        got = site.login(who).get(links["2026年度自查报告.pdf"])
        assert got.status_code == 200, who
        assert got.content == PDF
        assert got.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")
    assert site.login("other").get(links["评估表.pdf"]).status_code == 404
    filing_id = links["评估表.pdf"].rsplit("/", 2)[1]
    assert unit.get(f"/designations/{d.id + 999}/filings/{filing_id}/file").status_code == 404


def test_the_unit_enters_each_ledger_and_a_refusal_keeps_what_was_typed(site):
    unit = site.login("unit")
    d = site.designation
    detail = _page(unit, f"/designations/{d.id}")
    for which in ("project", "activity", "achievement", "development"):
        assert f'href="/designations/{d.id}/ledger/{which}/new"' in detail

    def post(which: str, **fields: str):
        form = _page(unit, f"/designations/{d.id}/ledger/{which}/new")
        data = {"csrf_token": csrf_of(form), **fields}
        return unit.post(f"/designations/{d.id}/ledger/{which}", data=data)

    project = post(
        "project", year="2026", title="数控刀具寿命提升", work_plan="一季度调研，三季度试制",
        tied_to_main_business="on",
    )  # fmt: skip
    assert project.status_code == 303, project.text
    bad = post(
        "achievement", kind="utility_patent", title="一种快换夹具", achieved_on="2026-06-01",
        economic_benefit_yuan="十二万",
    )  # fmt: skip
    assert bad.status_code == 422
    assert "一种快换夹具" in bad.text
    assert 'id="f-economic_benefit_yuan"' in bad.text
    assert re.search(r'has-error">\s*<label for="f-economic_benefit_yuan"', bad.text)
    good = post(
        "achievement", kind="utility_patent", title="一种快换夹具", achieved_on="2026-06-01",
        economic_benefit_yuan="120,000.00", applied_in_production="on",
    )  # fmt: skip
    assert good.status_code == 303
    assert (
        post("activity", held_on="2026-05-10", title="技能比武", participants="18").status_code
        == 303
    )
    development = post(
        "development", kind="skill_upgrade", occurred_on="2026-07-01", person_id="",
        person_name="赵学徒", description="晋升高级工",
    )  # fmt: skip
    assert development.status_code == 303, development.text
    detail = _page(unit, f"/designations/{d.id}")
    for text in ("数控刀具寿命提升", "一种快换夹具", "120,000.00", "技能比武", "赵学徒"):
        assert text in detail
    assert unit.get(f"/designations/{d.id}/ledger/minutes/new").status_code == 404


def test_the_unit_records_an_expenditure_and_finance_may_not_file(site):
    unit = site.login("unit")
    d = site.designation
    detail = _page(unit, f"/designations/{d.id}")
    assert f'href="/finance/designations/{d.id}"' in detail
    ledger = _page(unit, f"/finance/designations/{d.id}")
    assert "第十六条" in ledger
    action = f"/finance/designations/{d.id}/expenditures"
    data = {
        "csrf_token": csrf_of(ledger, action),
        "category": "books",
        "spent_on": "2026-10-08",
        "amount_yuan": "多少",
        "payee": "上海书城",
        "description": "数控技术参考书",
        "receipt_ref": "FP-2026-88",
    }
    refused = unit.post(action, data=data)
    assert refused.status_code == 422
    assert "上海书城" in refused.text
    data["amount_yuan"] = "356.80"
    assert unit.post(action, data=data).status_code == 303
    assert "上海书城" in _page(unit, f"/finance/designations/{d.id}")

    finance = site.login("finance")
    assert finance.get(f"/designations/{d.id}/filings/new").status_code == 403
    assert finance.get(f"/designations/{d.id}/ledger/project/new").status_code == 403
    assert "登记一笔支出" not in _page(finance, f"/finance/designations/{d.id}")


def test_a_refused_import_names_the_row_and_the_column_of_each_bad_cell(site):
    unit = site.login("unit")
    d = site.designation
    wb = load_workbook(BytesIO(expenditure_template()))
    ws = wb.worksheets[0]
    for col, value in enumerate(
        ("2026-10-08", "三百元", "上海书城", "书籍", "参考书", "FP-9"), start=1
    ):
        ws.cell(row=2, column=col, value=value)
    data = BytesIO()
    wb.save(data)
    ledger = _page(unit, f"/finance/designations/{d.id}")
    action = f"/finance/designations/{d.id}/import"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(ledger, action)},
        files={"file": ("支出.xlsx", data.getvalue(), "application/octet-stream")},
    )
    assert refused.status_code == 422
    assert "第2行「金额（元）」（B列）" in refused.text


def test_an_expenditure_refused_for_its_date_names_every_other_bad_field_too(site):
    unit = site.login("unit")
    d = site.designation
    ledger = _page(unit, f"/finance/designations/{d.id}")
    action = f"/finance/designations/{d.id}/expenditures"
    with site.uow() as u:
        before = len(u.funding.expenditures_of(d.id))
    data = {
        "csrf_token": csrf_of(ledger, action),
        "category": "books",
        "spent_on": "2026-10-32",
        "amount_yuan": "多少",
        "payee": "",
        "description": "数控技术参考书",
        "receipt_ref": "FP-2026-88",
    }
    refused = unit.post(action, data=data)
    assert refused.status_code == 422
    for field, message in (
        ("spent_on", "支出日期有误：没有2026-10-32这一天"),
        ("amount_yuan", "金额格式不正确：请填写元，最多两位小数（如 10000.00）"),
        ("payee", "收款方不能为空"),
    ):
        beside = re.search(
            rf'id="spend-{field}"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)', refused.text
        )
        assert beside is not None, field
        assert message in beside.group(1)
    assert 'value="2026-10-32"' in refused.text
    assert 'value="多少"' in refused.text
    assert 'value="数控技术参考书"' in refused.text
    with site.uow() as u:
        assert len(u.funding.expenditures_of(d.id)) == before


def _entries(site) -> tuple[int, ...]:
    with site.uow() as u:
        ledger = ledger_of(u, site.designation.workshop_id, EVERYTHING)
        return tuple(
            len(entries)
            for entries in (
                ledger.projects,
                ledger.activities,
                ledger.achievements,
                ledger.member_developments,
            )
        )


def test_a_ledger_entry_refused_for_its_kind_date_or_number_names_every_other_bad_field_too(
    site,
):
    unit = site.login("unit")
    d = site.designation
    before = _entries(site)
    cases = {
        "project": (
            {"year": "二〇二六", "title": "", "work_plan": "一季度调研"},
            {"year": "项目年度应为整数", "title": "项目名称不能为空"},
        ),
        "activity": (
            {"held_on": "2026-05-32", "title": " ", "participants": "-3", "description": "比武"},
            {
                "held_on": "活动日期有误：没有2026-05-32这一天",
                "title": "活动名称不能为空",
                "participants": "参加人数不能为负数",
            },
        ),
        "achievement": (
            {
                "kind": "",
                "title": "",
                "achieved_on": "2026-06-01",
                "economic_benefit_yuan": "十二万",
                "social_benefit": "减少停机",
            },
            {
                "kind": "请选择成果类别",
                "title": "成果名称不能为空",
                "economic_benefit_yuan": "金额格式不正确：请填写元，最多两位小数（如 10000.00）",
            },
        ),
        "development": (
            {"kind": "", "person_id": "", "person_name": "", "occurred_on": "2026-7-1"},
            {
                "kind": "请选择发展类别",
                "occurred_on": "发生日期格式应为 YYYY-MM-DD",
                "person_name": "人员姓名不能为空",
                "description": "发展情况不能为空",
            },
        ),
    }
    for which, (typed, expected) in cases.items():
        form = _page(unit, f"/designations/{d.id}/ledger/{which}/new")
        refused = unit.post(
            f"/designations/{d.id}/ledger/{which}", data={"csrf_token": csrf_of(form), **typed}
        )
        assert refused.status_code == 422, which
        for field, message in expected.items():
            assert f'id="{field}-error">{message}</div>' in refused.text, (which, field)
        for field, value in typed.items():  # what was typed is kept
            if field in ("work_plan", "description", "social_benefit"):
                assert f">{value}</textarea>" in refused.text, (which, field)
            elif value.strip() and field not in ("kind", "person_id"):
                assert f'value="{value}"' in refused.text, (which, field)
    assert _entries(site) == before


def test_a_filing_refused_for_its_kind_names_the_date_and_the_file_too(site):
    unit = site.login("unit")
    d = site.designation
    form = _page(unit, f"/designations/{d.id}/filings/new")
    data = {
        "csrf_token": csrf_of(form),
        "kind": "",
        "year": "2026",
        "filed_on": "2026-12-01",
        "note": "自查情况良好",
    }
    files = {"upload": ("自查报告.exe", b"MZ\x90\x00", "application/octet-stream")}
    refused = unit.post(f"/designations/{d.id}/filings", data=data, files=files)
    assert refused.status_code == 422
    for field, message in (
        ("kind", "请选择备案类别"),
        ("filed_on", "备案日期不能晚于2026年11月21日"),
        ("upload", WRONG_TYPE),
    ):
        beside = re.search(rf'id="{field}-error">([^<]*)<', refused.text)
        assert beside is not None, field
        assert message in beside.group(1), field
    assert 'value="2026-12-01"' in refused.text
    assert "自查情况良好" in refused.text
    with site.uow() as u:
        assert list(u.filings.for_designation(d.id)) == []


def test_a_filing_year_before_a_title_named_this_year_names_the_one_year_it_may_be(site):
    """A title named in 2026 files for 2026 only: the refusal says so (「只能为2026年」), not a
    range from 2026 to 2026."""
    with site.uow() as u:
        d = f.named_designation(u, site.tree, naming_date=date(2026, 3, 2))
        u.commit()
    unit = site.login("unit")
    form = _page(unit, f"/designations/{d.id}/filings/new")
    data = {"csrf_token": csrf_of(form), "kind": "self_check", "year": "2025"}
    data |= {"filed_on": "2026-11-20", "note": ""}
    files = {"upload": ("自查报告.pdf", PDF, "application/pdf")}
    refused = unit.post(f"/designations/{d.id}/filings", data=data, files=files)
    assert refused.status_code == 422
    beside = re.search(r'id="year-error">([^<]*)<', refused.text)
    assert beside is not None
    assert beside.group(1) == "备案年度只能为2026年"
    assert 'value="2025"' in refused.text
    with site.uow() as u:
        assert list(u.filings.for_designation(d.id)) == []
