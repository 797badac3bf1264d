"""The fund ledger page: finance corrects or voids a refund recorded with a finding resolved
已退回, with a reason (33r): refused beside the field with what was typed kept, then counted as
it stands on the ledger, the finance list and its workbook; a voided one counted nowhere."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.funding.audit import ResolveFinding, resolve_finding
from lifecycle.funding.refunds import Refund
from lifecycle.funding.vocab import ResolutionOutcome
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF, finance_of
from tests.integration.web.conftest import csrf_of
from tests.integration.web.test_finance_pages import _travel


def _refunded(site) -> int:
    """The travel finding resolved 已退回 with 1,280.00 returned; the refund's id."""
    _travel(site)
    with site.uow() as uow:
        finding, _ = uow.funding.findings_of(site.designation.id)[0]
        cmd = ResolveFinding(
            finding.id, ResolutionOutcome.REFUNDED, "差旅费已退回区总工会", date(2026, 11, 21),
            Refund("1,280.00", date(2026, 11, 20), "退款凭证-0520"),
        )  # fmt: skip
        actor = finance_of(site.tree.district.id)
        resolve_finding(uow, cmd, actor=actor, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
        refund = uow.funding.refund_of(finding.id)
        assert refund is not None
        return refund.id


def _listed(browser, title: str) -> tuple[Decimal, ...]:
    export = browser.get("/finance/designations.xlsx")
    ws = load_workbook(BytesIO(export.content))["经费台账一览"]
    (row,) = [r[4:7] for r in ws.iter_rows(values_only=True) if r[1] == title]
    return tuple(row)


def test_finance_corrects_a_refund_with_a_reason_and_the_ledger_follows(site):
    refund_id = _refunded(site)
    browser = site.login("finance")
    ledger_url = f"/finance/designations/{site.designation.id}"
    page = browser.get(ledger_url)
    assert f'action="/finance/refunds/{refund_id}/correct"' in page.text
    assert "已扣除退回拨款工会 1,280.00 元" in page.text
    url = f"/finance/refunds/{refund_id}/correct"
    typed = {
        "csrf_token": csrf_of(page.text), "expected_version": "1", "refund_yuan": "1,280.01",
        "refunded_on": "2026-11-20", "refund_ref": "退款凭证-0521", "reason": "",
    }  # fmt: skip
    refused = browser.post(url, data=typed)
    assert refused.status_code == 422
    name = f"refund-correct-{refund_id}"
    for field, said in (
        ("refund_yuan", "退回金额不能超过该审计发现所涉金额（1,280.00 元）"),
        ("reason", "更正原因"),
    ):
        error = re.search(rf'id="{name}-{field}-error">([^<]*)<', refused.text)
        assert error is not None, refused.text
        assert said in error.group(1)
    assert 'value="退款凭证-0521"' in refused.text  # what was typed is kept
    with site.uow() as uow:
        assert uow.funding.refund_changes(refund_id) == []
    ok = browser.post(url, data=typed | {"refund_yuan": "1,000.00", "reason": "实退 1,000 元"})
    assert ok.status_code == 303, ok.text
    with site.uow() as uow:
        (change,) = uow.funding.refund_changes(refund_id)
        assert (change.amount_fen, change.reference, change.reason) == (
            100_000, "退款凭证-0521", "实退 1,000 元"
        )  # fmt: skip
        assert change.changed_by
    ledger = browser.get(ledger_url).text
    assert "已扣除退回拨款工会 1,000.00 元" in ledger
    assert "已退回（退回 1,000.00 元）" in ledger
    assert _listed(browser, site.designation.title) == (
        Decimal("9000"), Decimal("1280"), Decimal("7720")
    )  # fmt: skip


def test_finance_voids_a_refund_and_the_money_counts_as_received_again(site):
    refund_id = _refunded(site)
    browser = site.login("finance")
    ledger_url = f"/finance/designations/{site.designation.id}"
    page = browser.get(ledger_url)
    url = f"/finance/refunds/{refund_id}/void"
    empty = browser.post(url, data={"csrf_token": csrf_of(page.text), "expected_version": "1",
                                    "reason": ""})  # fmt: skip
    assert empty.status_code == 422
    assert f'id="refund-void-{refund_id}-reason-error"' in empty.text
    ok = browser.post(url, data={"csrf_token": csrf_of(page.text), "expected_version": "1",
                                 "reason": "误登，款项未退"})  # fmt: skip
    assert ok.status_code == 303, ok.text
    ledger = browser.get(ledger_url).text
    assert "已扣除退回拨款工会" not in ledger
    assert "退回已作废" in ledger
    assert f'action="/finance/refunds/{refund_id}/correct"' not in ledger
    assert _listed(browser, site.designation.title) == (
        Decimal("10000"), Decimal("1280"), Decimal("8720")
    )  # fmt: skip


def test_voiding_a_refund_opens_its_finding_again_on_the_pages(site):
    """Reading 33v: the money never came back, so the finding is open again — on the ledger
    page (said under the voided refund), in /finance's open findings with its form, in the
    list's open count — and finance resolves it again there."""
    refund_id = _refunded(site)
    browser = site.login("finance")
    ledger_url = f"/finance/designations/{site.designation.id}"
    assert _open_count(browser, site.designation.title) == 0
    waiting = _dashboard_findings(browser)
    page = browser.get(ledger_url)
    ok = browser.post(
        f"/finance/refunds/{refund_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "reason": "误登未退"},
    )
    assert ok.status_code == 303, ok.text
    ledger = browser.get(ledger_url).text
    assert "款项未退回，该发现已重新列为待处理，请重新处理" in ledger
    with site.uow() as uow:
        (first, _), (again, resolution) = uow.funding.findings_of(site.designation.id)
        assert resolution is None
        assert again.key == first.key
        assert again.occurrence == 2
        again_id = again.id
    overview = browser.get("/finance")
    url = f"/finance/findings/{again_id}/resolve"
    assert f'action="{url}"' in overview.text
    assert _open_count(browser, site.designation.title) == 1
    assert _dashboard_findings(browser) == waiting + 1  # finance's dashboard counts it again
    done = browser.post(
        url,
        data={
            "csrf_token": csrf_of(overview.text, url), "outcome": "refunded",
            "note": "差旅费已实际退回", "resolved_on": "2026-11-21", "refund_yuan": "1,280.00",
            "refunded_on": "2026-11-21", "refund_ref": "退款凭证-0601",
        },
    )  # fmt: skip
    assert done.status_code == 303, done.text
    assert _open_count(browser, site.designation.title) == 0
    assert _dashboard_findings(browser) == waiting
    # ledger.xlsx says each 已退回 as the page does: the voided refund, then the money returned
    assert _outcomes(browser, ledger_url) == [
        ("已处理", "已退回（退回已作废）"),
        ("已处理", "已退回（退回 1,280.00 元）"),
    ]
    assert "已扣除退回拨款工会 1,280.00 元" in browser.get(ledger_url).text


def _outcomes(browser, ledger_url: str) -> list[tuple[str, str]]:
    """状态 and 处理结果 of each finding in the ledger's workbook (its 审计发现 sheet)."""
    ws = load_workbook(BytesIO(browser.get(f"{ledger_url}/ledger.xlsx").content))["审计发现"]
    return [(r[5], r[6]) for r in ws.iter_rows(min_row=3, values_only=True) if r[0] is not None]


def _dashboard_findings(browser) -> int:
    """The dashboard's 待处理的审计发现 tile, as the finance list's 合计 counts them."""
    page = browser.get("/dashboard").text
    tile = re.search(
        r'id="open-findings-tile".*?<div class="stat[^"]*">(\d+)</div>.*?href="/finance#findings"',
        page,
        re.S,
    )
    assert tile is not None, page
    return int(tile.group(1))


def _open_count(browser, title: str) -> int:
    export = browser.get("/finance/designations.xlsx")
    ws = load_workbook(BytesIO(export.content))["经费台账一览"]
    (row,) = [r for r in ws.iter_rows(values_only=True) if r[1] == title]
    return int(row[7] or 0)  # 未处理发现
