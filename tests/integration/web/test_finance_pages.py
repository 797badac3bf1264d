"""Finance pages: the 差旅 finding, resolving it by form, the spending chart, Excel files."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date, now_utc
from lifecycle.designations.delisting import CityDecision, delist
from lifecycle.funding.audit import run_audit
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.payer import paying_union_of
from lifecycle.funding.rules import audit
from lifecycle.funding.vocab import GrantKind
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF, acting, finance_of, named_designation
from tests.integration.web.conftest import csrf_of

UNIT = Actor(name="单位联系人")


def _travel(site) -> None:
    with site.uow() as uow:
        record_grant(
            uow,
            RecordGrant(
                site.designation.id,
                GrantKind.ONE_OFF,
                "杨工〔2023〕15号",
                date(2023, 4, 1),
                paid_on=date(2023, 4, 20),
            ),
            actor=finance_of(site.tree.district.id),  # the district pays the one-off [Y14]
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        record_expenditure(
            uow,
            RecordExpenditure(
                site.designation.id,
                date(2026, 5, 8),
                "1,280.00",
                "某航空公司",
                ExpenditureCategory.TRAVEL,
                "赴外地交流差旅费",
                "FP-2026-0508",
            ),
            actor=UNIT,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        uow.commit()


def test_finance_sees_the_travel_finding_and_the_spending_chart(site):
    _travel(site)
    browser = site.login("finance")
    page = browser.get("/finance")
    assert page.status_code == 200
    findings = page.text.split('id="findings"')[1]
    assert "差旅" in findings
    assert site.designation.title in findings
    assert re.search(r"<svg class=\"chart\".*差旅（属禁止用途）.*</svg>", page.text, re.S)  # [Y16]
    ledger = browser.get(f"/finance/designations/{site.designation.id}")
    assert "1,280.00" in ledger.text
    export = browser.get("/finance/summary.xlsx")
    assert export.content.startswith(b"PK")
    workbook = browser.get(f"/finance/designations/{site.designation.id}/ledger.xlsx")
    assert workbook.content.startswith(b"PK")
    # The workbook heads its columns in the page's words (before: 「文号/收款方」 for the
    # page's 「对方/文号」).
    headers = [c.value for c in load_workbook(BytesIO(workbook.content))["经费台账"][2]]
    assert '<th class="hide-narrow">对方/文号</th>' in ledger.text
    assert "对方/文号" in headers
    assert "文号/收款方" not in headers


def test_finance_sees_a_matching_grant_approved_after_the_backdated_delisting(site):
    """Money only while the title is held, for every kind of grant [S10]: the district's 配套
    approved after the day the 摘牌 took effect (the city's decision dated back) is found."""
    with site.uow() as uow:
        d = named_designation(
            uow, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        grants = (
            (GrantKind.ONE_OFF, "沪工〔2025〕3号", None, date(2025, 7, 1)),
            (GrantKind.MATCHING, "区工〔2026〕9号", "20000", date(2026, 9, 1)),
        )
        for kind, ref, amount, on in grants:
            cmd = RecordGrant(d.id, kind, ref, on, paid_on=on, amount_yuan=amount)
            payer = finance_of(paying_union_of(d, kind))  # the city, then the district [S10]
            record_grant(uow, cmd, actor=payer, as_of=AS_OF, scope=EVERYTHING)
        decision = CityDecision(
            d.id, date(2026, 8, 20), "考核不合格，予以摘牌", "沪工创〔2026〕7号"
        )
        delist(uow, decision, actor=acting(site.tree.city), as_of=AS_OF, scope=EVERYTHING)
        run_audit(uow, as_of=AS_OF, actor=UNIT, scope=EVERYTHING)  # the daily audit
        uow.commit()
    page = site.login("finance").get("/finance")
    findings = page.text.split('id="findings"')[1]
    assert "区级配套资金 20,000.00 元：批准日期晚于命名终止日期" in findings
    assert "该命名已于2026年8月20日终止（已摘牌）" in findings  # the city's word [S9]
    assert "《上海市“劳模创新工作室”管理办法（修订）》第十条" in findings
    assert "一次性补贴 20,000.00 元" not in findings  # approved while the title was held


def test_resolving_a_finding_needs_a_note_beside_the_field_then_closes_it(site):
    _travel(site)
    browser = site.login("finance")
    page = browser.get("/finance")
    finding_id = int(re.search(r'id="finding-(\d+)"', page.text).group(1))
    url = f"/finance/findings/{finding_id}/resolve"
    bad = browser.post(
        url,
        data={
            "csrf_token": csrf_of(page.text),
            "outcome": "refunded",
            "note": "",
            "resolved_on": "2026-11-21",
        },
    )
    assert bad.status_code == 422
    assert "处理说明" in bad.text
    assert 'value="refunded" selected' in bad.text
    with site.uow() as uow:
        assert uow.funding.resolution_of(finding_id) is None
    assert browser.post(url, data={"outcome": "refunded", "note": "已退回"}).status_code == 403
    typed = {
        "csrf_token": csrf_of(page.text),
        "outcome": "refunded",
        "note": "差旅费已退回区总工会",
        "resolved_on": "2026-11-21",
        "refunded_on": "2026-11-20",
        "refund_ref": "退款凭证-0520",
    }
    # 已退回 is money: its amount is asked for beside the field, and no more than the finding's.
    beyond = "退回金额不能超过该审计发现所涉金额（1,280.00 元）"
    for amount, said in (("", "请填写退回金额（元）"), ("1,280.01", beyond)):
        refused = browser.post(url, data=typed | {"refund_yuan": amount})
        assert refused.status_code == 422
        error = re.search(rf'id="refund_yuan-{finding_id}-error">([^<]*)<', refused.text)
        assert error is not None, refused.text
        assert error.group(1) == said
        assert 'value="退款凭证-0520"' in refused.text  # what was typed is kept
    with site.uow() as uow:
        assert uow.funding.resolution_of(finding_id) is None
        assert uow.funding.refund_of(finding_id) is None
    ok = browser.post(url, data=typed | {"refund_yuan": "1,280.00"})
    assert ok.status_code == 303
    with site.uow() as uow:
        assert uow.funding.resolution_of(finding_id) is not None
        refund = uow.funding.refund_of(finding_id)
        assert refund is not None
        assert (refund.amount_fen, refund.reference) == (128_000, "退款凭证-0520")
    assert f'id="finding-{finding_id}"' not in browser.get("/finance").text
    # The money returned is counted: the fund ledger, the finance list and its workbook.
    ledger = browser.get(f"/finance/designations/{site.designation.id}").text
    assert "已扣除退回拨款工会 1,280.00 元" in ledger
    assert "已退回（退回 1,280.00 元）：差旅费已退回区总工会" in ledger
    assert "退回经费" in ledger
    assert "退款凭证-0520" in ledger
    export = browser.get("/finance/designations.xlsx")
    ws = load_workbook(BytesIO(export.content))["经费台账一览"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] == site.designation.title]
    assert [r[4:7] for r in rows] == [(Decimal("8720"), Decimal("1280"), Decimal("7440"))]
    listed = browser.get("/finance/designations").text
    assert "8,720.00" in listed
    assert "7,440.00" in listed  # before: 10,000.00 received, 8,720.00 left
    assert "到位资金已扣除审计发现处理为“已退回”时退回拨款工会的经费" in listed


def test_another_district_sees_nothing_of_this_money(site):
    _travel(site)
    browser = site.login("other")
    assert site.designation.title not in browser.get("/finance").text
    assert browser.get(f"/finance/designations/{site.designation.id}").status_code == 404


def _unmatched_city_title(uow, tree) -> int:
    """A Shanghai title whose city grant was paid on 2026-06-01 and no district 配套 followed:
    due by 2026-08-30 [S10], which no money written since has audited."""
    d = named_designation(uow, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1))
    paid = date(2026, 6, 1)
    cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕5号", paid, paid_on=paid)
    city = finance_of(tree.city.id)  # the city pays the one-off [S10]
    record_grant(uow, cmd, actor=city, as_of=paid, scope=EVERYTHING)
    return d.id


