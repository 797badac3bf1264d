"""Pages: an open audit finding in the 我的待办 and on the dashboard of the finance staff who
answer it, not of the district's officer; gone once answered (reading 33w)."""

from __future__ import annotations

from datetime import date

from lifecycle.funding.audit import ResolveFinding, resolve_finding
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.vocab import ResolutionOutcome
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site

Y16 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十六条"
DUTY = "审计发现待处理：支出类别属禁止用途 640.00 元"


def test_finance_finds_the_open_finding_in_its_todo_and_on_its_dashboard(site: Site) -> None:
    title = site.designation
    with site.uow() as u:
        spent = RecordExpenditure(
            title.id, date(2026, 10, 9), "640.00", "某单位", ExpenditureCategory.ALLOWANCE,
            "加班津贴", "FP-640",
        )  # fmt: skip
        record_expenditure(u, spent, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        finding_id = next(
            x.id for x, _ in u.funding.findings_of(title.id) if x.kind == "forbidden_category"
        )
    finance = site.login("finance")
    todo = finance.get("/todo", params={"mine": "1"})
    assert todo.status_code == 200
    assert DUTY in todo.text
    assert Y16 in todo.text
    assert "专款专用审计发现待处理" in todo.text
    board = finance.get("/dashboard")
    assert DUTY in board.text  # among the steps with no deadline of their own
    assert 'id="open-findings-tile"' in board.text
    assert DUTY not in site.login("district").get("/todo", params={"mine": "1"}).text

    with site.uow() as u:
        answer = ResolveFinding(finding_id, ResolutionOutcome.EXPLAINED, "已核实", f.AS_OF)
        resolve_finding(u, answer, actor=f.finance_of(site.tree.district.id), as_of=f.AS_OF,
                        scope=EVERYTHING)  # fmt: skip
        u.commit()
    assert DUTY not in finance.get("/todo", params={"mine": "1"}).text
