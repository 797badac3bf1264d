"""Finance pages: record, correct and void a grant by form; errors beside fields, input kept."""

from __future__ import annotations

import re
from io import BytesIO

from openpyxl import load_workbook

from tests.integration.web.conftest import csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ledger(browser, site):
    return browser.get(f"/finance/designations/{site.designation.id}")


def test_finance_records_corrects_and_voids_a_grant_on_the_ledger_page(site):
    browser = site.login("finance")
    page = _ledger(browser, site)
    assert page.status_code == 200
    new = f"/finance/designations/{site.designation.id}/grants"
    form = {"kind": "one_off", "approval_ref": "", "approved_on": "2023-04-01"}
    bad = browser.post(new, data={"csrf_token": csrf_of(page.text), **form})
    assert bad.status_code == 422
    assert "批准文号不能为空" in bad.text
    assert 'value="2023-04-01"' in bad.text  # what was typed stays
    assert browser.post(new, data={**form, "approval_ref": "杨工〔2023〕15号"}).status_code == 403
    ok = browser.post(
        new,
        data={
            "csrf_token": csrf_of(page.text),
            **form,
            "approval_ref": "杨工〔2023〕51号",
            "paid_on": "2023-04-20",
        },
    )
    assert ok.status_code == 303, ok.text
    page = _ledger(browser, site)
    assert "杨工〔2023〕51号" in page.text
    grant_id = int(re.search(r'id="grant-(\d+)"', page.text).group(1))

    correct = f"/finance/grants/{grant_id}/correct"
    fields = {
        "expected_version": "1",
        "approval_ref": "杨工〔2023〕15号",
        "approved_on": "2023-04-01",
        "paid_on": "2023-04-20",
        "amount_yuan": "10,000.00",
    }
    bad = browser.post(correct, data={"csrf_token": csrf_of(page.text), **fields, "reason": ""})
    assert bad.status_code == 422
    assert "更正原因不能为空" in bad.text
    assert 'value="杨工〔2023〕15号"' in bad.text
    done = browser.post(
        correct, data={"csrf_token": csrf_of(page.text), **fields, "reason": "文号录入错误"}
    )
    assert done.status_code == 303, done.text
    page = _ledger(browser, site)
    assert "已更正" in page.text
    assert "文号录入错误" in page.text
    stale = browser.post(
        f"/finance/grants/{grant_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "reason": "误录"},
    )
    assert stale.status_code == 422
    assert "已被他人修改" in stale.text
    voided = browser.post(
        f"/finance/grants/{grant_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "2", "reason": "误录"},
    )
    assert voided.status_code == 303
    page = _ledger(browser, site)
    assert "已作废" in page.text
    assert "不计入到账" in page.text
    with site.uow() as uow:
        ledger_grant = uow.funding.get_grant(grant_id)
        assert ledger_grant is not None
        assert ledger_grant.voided


def test_only_finance_sees_the_grant_forms_and_another_district_gets_404(site):
    unit = site.login("unit")
    assert "登记补贴" not in _ledger(unit, site).text
    other = site.login("other")
    page = other.get("/finance")
    refused = other.post(
        "/finance/grants/999999/void", data={"csrf_token": csrf_of(page.text), "reason": "x"}
    )
    assert refused.status_code in (403, 404)


def _union_file(browser, rows) -> bytes:
    template = browser.get("/finance/union-expenditure-template.xlsx")
    assert template.status_code == 200
    wb = load_workbook(BytesIO(template.content))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_unit_contact_imports_one_file_for_the_unions_workshops(site):
    browser = site.login("unit")
    page = browser.get("/finance")
    assert 'id="union-import"' in page.text
    good = [str(site.designation.id), "2026-10-12", "66.00", "某书店", "书籍", "书", "W1"]
    bad_row = ["999999", *good[1:6], "W2"]
    files = {"file": ("支出.xlsx", _union_file(browser, [good, bad_row]), XLSX)}
    bad = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert bad.status_code == 422
    assert "第3行「命名记录」" in bad.text
    with site.uow() as uow:
        assert uow.funding.expenditures_of(site.designation.id) == []
    files = {"file": ("支出.xlsx", _union_file(browser, [good]), XLSX)}
    ok = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert ok.status_code == 303
    with site.uow() as uow:
        assert len(uow.funding.expenditures_of(site.designation.id)) == 1