def test_finance_runs_the_audit_of_its_district_and_sees_what_only_time_brought(site):
    with site.uow() as uow:
        ours = _unmatched_city_title(uow, site.tree)
        theirs = _unmatched_city_title(uow, replace(site.tree, unit=site.tree.other_unit))
        uow.commit()
    unit = site.login("unit")
    assert "立即核查" not in unit.get("/finance").text
    token = csrf_of(unit.get("/dashboard").text)
    assert unit.post("/finance/audit", data={"csrf_token": token}).status_code == 403

    browser = site.login("finance")
    page = browser.get("/finance")
    assert "系统尚未进行过每日核查" in page.text
    assert "配套资金逾期未到位" not in page.text.split('id="findings"')[1]
    done = browser.post("/finance/audit", data={"csrf_token": csrf_of(page.text, "/finance/audit")})
    assert done.status_code == 303
    shown = browser.get(done.headers["location"]).text
    assert "核查完成：审计 " in shown
    assert "其中新增 1 项" in shown
    findings = shown.split('id="findings"')[1]
    assert "配套资金逾期未到位" in findings
    assert f'href="/finance/designations/{ours}"' in findings
    with site.uow() as uow:
        assert [f.kind for f, _ in uow.funding.findings_of(theirs)] == []  # another district's
        [(finding, resolution)] = uow.funding.findings_of(ours)
        assert resolution is None
        assert (
            finding.found_by
            == uow.accounts.user_by_username(site.usernames["finance"]).display_name
        )
    again = browser.post("/finance/audit", data={"csrf_token": csrf_of(shown, "/finance/audit")})
    assert "其中新增 0 项" in browser.get(again.headers["location"]).text


