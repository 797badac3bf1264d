"""A breach that comes back is shown again [Y16][S10] 「专款专用、公开透明」: an overspending the
audit closed because a correction settled it, overspent again by the same amount, is an open
finding on the finance page and in the API once more (entry, the finance page's audit, the daily
job); one finance resolved stays resolved while its facts are unchanged."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from sqlalchemy import select

from jobs.tasks import run_daily_audit
from lifecycle.actors import Actor
from lifecycle.clock import SHANGHAI
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import AuditFinding, Expenditure, FindingResolution, Grant
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF, finance_of, named_designation
from tests.integration.web.conftest import Site, csrf_of

UNIT = Actor(name="单位联系人")
OVERSPENT = "支出超过已到账经费"
SHORT_500 = (
    "2024年2月18日 支出 10,500.00 元，其中 500.00 元超出已到账经费（支出前结余 10,000.00 元）"
)
SHORT_700 = (
    "2024年2月18日 支出 10,500.00 元，其中 700.00 元超出已到账经费（支出前结余 9,800.00 元）"
)


def _open_on_page(browser) -> list[str]:
    """The messages of the open overspending findings of 待处理的审计发现 on /finance."""
    section = browser.get("/finance").text.split('id="findings"')[1].split("</section>")[0]
    cards = re.findall(r'<span class="tag fail">([^<]*)</span>.*?<p>([^<]*)</p>', section, re.S)
    return [message for label, message in cards if label == OVERSPENT]


def _open_in_api(browser, union_id: int) -> list[tuple[int, int | None]]:
    """(expenditure, shortfall) of the open overspending findings of the summary's JSON twin."""
    summary = browser.get(f"/api/v1/unions/{union_id}/funding-summary")
    assert summary.status_code == 200, summary.text
    return [
        (x["expenditure_id"], x["amount_fen"])
        for x in summary.json()["open_findings"]
        if x["kind"] == "overspent"
    ]


def _ledger_findings(browser, designation_id: int) -> list[tuple[str, str]]:
    """(state, text) of every overspending finding the fund ledger page lists, open or closed."""
    page = browser.get(f"/finance/designations/{designation_id}").text
    section = page.split('id="findings"')[1].split("</section>", maxsplit=1)[0]
    return re.findall(rf'<span class="tag (fail|done)">{OVERSPENT}</span> ([^<]*)</p>', section)


def _spend_by_form(unit, designation_id: int, on: str, amount: str, receipt: str) -> None:
    url = f"/finance/designations/{designation_id}/expenditures"
    form = unit.get(f"/finance/designations/{designation_id}").text
    done = unit.post(
        url,
        data={
            "csrf_token": csrf_of(form, url),
            "category": "books",
            "spent_on": on,
            "amount_yuan": amount,
            "payee": "上海书城",
            "description": "技术书籍",
            "receipt_ref": receipt,
        },
    )
    assert done.status_code == 303, done.text


def _audit_from_the_page(finance) -> str:
    summary = finance.get("/finance").text
    done = finance.post("/finance/audit", data={"csrf_token": csrf_of(summary, "/finance/audit")})
    assert done.status_code == 303
    return finance.get(done.headers["location"]).text


def _occurrences(site: Site, designation_id: int) -> list[tuple[str, int, bool | None]]:
    """Key, occurrence and whether the audit closed it (None: open) of each overspending."""
    with site.uow() as uow:
        rows = uow.session.execute(
            select(AuditFinding.key, AuditFinding.occurrence, FindingResolution.by_audit)
            .outerjoin(FindingResolution, FindingResolution.finding_id == AuditFinding.id)
            .where(
                AuditFinding.designation_id == designation_id,
                AuditFinding.kind == FindingKind.OVERSPENT,
            )
            .order_by(AuditFinding.id)
        )
        return [(key, n, by) for key, n, by in rows]


