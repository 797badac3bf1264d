"""The fund ledger page shows a title's growing lists (its ledger lines, the expenditures as
they stand, the findings) a page at a time, as every list page: the sums above and each line's
running balance stay those of every record; a refused correction shows the page holding its
expenditure. Before: every line of every year at once."""

from __future__ import annotations

import re
from datetime import date

import pytest

from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.factories import AS_OF, finance_of
from tests.integration.web.conftest import Site, csrf_of

SPENT = re.compile(r'<tr id="expenditure-(\d+)">')


def _money(site: Site) -> list[int]:
    """10,000.00 received, then 1,000.00, 2,000.00 and 3,000.00 spent: the expenditures' ids."""
    with site.uow() as u:
        grant = RecordGrant(
            site.designation.id, GrantKind.ONE_OFF, "杨工〔2023〕1号", date(2023, 4, 1),
            paid_on=date(2023, 4, 20),
        )  # fmt: skip
        payer = finance_of(site.tree.district.id)
        record_grant(u, grant, actor=payer, as_of=AS_OF, scope=EVERYTHING)
        ids = []
        for n, amount in enumerate(("1,000.00", "2,000.00", "3,000.00"), start=1):
            spent = RecordExpenditure(
                site.designation.id, date(2026, n, 8), amount, "某书店",
                ExpenditureCategory.BOOKS, "专业书籍", f"FP-{n}",
            )  # fmt: skip
            ids.append(
                record_expenditure(u, spent, actor=f.OFFICER, as_of=AS_OF, scope=EVERYTHING).id
            )
        u.commit()
        return ids


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def test_the_ledger_pages_its_lines_and_spending_and_keeps_every_records_sums(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent = _money(site)
    monkeypatch.setattr("api.web.ledger_pages.PER_PAGE", 2)
    browser = site.login("finance")
    ledger = f"/finance/designations/{site.designation.id}"
    first = browser.get(ledger)
    assert first.status_code == 200, first.text
    # The sums are every record's, whichever page is shown.
    assert "10,000.00 元" in first.text
    assert "6,000.00 元" in first.text
    assert "4,000.00 元" in first.text
    lines = _section(first.text, "ledger")
    assert lines.count("<tr><td>") == 2  # the grant and the first expenditure
    assert "共 4 条，第 1–2 条" in lines
    assert 'href="?page=2#ledger"' in lines
    second = browser.get(f"{ledger}?page=2")
    lines = _section(second.text, "ledger")
    assert lines.count("<tr><td>") == 2
    # Each line's balance is still the running one over every line before it.
    assert ">7,000.00<" in lines
    assert ">4,000.00<" in lines
    assert 'href="?page=1#ledger"' in lines
    assert "10,000.00 元" in second.text
    # The expenditures as they stand page on their own, the ledger's page kept.
    spending = _section(second.text, "expenditures")
    assert [int(i) for i in SPENT.findall(spending)] == spent[:2]
    assert 'href="?page=2&amp;spending_page=2#expenditures"' in spending
    later = browser.get(f"{ledger}?page=2&spending_page=2")
    assert [int(i) for i in SPENT.findall(_section(later.text, "expenditures"))] == spent[2:]
    past = browser.get(f"{ledger}?page=99")  # a stale link: the last page
    assert ">4,000.00<" in _section(past.text, "ledger")


def test_a_refused_correction_shows_the_page_holding_its_expenditure(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent = _money(site)
    monkeypatch.setattr("api.web.ledger_pages.PER_PAGE", 2)
    browser = site.login("unit")
    page = browser.get(f"/finance/designations/{site.designation.id}?spending_page=2")
    assert f'action="/finance/expenditures/{spent[2]}/correct?spending_page=2"' in page.text
    fields = {
        "csrf_token": csrf_of(page.text),
        "expected_version": "1",
        "spent_on": "2026-03-08",
        "amount_yuan": "300.00",
        "payee": "某书店",
        "category": "books",
        "description": "专业书籍",
        "receipt_ref": "FP-3",
        "reason": "",
    }
    refused = browser.post(f"/finance/expenditures/{spent[2]}/correct", data=fields)
    assert refused.status_code == 422
    assert "更正原因不能为空" in refused.text
    assert 'value="300.00"' in refused.text  # what was typed, on the page holding it
    assert [int(i) for i in SPENT.findall(_section(refused.text, "expenditures"))] == spent[2:]


def test_a_refused_form_from_later_pages_comes_back_on_those_pages(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's forms post with the pages shown (``?page=2&spending_page=2``): a refused grant
    correction comes back on page 2 of the ledger and of the expenditures, with what was typed
    and the reason. Before: on the first page of each list."""
    spent = _money(site)
    monkeypatch.setattr("api.web.ledger_pages.PER_PAGE", 2)
    browser = site.login("finance")
    ledger = f"/finance/designations/{site.designation.id}"
    page = browser.get(f"{ledger}?page=2&spending_page=2").text
    with site.uow() as u:
        (grant,) = u.funding.grants_of(site.designation.id)
        grant_id, version = grant.id, grant.version
    action = f"/finance/grants/{grant_id}/correct?page=2&spending_page=2"
    assert f'action="{action}"' in page.replace("&amp;", "&")
    typed = {"expected_version": str(version), "approval_ref": "杨工〔2023〕1号",
             "approved_on": "2023-04-01", "paid_on": "2023-04-20", "amount_yuan": "12,345.00",
             "reason": ""}  # fmt: skip
    refused = browser.post(action, data={"csrf_token": csrf_of(page), **typed})
    assert refused.status_code == 422
    assert f'id="correct-{grant_id}-reason-error"' in refused.text
    assert 'value="12,345.00"' in refused.text
    lines = _section(refused.text, "ledger")
    assert ">7,000.00<" in lines  # the ledger's page 2, as the user was on it
    assert "第 3–4 条" in lines
    assert [int(i) for i in SPENT.findall(_section(refused.text, "expenditures"))] == spent[2:]
    # Its forms still post back to those pages.
    assert f'action="{action}"' in refused.text.replace("&amp;", "&")


def test_a_titles_occasions_are_shown_a_page_at_a_time_on_its_page(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 应办事项 from the naming on grow with the title's years: a page of them, the pager
    back at the list (before: every one at once)."""
    monkeypatch.setattr("api.web.ledger_pages.PER_PAGE", 2)
    browser = site.login("district")
    url = f"/designations/{site.designation.id}"

    def shown(page: str) -> list[str]:
        listed = page.split('id="occasions"', 1)[1].split("</section>", 1)[0]
        return re.findall(r"<li>(.*?)</li>", listed, re.S)

    first = browser.get(url).text
    total = int(re.search(r"共 (\d+) 条，第 1–2 条", first).group(1))  # type: ignore[union-attr]
    assert total > 2
    assert len(shown(first)) == 2
    assert 'href="?occasions_page=2#occasions"' in first
    second = browser.get(f"{url}?occasions_page=2").text
    assert len(shown(second)) == 2
    assert not set(shown(second)) & set(shown(first))
    last = -(-total // 2)
    past = browser.get(f"{url}?occasions_page=999").text
    assert len(shown(past)) == total - (last - 1) * 2
    assert f"共 {total} 条，第 {(last - 1) * 2 + 1}–{total} 条" in past
