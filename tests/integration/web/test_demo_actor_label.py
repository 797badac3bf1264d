"""The demo's corrections and voids of money say they are the demo's import, as every other record
the demo loads says (「演示数据导入」) — not 「演示数据导入（单位工会联络人）」, which read as
somebody's name."""

from __future__ import annotations

from sqlalchemy import select

from lifecycle.funding.model import Expenditure, ExpenditureChange
from tests.integration.web.demo_site import DemoSite, demo_fixture  # noqa: F401


def test_the_demo_ledgers_corrections_are_labelled_as_the_demo_import(demo: DemoSite) -> None:
    with demo.sessions() as session:
        changes = session.scalars(select(ExpenditureChange)).all()
        titles = {session.get_one(Expenditure, c.expenditure_id).designation_id for c in changes}
    assert len(changes) == 2  # one corrected, one voided
    assert len(titles) == 1  # of one title
    assert {c.changed_by for c in changes} == {"演示数据导入"}
    page = demo.login("finance").get(f"/finance/designations/{titles.pop()}")
    assert page.status_code == 200
    assert "已更正</span> 演示数据导入：" in page.text
    assert "已作废</span>" in page.text
    assert "（单位工会联络人）" not in page.text
    assert "演示数据导入（财务）" not in page.text
