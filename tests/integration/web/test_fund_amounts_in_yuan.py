"""Every amount on the unit contact's fund ledger and the finance list says it is in 元 (with
fen): the headline figures, the ledger's columns, the grants and the expenditure records."""

from __future__ import annotations

import re

from tests.integration.web.conftest import csrf_of


def test_the_fund_ledger_and_the_finance_list_give_their_amounts_in_yuan(site):
    d = site.designation.id
    unit = site.login("unit")
    page = unit.get(f"/finance/designations/{d}")
    data = {
        "csrf_token": csrf_of(page.text, f"/finance/designations/{d}/expenditures"),
        "category": "books",
        "spent_on": "2026-11-02",
        "amount_yuan": "1,234.5",
        "payee": "上海书城",
        "description": "数控技术参考书",
        "receipt_ref": "FP-YUAN-1",
    }
    done = unit.post(f"/finance/designations/{d}/expenditures", data=data)
    assert done.status_code == 303, done.text
    html = unit.get(f"/finance/designations/{d}").text
    stats = dict(
        re.findall(
            r'<div class="muted">(到账|支出|结余)</div><div class="stat[^"]*">([^<]+)<', html
        )
    )
    assert stats == {"到账": "0.00 元", "支出": "1,234.50 元", "结余": "-1,234.50 元"}
    heads = re.findall(r'<th class="num">([^<]+)</th>', html)
    assert heads[:3] == ["收入（元）", "支出（元）", "结余（元）"]
    assert '<th>到账日期</th><th class="num">金额（元）</th>' in html  # the grants
    assert '<th>收款方</th><th class="num">金额（元）</th>' in html  # the expenditure records
    listing = site.login("finance").get("/finance/designations")
    assert listing.status_code == 200
    assert '<th class="num">到位资金（元）</th><th class="num">支出（元）</th>' in listing.text