def test_an_overspend_corrected_then_overspent_again_is_open_again_on_the_page_and_the_api(site):
    """A city title: 20,000 from the city, 20,000 matching, 40,500 spent (−500.00); the district
    corrects its matching to 20,500 (settled, closed by the audit); 500.00 spent earlier brings
    the same −500.00 after the same expenditure back: finance sees it again."""
    with site.uow() as uow:
        d = named_designation(
            uow, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        paid = date(2026, 1, 10)
        city = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕3号", date(2026, 1, 5), paid)
        record_grant(uow, city, actor=finance_of(site.tree.city.id), as_of=AS_OF, scope=EVERYTHING)
        matching = RecordGrant(
            d.id, GrantKind.MATCHING, "浦工〔2026〕7号", date(2026, 2, 1), date(2026, 2, 1), "20000"
        )
        district = finance_of(site.tree.district.id)  # the district's matching [S10]
        matching_id = record_grant(uow, matching, actor=district, as_of=AS_OF, scope=EVERYTHING).id
        uow.commit()
        designation_id = d.id
    district = site.tree.district.id
    unit, finance = site.login("unit"), site.login("finance")

    _spend_by_form(unit, designation_id, "2026-03-01", "40,500.00", "FP-1")
    again = (
        "2026年3月1日 支出 40,500.00 元，其中 500.00 元超出已到账经费（支出前结余 40,000.00 元）"
    )
    assert _open_on_page(finance) == [again]
    ((spent_id, shortfall),) = _open_in_api(finance, district)
    assert shortfall == 50_000

    ledger = finance.get(f"/finance/designations/{designation_id}").text
    correct = f"/finance/grants/{matching_id}/correct"
    corrected = finance.post(
        correct,
        data={
            "csrf_token": csrf_of(ledger, correct),
            "expected_version": "1",
            "approval_ref": "浦工〔2026〕7号",
            "approved_on": "2026-02-01",
            "paid_on": "2026-02-01",
            "amount_yuan": "20,500.00",
            "reason": "配套实际到账20,500元，录入有误",
        },
    )
    assert corrected.status_code == 303, corrected.text
    assert _open_on_page(finance) == []
    assert _open_in_api(finance, district) == []

    _spend_by_form(unit, designation_id, "2026-02-15", "500.00", "FP-2")
    assert _open_on_page(finance) == [again]  # before: nothing, the key had been closed once
    assert _open_in_api(finance, district) == [(spent_id, 50_000)]
    # The finance page's audit finds it once, not twice.
    assert "其中新增 0 项" in _audit_from_the_page(finance)
    assert _open_in_api(finance, district) == [(spent_id, 50_000)]

    listed = _ledger_findings(finance, designation_id)
    assert [state for state, _ in listed] == ["done", "fail"]
    assert all("其中 500.00 元超出已到账经费" in text for _, text in listed)
    assert "该发现已不再成立，由系统自动关闭" in listed[0][1]
    key = f"overspent:{spent_id}:50000"
    assert _occurrences(site, designation_id) == [(key, 1, True), (key, 2, None)]


def test_the_daily_audit_closes_a_settled_overspend_and_shows_it_again_when_it_comes_back(site):
    """Money loaded as an import would (no audit on entry): only the scheduler's daily audit
    (one run a date) sees each change."""
    designation_id = site.designation.id
    with site.uow() as uow:
        grant = Grant(
            designation_id=designation_id,
            kind=GrantKind.ONE_OFF,
            paying_union_id=site.tree.district.id,
            approval_ref="杨工〔2023〕15号",
            approved_on=date(2023, 4, 1),
            paid_on=date(2023, 4, 20),
            amount_fen=1_000_000,
            entered_by="导入",
        )
        uow.session.add(grant)
        uow.session.add(_expenditure(designation_id, date(2024, 2, 18), 1_050_000, "FP-1"))
        uow.commit()
        grant_id = grant.id
    finance = site.login("finance")
    district = site.tree.district.id

    def daily(day: date, change=None) -> int:
        if change is not None:  # committed before the job's morning run
            with site.uow() as uow:
                change(uow)
                uow.commit()
        with site.uow() as uow:
            report = run_daily_audit(uow, day, now=datetime.combine(day, time(6, 30), SHANGHAI))
            assert run_daily_audit(uow, day, now=datetime.combine(day, time(7), SHANGHAI)) is None
            uow.commit()
        assert report is not None
        return report.stored

    assert daily(date(2026, 11, 18)) == 1
    assert _open_on_page(finance) == [SHORT_500]

    def settle(uow) -> None:
        uow.session.get(Grant, grant_id).amount_fen = 1_050_000

    assert daily(date(2026, 11, 19), settle) == 0
    assert _open_on_page(finance) == []
    assert _open_in_api(finance, district) == []

    def spend_earlier(uow) -> None:
        uow.session.add(_expenditure(designation_id, date(2024, 1, 10), 50_000, "FP-2"))

    assert daily(date(2026, 11, 20), spend_earlier) == 1
    assert _open_on_page(finance) == [SHORT_500]
    ((_, shortfall),) = _open_in_api(finance, district)
    assert shortfall == 50_000
    assert [(n, by) for _, n, by in _occurrences(site, designation_id)] == [(1, True), (2, None)]


def _expenditure(designation_id: int, on: date, fen: int, receipt: str) -> Expenditure:
    return Expenditure(
        designation_id=designation_id,
        spent_on=on,
        amount_fen=fen,
        payee="上海书城",
        category=ExpenditureCategory.BOOKS,
        description="技术书籍",
        receipt_ref=receipt,
        entered_by="导入",
    )


def test_an_overspend_finance_resolved_is_not_raised_again_until_its_facts_change(site):
    designation_id = site.designation.id
    with site.uow() as uow:
        grant = RecordGrant(
            designation_id,
            GrantKind.ONE_OFF,
            "杨工〔2023〕15号",
            date(2023, 4, 1),
            date(2023, 4, 20),
        )
        district = finance_of(site.tree.district.id)  # the district pays the one-off [Y14]
        record_grant(uow, grant, actor=district, as_of=AS_OF, scope=EVERYTHING)
        spent = RecordExpenditure(
            designation_id,
            date(2024, 2, 18),
            "10,500.00",
            "上海书城",
            ExpenditureCategory.BOOKS,
            "技术书籍",
            "FP-1",
        )
        record_expenditure(uow, spent, actor=UNIT, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    finance = site.login("finance")
    district = site.tree.district.id
    page = finance.get("/finance").text
    finding_id = int(re.search(r'id="finding-(\d+)"', page).group(1))
    resolve = f"/finance/findings/{finding_id}/resolve"
    resolved = finance.post(
        resolve,
        data={
            "csrf_token": csrf_of(page, resolve),
            "outcome": "explained",
            "note": "单位先行垫付500元，已报区总工会追加经费",
            "resolved_on": AS_OF.isoformat(),
        },
    )
    assert resolved.status_code == 303, resolved.text
    assert _open_on_page(finance) == []

    # The same facts, audited again from the page and by the daily job: not raised again.
    assert "其中新增 0 项" in _audit_from_the_page(finance)
    with site.uow() as uow:
        report = run_daily_audit(uow, AS_OF, now=datetime.combine(AS_OF, time(6, 30), SHANGHAI))
        uow.commit()
    assert report is not None
    assert report.stored == 0
    assert _open_on_page(finance) == []
    assert _open_in_api(finance, district) == []

    # Changed facts (200.00 spent earlier: −700.00 after the same expenditure) are a new finding;
    # the resolved one keeps finance's answer.
    _spend_by_form(site.login("unit"), designation_id, "2024-01-10", "200.00", "FP-2")
    assert _open_on_page(finance) == [SHORT_700]
    assert [fen for _, fen in _open_in_api(finance, district)] == [70_000]
    listed = _ledger_findings(finance, designation_id)
    assert [state for state, _ in listed] == ["done", "fail"]
    assert "已说明：单位先行垫付500元" in listed[0][1]
    assert [(n, by) for _, n, by in _occurrences(site, designation_id)] == [(1, False), (1, None)]
