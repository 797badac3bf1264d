"""The unit union spent the money and keeps the fund ledger [Y10]; the title must keep its
money 专款专用 [Y16]. An open audit finding on one of its expenditures is said on that
expenditure's row of 支出记录 (reading finance56a): the unit contact reads it where it corrects
or voids the record, told that finance answers it; once the record is corrected the audit
closes the finding and the row says nothing more. Finance reads the same line, without the
offer to correct (it does not amend the unit's record)."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of


def _row_note(html: str, expenditure_id: int) -> str | None:
    found = re.search(rf'<div id="expenditure-{expenditure_id}-findings">(.*?)</div>', html, re.S)
    return None if found is None else re.sub(r"<[^>]+>", "", found.group(1))


def test_the_unit_reads_the_open_finding_on_its_expenditure_until_it_is_corrected(
    site: Site,
) -> None:
    with site.uow() as u:
        spent = record_expenditure(
            u,
            RecordExpenditure(
                site.designation.id, date(2026, 10, 9), "860.00", "某航空公司",
                ExpenditureCategory.TRAVEL, "外出参观交流机票", "FP-9",
            ),
            actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
    ledger = f"/finance/designations/{site.designation.id}"
    finance = site.login("finance").get(ledger)
    note = _row_note(finance.text, spent.id)
    # No grant has arrived: spending beyond the money received is a finding too [Y16].
    both = "支出类别属禁止用途、支出超过已到账经费：待财务人员核实处理，详见审计发现"
    assert note == f"审计发现 {both}", note  # finance does not amend the unit's record

    unit = site.login("unit")
    page = unit.get(ledger)
    assert page.status_code == 200
    note = _row_note(page.text, spent.id)
    assert note is not None, page.text
    assert note == f"审计发现 {both}；如登记有误，可更正该笔支出", note
    fields = {
        "expected_version": "1", "spent_on": "2026-10-09", "amount_yuan": "860.00",
        "payee": "某书店", "category": "books", "description": "专业书籍", "receipt_ref": "FP-9",
        "reason": "类别和收款方录错，实为购书",
    }  # fmt: skip
    done = unit.post(
        f"/finance/expenditures/{spent.id}/correct",
        data={"csrf_token": csrf_of(page.text), **fields},
    )
    assert done.status_code == 303, done.text
    page = unit.get(ledger)
    note = _row_note(page.text, spent.id)
    over = "支出超过已到账经费：待财务人员核实处理，详见审计发现"
    assert note == f"审计发现 {over}；如登记有误，可更正该笔支出", note
    assert "系统自动关闭" in page.text  # the audit closed it: the 审计发现 section says so


def test_the_unit_reads_an_open_finding_as_waiting_for_finance_staff(site: Site) -> None:
    """Only finance staff answer a finding (已说明、已退回、已移交); the unit union's dashboard and
    the title's page tell it the finding waits for them and that it may correct its entry, in
    the words of the expenditure row; finance is still asked to answer (reading ux57a)."""
    with site.uow() as u:
        record_expenditure(
            u,
            RecordExpenditure(
                site.designation.id, date(2026, 10, 9), "860.00", "某书店",
                ExpenditureCategory.BOOKS, "专业书籍", "FP-9",
            ),
            actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
    finding = "审计发现待处理：支出超过已到账经费 860.00 元，经费须专款专用（"
    unit_line = "）；待财务人员核实处理；如登记有误，可更正该笔支出"
    asked = "）；请说明、退回或移交处理"
    unit = site.login("unit")
    title = f"/designations/{site.designation.id}"
    for page in (unit.get("/dashboard").text, unit.get(title).text):
        line = re.search(rf"{finding}[^<]*", page)
        assert line is not None, page
        assert line.group(0).endswith(unit_line), line.group(0)
        assert "请说明、退回或移交处理" not in page
    finance = site.login("finance").get("/dashboard").text
    line = re.search(rf"{finding}[^<]*", finance)
    assert line is not None, finance
    assert line.group(0).endswith(asked), line.group(0)