def test_a_resolution_refused_for_its_outcome_names_the_note_and_the_date_too(site):
    _travel(site)
    browser = site.login("finance")
    page = browser.get("/finance")
    finding_id = int(re.search(r'id="finding-(\d+)"', page.text).group(1))
    url = f"/finance/findings/{finding_id}/resolve"
    typed = {"outcome": "", "note": " ", "resolved_on": "2026-12-01"}
    refused = browser.post(url, data={"csrf_token": csrf_of(page.text, url), **typed})
    assert refused.status_code == 422
    for before_error, message in (
        (rf'id="o-{finding_id}".*?</select>', "请选择处理结果"),
        (rf'id="n-{finding_id}"[^>]*>[^<]*</textarea>', "处理说明不能为空"),
        (rf'id="d-{finding_id}"[^>]*>', "处理日期不能晚于2026年11月21日"),
    ):
        beside = re.search(
            rf'{before_error}\s*<div class="error" id="[^"]+-error">([^<]*)<', refused.text, re.S
        )
        assert beside is not None, message
        assert beside.group(1) == message
    assert 'value="2026-12-01"' in refused.text
    with site.uow() as uow:
        assert uow.funding.resolution_of(finding_id) is None


def test_a_finding_answered_in_another_tab_says_who_answered_and_keeps_the_note_typed(site):
    """Two tabs on /finance: one resolves the finding; the other, read before, resolves it too.
    The finding has left the open list, so the refusal and the note typed are shown in its
    place, and no second resolution is written."""
    _travel(site)
    browser = site.login("finance")
    page = browser.get("/finance")
    finding_id = int(re.search(r'id="finding-(\d+)"', page.text).group(1))
    url = f"/finance/findings/{finding_id}/resolve"
    typed = {"csrf_token": csrf_of(page.text), "resolved_on": "2026-11-21"}
    refund = {"refund_yuan": "1,280.00", "refunded_on": "2026-11-20", "refund_ref": "退款-1"}
    first = browser.post(url, data=typed | refund | {"outcome": "refunded", "note": "差旅费已退回"})
    assert first.status_code == 303
    late = browser.post(url, data=typed | {"outcome": "referred", "note": "移交纪检核查"})
    assert late.status_code == 422
    alert = late.text.split(f'id="finding-{finding_id}">', 1)[1].split("</div>")[0]
    assert f"审计发现（第{finding_id}号）未能处理" in alert
    assert "该审计发现已于2026年11月21日由" in alert
    assert "处理（已退回）" in alert
    assert "您填写的处理说明：移交纪检核查" in alert
    with site.uow() as uow:
        done = uow.funding.resolution_of(finding_id)
        assert done is not None
        assert done.note == "差旅费已退回"


def test_a_finding_stored_in_the_older_wording_is_kept_and_not_found_again(site):
    """A finding is matched by its title and key (the record and amount it is about), never by
    its words: one stored before the findings wrote their dates as 2026年8月30日 keeps its text
    (a finding is never rewritten), the audit run again stores no second one beside it nor closes
    it, and the page shows it once; a finding found now reads 2026年8月30日."""
    with site.uow() as uow:
        ours = _unmatched_city_title(uow, site.tree)
        facts = uow.funding.funding_facts(EVERYTHING, ours, ours)
        (found,) = audit(facts[0], get_scheme("shanghai-model-worker").settings, AS_OF)
        assert "区级配套资金至2026年8月30日仍未到位" in found.message  # today's wording
        older = "市级补贴 20,000.00 元已于 2026-06-01 到账，区级配套资金至 2026-08-30 仍未到位"
        stored_on = date(2026, 9, 1)
        row = vars(found) | {"message": older, "occurrence": 1, "found_on": stored_on}
        uow.funding.insert_findings(
            [row | {"found_by": "专款专用审计（系统）", "created_at": now_utc()}]
        )
        uow.commit()

    browser = site.login("finance")
    page = browser.get("/finance")
    done = browser.post("/finance/audit", data={"csrf_token": csrf_of(page.text, "/finance/audit")})
    shown = browser.get(done.headers["location"]).text
    assert "其中新增 0 项；不再成立而关闭 0 项" in shown
    assert shown.split('id="findings"')[1].count("配套资金逾期未到位") == 1
    ledger = browser.get(f"/finance/designations/{ours}").text.split('id="findings"')[1]
    assert ledger.count("区级配套资金至") == 1
    assert f"</span> 2026年8月30日 {older}</p>" in ledger  # as stored, after its day
    with site.uow() as uow:
        [(finding, resolution)] = uow.funding.findings_of(ours)
        assert (finding.message, resolution) == (older, None)


