"""The district finance's pages count a matching shortfall once (reading finance56b): 我的待办
lists the overdue matching duty naming its audit finding, not the finding besides it; the
dashboard's 待处理的审计发现 still counts the finding, as /finance lists it and the 经费台账一览
workbook totals it [S10]."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.payer import paying_union_of
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site

PAID = date(2026, 1, 10)  # the city's grant; the district's matching due 2026-04-10


def test_a_matching_shortfall_is_one_todo_item_and_one_finding_on_the_dashboard(
    site: Site,
) -> None:
    with site.uow() as u:
        title = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        grant = RecordGrant(title.id, GrantKind.ONE_OFF, "沪工〔2026〕1号", PAID, PAID)
        payer = f.finance_of(paying_union_of(title, GrantKind.ONE_OFF))
        record_grant(u, grant, actor=payer, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        title_id = title.id
    browser = site.login("finance")
    todo = browser.get("/todo?mine=1").text
    rows = re.findall(rf'href="/designations/{title_id}#funding">.*?</a> — (.*?)</li>', todo, re.S)
    items = [r for r in rows if "配套资金" in r]
    assert len(items) == 1, rows  # the duty, not the duty and the finding
    assert (
        "区级配套资金到位（应配套 20,000.00 元，已到位 0.00 元；审计发现：配套资金逾期未到位）"
        in items[0]
    )
    assert "审计发现待处理：配套资金" not in todo

    finance = browser.get("/finance").text
    assert "配套资金逾期未到位" in finance  # listed on /finance, answered there
    ws = load_workbook(BytesIO(browser.get("/finance/designations.xlsx").content))["经费台账一览"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "合计")[7]
    page = browser.get("/dashboard").text
    tile = re.search(r'id="open-findings-tile".*?<div class="stat[^"]*">(\d+)</div>', page, re.S)
    assert tile is not None, page
    assert int(tile.group(1)) == total >= 1
