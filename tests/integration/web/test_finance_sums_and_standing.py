"""What an auditor prints from 经费管理 adds up and says how each title stands, on both backends
[Y16][S10]: the summary page and summary.xlsx total what the API totals; a revoked title's fund
ledger says it ended and when, on the page, in ledger.xlsx and over the API [Y12]."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.actors import Actor
from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import Site


def _money(site: Site) -> int:
    """The title's 10,000.00 grant (paid 2023-04-20) and two purchases, 1,234.56 in all."""
    d = site.designation.id
    with site.uow() as uow:
        grant = RecordGrant(
            d, GrantKind.ONE_OFF, "杨工〔2023〕15号", date(2023, 4, 1), date(2023, 4, 20)
        )
        record_grant(uow, grant, actor=f.finance_of(site.tree.district.id), as_of=AS_OF,
                     scope=EVERYTHING)  # fmt: skip
        for on, amount, category, ref in (
            (date(2023, 5, 8), "1,000.00", ExpenditureCategory.BOOKS, "FP-1"),
            (date(2023, 6, 8), "234.56", ExpenditureCategory.MATERIALS, "FP-2"),
        ):
            cmd = RecordExpenditure(d, on, amount, "上海书城", category, "技术书籍", ref)
            record_expenditure(uow, cmd, actor=Actor(name="单位联系人"), as_of=AS_OF,
                               scope=EVERYTHING)  # fmt: skip
        uow.commit()
    return d


def _token(site: Site, who: str) -> dict[str, str]:
    answer = site.client().post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames[who], "password": site.passwords[who]},
    )
    assert answer.status_code in (200, 201), answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _tfoot(html: str, section: str) -> list[str]:
    """The words of the 合计 row under ``section``'s table."""
    part = html.split(section, 1)[1].split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    return re.sub(r"<[^>]+>", " ", part).split()


def test_the_summary_page_and_workbook_total_what_the_api_totals(site: Site) -> None:
    before = site.login("finance").get("/finance").text
    uses = before.split("<h2>按用途的支出</h2>", 1)[1].split("</table>", 1)[0]
    assert 'id="no-spending">暂无支出记录。' in uses  # not an empty table
    assert "<tfoot>" not in uses
    _money(site)
    api = (
        site.client()
        .get(
            f"/api/v1/unions/{site.tree.district.id}/funding-summary",
            headers=_token(site, "finance"),
        )
        .json()
    )
    assert (api["received_fen"], api["spent_fen"]) == (1_000_000, 123_456)
    browser = site.login("finance")
    page = browser.get("/finance").text
    assert _tfoot(page, "<h2>按命名类别汇总</h2>") == ["合计", "10,000.00", "1,234.56", "8,765.44"]
    assert _tfoot(page, "<h2>按用途的支出</h2>") == ["合计", "1,234.56"]
    workbook = load_workbook(BytesIO(browser.get("/finance/summary.xlsx").content))
    schemes = list(workbook["按命名类别汇总"].iter_rows(min_row=3, values_only=True))
    assert schemes[-1] == ("合计", 10000, 1234.56, 8765.44)
    uses = list(workbook["按用途汇总"].iter_rows(min_row=3, values_only=True))
    assert uses[-1] == ("合计", None, None, 1234.56)
    assert round(sum(row[3] for row in uses[:-1]), 2) == 1234.56


def test_the_summary_workbook_heads_its_columns_in_the_pages_words(site: Site) -> None:
    _money(site)
    browser = site.login("finance")
    page = browser.get("/finance").text
    by_scheme = page.split("<h2>按命名类别汇总</h2>", 1)[1].split("</thead>", 1)[0]
    by_use = page.split("<h2>按用途的支出</h2>", 1)[1].split("</thead>", 1)[0]
    assert "<th>命名类别</th>" in by_scheme
    assert "<th>命名类别</th><th>用途</th>" in by_use
    workbook = load_workbook(BytesIO(browser.get("/finance/summary.xlsx").content))
    assert workbook.sheetnames[:2] == ["按命名类别汇总", "按用途汇总"]
    heads = [next(workbook[name].iter_rows(min_row=2, max_row=2, values_only=True))
             for name in workbook.sheetnames[:2]]  # fmt: skip
    assert heads[0][0] == "命名类别"
    assert heads[1][:2] == ("命名类别", "用途")
    assert not any("方案" in str(cell) for head in heads for cell in head)


def test_a_revoked_titles_ledger_says_it_ended_and_when(site: Site) -> None:
    d = _money(site)
    browser = site.login("finance")
    held = browser.get(f"/finance/designations/{d}").text
    assert '<span id="standing">已命名</span>' in held
    with site.uow() as uow:
        officer = f.acting(site.tree.district)
        for target, flow, on in (
            (DesignationStatus.RECTIFYING, Flow.RECTIFICATION, date(2026, 4, 1)),
            (DesignationStatus.REVOKED, Flow.REVOCATION, date(2026, 6, 1)),
        ):
            step = Transition(d, target, "测试", on, "杨工〔2026〕20号")
            transition(uow, step, flow=flow, actor=officer, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    page = browser.get(f"/finance/designations/{d}").text
    assert '<span id="standing">已撤牌（2026年6月1日终止）</span>' in page
    sheet = load_workbook(BytesIO(browser.get(f"/finance/designations/{d}/ledger.xlsx").content))
    total = list(sheet["经费台账"].iter_rows(min_row=3, values_only=True))[-1]
    assert (total[1], total[4], total[6]) == ("合计", "已撤牌（2026年6月1日终止）", 10000)
    ledger = (
        site.client()
        .get(f"/api/v1/designations/{d}/fund-ledger", headers=_token(site, "finance"))
        .json()
    )
    assert (ledger["status"], ledger["status_label"], ledger["ended_on"]) == (
        "revoked", "已撤牌", "2026-06-01",
    )  # fmt: skip
    assert ledger["balance_fen"] == 1_000_000 - 123_456