def test_a_resolution_dated_before_the_finding_was_found_names_that_day(site):
    """The summary shows the day the 差旅 was spent (2026年5月8日), not the day the audit found
    it: a 处理日期 between the two is refused beside it naming the day it was found, the note
    typed kept, nothing written [Y16]."""
    _travel(site)
    browser = site.login("finance")
    page = browser.get("/finance")
    finding_id = int(re.search(r'id="finding-(\d+)"', page.text).group(1))
    refused = browser.post(
        f"/finance/findings/{finding_id}/resolve",
        data={
            "csrf_token": csrf_of(page.text),
            "outcome": "refunded",
            "note": "差旅费已退回经费账户",
            "resolved_on": "2026-06-01",
            "refund_yuan": "1,280.00",
            "refunded_on": "2026-06-01",
            "refund_ref": "退款-1",
        },
    )
    assert refused.status_code == 422
    error = re.search(rf'id="d-{finding_id}-error">([^<]*)<', refused.text)
    assert error is not None, refused.text
    assert (
        error.group(1) == f"处理日期不能早于发现日期（{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日）"
    )
    assert "差旅费已退回经费账户" in refused.text
    with site.uow() as uow:
        assert uow.funding.resolution_of(finding_id) is None


def test_the_fund_list_exports_every_row_of_its_filter_with_the_totals(site):
    """Finance sees per designation what was received, spent and is left [Y16][S10] on the
    经费台账一览 and takes the same, as filtered, to Excel (before: no export but one title's
    ledger or the union's totals by scheme): status in the title's scheme's word, amounts in
    yuan as numbers, a 合计 row."""
    _travel(site)
    browser = site.login("finance")
    listed = browser.get("/finance/designations", params={"findings": "1"})
    assert 'href="/finance/designations.xlsx?findings=1"' in listed.text
    export = browser.get("/finance/designations.xlsx", params={"findings": "1"})
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    ws = load_workbook(BytesIO(export.content))["经费台账一览"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == f"{site.tree.district.name}经费台账一览（{chinese_date(AS_OF)}）"
    assert rows[1] == (
        "编号", "称号", "类别", "状态", "到位资金（元）", "支出（元）", "结余（元）", "未处理发现",
    )  # fmt: skip
    (title,) = rows[2:-1]  # only the title with an open finding
    assert title[1:4] == (
        site.designation.title,
        get_scheme(site.designation.scheme_code).settings.name,
        "已命名",
    )
    assert title[4:] == (Decimal("10000"), Decimal("1280"), Decimal("8720"), 1)
    assert rows[-1] == ("合计", "1个工作室", None, None, 10000, 1280, 8720, 1)
    assert ws.cell(row=3, column=5).number_format == "#,##0.00"
    other = site.login("other").get("/finance/designations.xlsx").content
    assert site.designation.title not in str(list(load_workbook(BytesIO(other)).active.values))


def test_only_a_finding_about_money_received_offers_a_refund(site):
    """An overspent part was never the payer's money (reading 33r): its form offers no 已退回
    and no refund fields; the 差旅's does."""
    _travel(site)
    with site.uow() as uow:
        spent = RecordExpenditure(
            site.designation.id, date(2026, 6, 1), "9,000.00", "某书店",
            ExpenditureCategory.BOOKS, "专业书籍", "FP-2026-0601",
        )  # fmt: skip
        record_expenditure(uow, spent, actor=UNIT, as_of=AS_OF, scope=EVERYTHING)
        kinds = {f.kind.value: f.id for f, _ in uow.funding.findings_of(site.designation.id)}
        uow.commit()
    page = site.login("finance").get("/finance").text
    cards = {
        kind: page.split(f'id="finding-{fid}"', 1)[1].split('class="card finding"', 1)[0]
        for kind, fid in kinds.items()
    }
    assert 'value="refunded"' in cards["forbidden_category"]
    assert f'id="refund-{kinds["forbidden_category"]}"' in cards["forbidden_category"]
    # 已退回 is money back to the paying union; the unit repaying its account is 已说明 (33r)
    assert (
        "所在单位以自有资金补回工作室专项经费的，款项未退回拨款工会，不属“已退回”"
        in (cards["forbidden_category"])
    )
    assert 'value="refunded"' not in cards["overspent"]
    assert 'name="refund_yuan"' not in cards["overspent"]
