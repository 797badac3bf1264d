"""经费管理's sums on a 375 px phone in Chromium [Y16][S10]: the tables of sums by scheme and by
use fit the screen, their amounts and the 合计 in sight (before: every table was held 36rem
wide, so the amounts lay off the right edge of the phone, out of sight)."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.actors import Actor
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.browser_support import CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _prepare(database_url: str) -> tuple[str, str]:
    """A Yangpu title with its 10,000 grant and 1,234.56 spent; the district finance's login."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
            grant = RecordGrant(
                d.id, GrantKind.ONE_OFF, "杨工〔2023〕15号", date(2023, 4, 1), date(2023, 4, 20)
            )
            finance = f.finance_of(tree.district.id)
            record_grant(u, grant, actor=finance, as_of=f.AS_OF, scope=EVERYTHING)
            spent = RecordExpenditure(
                d.id, date(2023, 5, 8), "1,234.56", "上海书城", ExpenditureCategory.BOOKS,
                "技术书籍", "FP-1",
            )  # fmt: skip
            record_expenditure(u, spent, actor=Actor(name="单位联系人"), as_of=f.AS_OF,
                               scope=EVERYTHING)  # fmt: skip
            principal, password = f.user(u, Role.FINANCE, tree.district.id, username="sum-fin")
            u.commit()
            return principal.username, password
    finally:
        engine.dispose()


def test_the_sums_fit_a_phone_with_their_amounts_and_totals_in_sight(
    fresh_database_url, tmp_path, chromium
):
    account = _prepare(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        phone = browser.new_context(
            locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True
        )
        page = phone.new_page()
        login(page, base, *account)
        page.goto(f"{base}/finance")
        tables = page.query_selector_all("table.fits")
        assert len(tables) == 2  # by scheme, by use
        for table in tables:
            for cell in table.query_selector_all("td.num"):
                box = cell.bounding_box()
                assert box is not None
                assert box["x"] + box["width"] <= 375, f"{cell.inner_text()} lies off the screen"
        by_scheme, by_use = (t.eval_on_selector("tfoot", "e => e.innerText") for t in tables)
        assert by_scheme.split() == ["合计", "10,000.00", "1,234.56", "8,765.44"]
        assert by_use.split() == ["合计", "1,234.56"]
