"""Ledger page: the unit union corrects (更正) and voids (作废) an expenditure by form [Y10][Y16];
refusals beside the fields with what was typed, nothing written."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.model import ExpenditureChange
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import csrf_of


def _spend(site) -> int:
    with site.uow() as u:
        spent = record_expenditure(
            u,
            RecordExpenditure(
                site.designation.id, date(2026, 10, 9), "4,000.00", "某书店",
                ExpenditureCategory.BOOKS, "专业书籍", "FP-1",
            ),
            actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
        return spent.id


def _changes(site) -> int:
    with site.uow() as u:
        return len(u.session.query(ExpenditureChange).all())


def test_the_unit_contact_corrects_then_voids_an_expenditure_on_the_ledger_page(site):
    spent_id = _spend(site)
    browser = site.login("unit")
    ledger = f"/finance/designations/{site.designation.id}"
    page = browser.get(ledger)
    assert page.status_code == 200
    assert f'action="/finance/expenditures/{spent_id}/correct"' in page.text
    correct = f"/finance/expenditures/{spent_id}/correct"
    fields = {
        "expected_version": "1",
        "spent_on": "2026-10-09",
        "amount_yuan": "400.00",
        "payee": "某书店",
        "category": "books",
        "description": "专业书籍",
        "receipt_ref": "FP-1",
    }
    bad = browser.post(correct, data={"csrf_token": csrf_of(page.text), **fields, "reason": ""})
    assert bad.status_code == 422
    assert "更正原因不能为空" in bad.text
    assert 'value="400.00"' in bad.text  # what was typed stays
    zero = browser.post(
        correct,
        data={"csrf_token": csrf_of(page.text), **fields, "amount_yuan": "0", "reason": "改"},
    )
    assert zero.status_code == 422
    assert "金额必须大于零" in zero.text
    assert _changes(site) == 0
    done = browser.post(
        correct, data={"csrf_token": csrf_of(page.text), **fields, "reason": "金额多录一个零"}
    )
    assert done.status_code == 303, done.text
    page = browser.get(ledger)
    assert "已更正" in page.text
    assert "金额多录一个零" in page.text
    assert "4,000.00" in page.text  # the amount first recorded, in the 修改记录

    void = f"/finance/expenditures/{spent_id}/void"
    stale = browser.post(
        void, data={"csrf_token": csrf_of(page.text), "expected_version": "1", "reason": "误录"}
    )
    assert stale.status_code == 422
    assert "已被他人修改" in stale.text
    assert 'value="误录"' in stale.text
    empty = browser.post(
        void, data={"csrf_token": csrf_of(page.text), "expected_version": "2", "reason": ""}
    )
    assert empty.status_code == 422
    assert "作废原因不能为空" in empty.text
    assert _changes(site) == 1
    done = browser.post(
        void, data={"csrf_token": csrf_of(page.text), "expected_version": "2", "reason": "重复登记"}
    )
    assert done.status_code == 303, done.text
    page = browser.get(ledger)
    assert "已作废" in page.text
    assert "重复登记" in page.text
    assert f'action="/finance/expenditures/{spent_id}/correct"' not in page.text
    export = browser.get(ledger + "/ledger.xlsx")
    sheet = load_workbook(BytesIO(export.content)).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "某书店" not in cells


def test_finance_and_another_district_may_not_change_an_expenditure(site):
    spent_id = _spend(site)
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{site.designation.id}")
    assert f'action="/finance/expenditures/{spent_id}/correct"' not in page.text
    assert "联络人办理" in page.text
    refused = finance.post(
        f"/finance/expenditures/{spent_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "reason": "作废"},
    )
    assert refused.status_code == 403
    other = site.login("other")
    page = other.get("/dashboard")
    missing = other.post(
        f"/finance/expenditures/{spent_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "reason": "作废"},
    )
    assert missing.status_code in (403, 404)
    assert _changes(site) == 0


def test_a_correction_from_a_page_read_before_the_void_says_the_expenditure_was_voided(site):
    """Two tabs: one voids the expenditure, the other, read before, posts a correction. The
    voided record has no form left, so its refusal is shown in its place, not lost."""
    spent_id = _spend(site)
    browser = site.login("unit")
    ledger = f"/finance/designations/{site.designation.id}"
    read_before = browser.get(ledger)
    token = csrf_of(read_before.text)
    voided = browser.post(
        f"/finance/expenditures/{spent_id}/void",
        data={"csrf_token": token, "expected_version": "1", "reason": "重复登记"},
    )
    assert voided.status_code == 303, voided.text
    late = {
        "csrf_token": token, "expected_version": "1", "spent_on": "2026-10-09",
        "amount_yuan": "400.00", "payee": "某书店", "category": "books",
        "description": "专业书籍", "receipt_ref": "FP-1", "reason": "金额多录一个零",
    }  # fmt: skip
    for action, data in (
        ("correct", late),
        ("void", {"csrf_token": token, "expected_version": "1", "reason": "误录"}),
    ):
        refused = browser.post(f"/finance/expenditures/{spent_id}/{action}", data=data)
        assert refused.status_code == 422
        alert = refused.text.split(f'id="spend-{action}-{spent_id}">', 1)[1].split("</div>")[0]
        assert "2026-10-09 某书店 4,000.00 元：该支出记录已于2026-11-21作废" in alert
    assert _changes(site) == 1  # the void alone
