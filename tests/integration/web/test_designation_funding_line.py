"""The designation page's 经费 line reads as one sentence for each role: 「经费台账：登记支出…」,
the link and what is done there joined by the colon, no space between them (tester unit54)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("unit", "：登记支出、导入支出表"),
        ("finance", "：登记"),
        ("district", "：到账、支出、结余与审计发现"),
    ],
)
def test_the_funding_line_joins_the_ledger_link_and_its_tasks(site, who, says):
    browser = site.login(who)
    d = site.designation
    page = browser.get(f"/designations/{d.id}")
    assert page.status_code == 200
    assert f'<a href="/finance/designations/{d.id}">经费台账</a>{says}' in page.text
