"""Ledger page: the unit union corrects (更正) and voids (作废) an expenditure by form [Y10][Y16];
refusals beside the fields with what was typed, nothing written."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.model import ExpenditureChange
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of


def _spend(site: Site) -> int:
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


def _changes(site: Site) -> int:
    with site.uow() as u:
        return len(u.session.query(ExpenditureChange).all())


def test_the_unit_contact_corrects_then_voids_an_expenditure_on_the_ledger_page(site: Site) -> None:
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
    # The user's own correction above made it stale: no 「他人」 is said (before: 已被他人修改).
    assert "该支出记录已在您打开后被修改，请刷新后重试" in stale.text
    assert "他人" not in stale.text
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


def test_finance_and_another_district_may_not_change_an_expenditure(site: Site) -> None:
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


def _text(html: str) -> str:
    """The page's text, tags dropped and spaces collapsed (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_expenditures_history_page_shows_what_was_recorded_and_each_change(
    site: Site,
) -> None:
    spent_id = _spend(site)
    unit = site.login("unit")
    ledger = f"/finance/designations/{site.designation.id}"
    page = unit.get(ledger)
    link = f"/history/expenditure/{spent_id}"
    assert f'href="{link}"' in page.text  # reached from the ledger row
    fields = {
        "expected_version": "1", "spent_on": "2026-10-08", "amount_yuan": "400.00",
        "payee": "某书店", "category": "books", "description": "专业书籍", "receipt_ref": "FP-1",
    }  # fmt: skip
    sent = {"csrf_token": csrf_of(page.text), **fields, "reason": "金额多录一个零"}
    assert unit.post(f"/finance/expenditures/{spent_id}/correct", data=sent).status_code == 303
    page = unit.get(ledger)
    sent = {"csrf_token": csrf_of(page.text), "expected_version": "2", "reason": "重复登记"}
    assert unit.post(f"/finance/expenditures/{spent_id}/void", data=sent).status_code == 303

    for who in ("unit", "finance", "district"):
        shown = site.login(who).get(link)
        assert shown.status_code == 200, who
        assert "支出记录修改记录" in shown.text
        assert f'href="{ledger}#expenditure-{spent_id}"' in shown.text
        entries = [_text(p) for p in shown.text.split('class="card history-entry"')[1:]]
        void, correction, recorded = entries
        assert "· 作废 · 版本 3" in void
        assert "作废原因：重复登记" in void
        assert "状态 有效 已作废" in void
        assert "· 更正 · 版本 2" in correction
        assert "更正原因：金额多录一个零" in correction
        assert "支出日期 2026年10月9日 2026年10月8日" in correction
        assert "金额（元） 4,000.00 400.00" in correction
        assert "收款方" not in correction  # only what the correction changed
        assert "· 登记 · 版本 1" in recorded
        assert "金额（元） 4,000.00" in recorded
        assert "票据号 FP-1" in recorded
    # Outside the scope: the refusal every history page gives.
    refused = site.login("other").get(link)
    assert refused.status_code == 404
    assert "支出记录不存在或不在管辖范围内" in refused.text
    assert site.login("district").get("/history/expenditure/999999").status_code == 404


def _field_errors(html: str, form: str) -> dict[str, str]:
    """The messages shown beside each field of the form named ``form``: field → text."""
    found = re.findall(
        rf'<div class="field has-error"><label for="{form}-(\w+)">'
        r'.*?<div class="error"[^>]*>(.*?)</div>',
        html,
        flags=re.S,
    )
    return dict(found)


def test_every_bad_field_of_the_correction_and_void_forms_is_shown_at_once(site: Site) -> None:
    spent_id = _spend(site)
    unit = site.login("unit")
    ledger = f"/finance/designations/{site.designation.id}"
    page = unit.get(ledger)
    form = f"spend-correct-{spent_id}"
    correct = f"/finance/expenditures/{spent_id}/correct"
    # A date that is no date: refused by the form, and the use case's checks of the rest too.
    typed = {
        "expected_version": "1", "spent_on": "2026-13-40", "amount_yuan": "十块",
        "payee": "", "category": "books", "description": " ", "receipt_ref": "FP-1",
        "reason": "",
    }  # fmt: skip
    bad = unit.post(correct, data={"csrf_token": csrf_of(page.text), **typed})
    assert bad.status_code == 422
    shown = _field_errors(bad.text, form)
    assert set(shown) == {"spent_on", "amount_yuan", "payee", "description", "reason"}, shown
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in shown.values()), shown  # in Chinese
    assert 'value="2026-13-40"' in bad.text
    assert 'value="十块"' in bad.text
    # A good date: the use case itself reports every bad field at once.
    typed |= {"spent_on": "2026-10-09", "amount_yuan": "0"}
    bad = unit.post(correct, data={"csrf_token": csrf_of(page.text), **typed})
    assert bad.status_code == 422
    shown = _field_errors(bad.text, form)
    assert set(shown) == {"amount_yuan", "payee", "description", "reason"}, shown
    assert 'value="0"' in bad.text
    # A tampered version is said above the form; the good date is not called missing.
    typed |= {"expected_version": "x"}
    bad = unit.post(correct, data={"csrf_token": csrf_of(page.text), **typed})
    assert bad.status_code == 422
    shown = _field_errors(bad.text, form)
    assert set(shown) == {"amount_yuan", "payee", "description", "reason"}, shown
    # The amount the form showed, emptied: refused, not taken as "keep the amount".
    typed |= {"expected_version": "1", "amount_yuan": "", "payee": "某书店", "description": "书"}
    bad = unit.post(correct, data={"csrf_token": csrf_of(page.text), **typed})
    assert bad.status_code == 422
    shown = _field_errors(bad.text, form)
    assert shown == {"amount_yuan": "金额不能为空", "reason": "更正原因不能为空"}, shown
    # The void form: its reason beside it, what was typed kept.
    void = f"/finance/expenditures/{spent_id}/void"
    sent = {"csrf_token": csrf_of(page.text), "expected_version": "x", "reason": " "}
    bad = unit.post(void, data=sent)
    assert bad.status_code == 422
    assert set(_field_errors(bad.text, f"spend-void-{spent_id}")) == {"reason"}
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
        assert "2026年10月9日 某书店 4,000.00 元：该支出记录已于2026年11月21日作废" in alert
    assert _changes(site) == 1  # the void alone
