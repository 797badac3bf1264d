"""The fund ledger page keeps its findings true: an overspending finding states today's amount,
each its own expenditure's part, lines carry only open findings, a refused void is shown, each
scheme cites its own articles."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.actors import Actor
from lifecycle.funding.audit import ResolveFinding, resolve_finding
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.refunds import Refund
from lifecycle.funding.vocab import FindingKind, GrantKind, ResolutionOutcome
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF, finance_of, named_designation
from tests.integration.web.conftest import csrf_of

UNIT = Actor(name="单位联系人")
OVERSPENT = "支出超过已到账经费"


def _one_off(uow, designation_id: int) -> int:
    cmd = RecordGrant(
        designation_id, GrantKind.ONE_OFF, "杨工〔2023〕15号", date(2023, 4, 1), date(2023, 4, 20)
    )
    naming = uow.designations.require(designation_id, EVERYTHING).naming_union_id
    return record_grant(uow, cmd, actor=finance_of(naming), as_of=AS_OF, scope=EVERYTHING).id


def _spend(uow, designation_id, on, amount, category=ExpenditureCategory.BOOKS, ref="FP-1"):
    cmd = RecordExpenditure(designation_id, on, amount, "上海书城", category, "技术书籍", ref)
    return record_expenditure(uow, cmd, actor=UNIT, as_of=AS_OF, scope=EVERYTHING).id


def _sheet(content: bytes, title: str) -> list[tuple]:
    return list(load_workbook(BytesIO(content))[title].iter_rows(min_row=2, values_only=True))


def _findings_section(html: str) -> str:
    return html.split('id="findings"')[1].split("</section>", maxsplit=1)[0]


def _ledger_table(html: str) -> str:
    return html.split('id="ledger"')[1].split("</section>", maxsplit=1)[0]


def test_an_overspending_finding_states_the_amount_of_today_after_earlier_spending(site):
    """杨浦 10,000 received, spent to −2,835.00; then 10.00 dated 2020-01-01: the finding says
    2,845.00 overspent (page, ledger.xlsx, summary.xlsx); the one saying 2,835.00 is closed as
    superseded and stays listed (before, it stayed open and unchanged)."""
    d = site.designation.id
    with site.uow() as uow:
        _one_off(uow, d)
        _spend(uow, d, date(2024, 2, 18), "12,835.00")
        uow.commit()
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}")
    assert "其中 2,835.00 元超出已到账经费" in _findings_section(page.text)

    unit = site.login("unit")
    form = unit.get(f"/finance/designations/{d}")
    spent = unit.post(
        f"/finance/designations/{d}/expenditures",
        data={
            "csrf_token": csrf_of(form.text, f"/finance/designations/{d}/expenditures"),
            "category": "books",
            "spent_on": "2020-01-01",
            "amount_yuan": "10.00",
            "payee": "上海书城",
            "description": "技术书籍",
            "receipt_ref": "FP-2",
        },
    )
    assert spent.status_code == 303, spent.text
    summary = finance.get("/finance")
    audited = finance.post(
        "/finance/audit", data={"csrf_token": csrf_of(summary.text, "/finance/audit")}
    )
    assert audited.status_code == 303

    page = finance.get(f"/finance/designations/{d}")
    findings = _findings_section(page.text)
    assert "-2,845.00" in _ledger_table(page.text)
    shown = re.findall(
        r'<span class="tag (fail|done)">支出超过已到账经费</span> ([^<]*)</p>', findings
    )
    open_now = [text for state, text in shown if state == "fail"]
    closed = [text for state, text in shown if state == "done"]
    assert any(
        "2024年2月18日 支出 12,835.00 元，其中 2,845.00 元超出已到账经费" in t for t in open_now
    )
    assert not any("其中 2,835.00" in t for t in open_now)
    (old,) = closed
    assert "其中 2,835.00 元超出已到账经费" in old
    assert "所述金额已变化" in old
    with site.uow() as uow:
        open_overspent = sorted(
            (f.amount_fen, f.expenditure_id)
            for f, r in uow.funding.findings_of(d)
            if r is None and f.kind is FindingKind.OVERSPENT
        )
    assert [fen for fen, _ in open_overspent] == [1_000, 284_500]  # 2020: −10.00; 2024: −2,845

    rows = _sheet(finance.get(f"/finance/designations/{d}/ledger.xlsx").content, "审计发现")
    state = {(float(r[2]), r[5]) for r in rows if r[1] == OVERSPENT}
    assert state == {(2845, "未处理"), (2835, "已处理"), (10, "未处理")}
    open_rows = _sheet(finance.get("/finance/summary.xlsx").content, "未处理审计发现")
    amounts = {float(r[4]) for r in open_rows if r[3] == OVERSPENT}
    assert amounts == {2845, 10}
    assert all("其中 2,835.00" not in r[5] for r in open_rows)


def _spend_by_form(unit, d: int, amount: str, receipt: str) -> None:
    url = f"/finance/designations/{d}/expenditures"
    form = unit.get(f"/finance/designations/{d}").text
    done = unit.post(
        url,
        data={
            "csrf_token": csrf_of(form, url),
            "category": "books",
            "spent_on": "2026-11-20",
            "amount_yuan": amount,
            "payee": "上海书城",
            "description": "技术书籍",
            "receipt_ref": receipt,
        },
    )
    assert done.status_code == 303, done.text


def test_each_overspending_finding_carries_its_own_part_and_they_add_up_to_the_deficit(site):
    """杨浦 3,679.50 left; the unit records 4,000.00 (no receipt), 0.10 and 0.20: the overspending
    findings are of 320.50, 0.10 and 0.20, 320.80 in all, the deficit, on the page, ledger.xlsx,
    summary.xlsx and the JSON ledger and summary (before: 320.50, 320.60 and 320.80, 961.90)."""
    d = site.designation.id
    with site.uow() as uow:
        _one_off(uow, d)
        _spend(uow, d, date(2024, 2, 18), "6,320.50")
        uow.commit()
    unit, finance = site.login("unit"), site.login("finance")
    for amount, receipt in (("4,000.00", ""), ("0.10", "FP-3"), ("0.20", "FP-4")):
        _spend_by_form(unit, d, amount, receipt)

    page = finance.get(f"/finance/designations/{d}").text
    shown = re.findall(
        rf'<span class="tag fail">{OVERSPENT}</span> ([^<]*)</p>', _findings_section(page)
    )
    assert shown == [
        "2026年11月20日 支出 4,000.00 元，其中 320.50 元超出已到账经费（支出前结余 3,679.50 元）",
        "2026年11月20日 支出 0.10 元全额超出已到账经费（支出前已无结余）",
        "2026年11月20日 支出 0.20 元全额超出已到账经费（支出前已无结余）",
    ]
    assert "-320.80" in _ledger_table(page)

    ledger = _sheet(finance.get(f"/finance/designations/{d}/ledger.xlsx").content, "经费台账")
    (total,) = [r for r in ledger if r[1] == "合计"]
    assert Decimal(str(total[8])) == Decimal("-320.80")
    rows = _sheet(finance.get(f"/finance/designations/{d}/ledger.xlsx").content, "审计发现")
    amounts = [Decimal(str(r[2])) for r in rows if r[1] == OVERSPENT]
    assert amounts == [Decimal("320.50"), Decimal("0.10"), Decimal("0.20")]
    open_rows = _sheet(finance.get("/finance/summary.xlsx").content, "未处理审计发现")
    amounts = [Decimal(str(r[4])) for r in open_rows if r[3] == OVERSPENT]
    assert sorted(amounts) == [Decimal("0.10"), Decimal("0.20"), Decimal("320.50")]

    fund = finance.get(f"/api/v1/designations/{d}/fund-ledger").json()
    overspent = [x["amount_fen"] for x in fund["findings"]["items"] if x["kind"] == "overspent"]
    assert sum(overspent) == -fund["balance_fen"] == 32_080
    summary = finance.get(f"/api/v1/unions/{site.tree.district.id}/funding-summary").json()
    listed = [x["amount_fen"] for x in summary["open_findings"] if x["kind"] == "overspent"]
    assert sorted(listed) == [10, 20, 32_050]
    # One missing receipt and three overspent parts: four open findings, not one per restatement.
    assert len(summary["open_findings"]) == 4


def test_a_line_carries_only_the_open_findings_while_closed_ones_stay_listed(site):
    d = site.designation.id
    with site.uow() as uow:
        _one_off(uow, d)
        _spend(uow, d, date(2024, 2, 18), "860.00", ExpenditureCategory.TRAVEL, ref="FP-9")
        ((finding, _),) = uow.funding.findings_of(d)
        resolve_finding(
            uow,
            ResolveFinding(
                finding.id,
                ResolutionOutcome.REFUNDED,
                "差旅费已退回",
                AS_OF,
                Refund("860.00", AS_OF, "退款凭证-9"),
            ),
            actor=finance_of(site.tree.district.id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        uow.commit()
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}").text
    assert "tag fail" not in _ledger_table(page)  # before: a red tag for the resolved finding
    findings = _findings_section(page)
    assert "已退回（退回 860.00 元）：差旅费已退回" in findings
    # The date once, not 「2024年2月18日 2024年2月18日 支出 860.00 元…」.
    assert "2024年2月18日 支出 860.00 元" in findings
    assert "2024年2月18日 2024年2月18日" not in findings
    rows = _sheet(finance.get(f"/finance/designations/{d}/ledger.xlsx").content, "经费台账")
    spent = [r for r in rows if r[1] == "支出"]
    assert [r[10] for r in spent] == [None]  # 审计发现 column: nothing open on the line


def test_a_refused_void_opens_its_form_with_the_message_and_an_alert_on_top(site):
    d = site.designation.id
    with site.uow() as uow:
        grant_id = _one_off(uow, d)
        uow.commit()
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}")
    void = f"/finance/grants/{grant_id}/void"
    blank = finance.post(
        void,
        data={"csrf_token": csrf_of(page.text, void), "expected_version": "1", "reason": ""},
    )
    assert blank.status_code == 422
    assert f'<details id="correct-{grant_id}" open>' in blank.text
    top = blank.text.split('id="ledger"')[0]
    assert f'<div class="alert" role="alert">提交未成功，请按<a href="#void-{grant_id}">' in top
    form = blank.text.split(f'id="void-{grant_id}"')[1].split("</form>")[0]
    assert "作废未成功" in form
    assert "作废原因不能为空" in form
    stale = finance.post(
        void,
        data={"csrf_token": csrf_of(page.text, void), "expected_version": "7", "reason": "误录"},
    )
    assert stale.status_code == 422
    assert f'<details id="correct-{grant_id}" open>' in stale.text
    assert "已在您打开后被修改" in stale.text.split(f'id="void-{grant_id}"')[1].split("</form>")[0]
    assert 'value="误录"' in stale.text


def test_a_shanghai_title_cites_its_own_articles_and_has_no_excellence_section(site):
    with site.uow() as uow:
        d = named_designation(
            uow, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        paid = date(2026, 3, 1)
        cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕3号", paid, paid_on=paid)
        city = finance_of(site.tree.city.id)  # the city pays the one-off [S10]
        record_grant(uow, cmd, actor=city, as_of=AS_OF, scope=EVERYTHING)
        _spend(uow, d.id, date(2026, 5, 8), "500.00", ExpenditureCategory.SUBSIDY)
        uow.commit()
    page = site.login("finance").get(f"/finance/designations/{d.id}").text
    findings = _findings_section(page)
    assert "属「补贴」" in findings
    assert "《上海市“劳模创新工作室”管理办法（修订）》第十条" in findings
    assert "杨浦" not in findings  # before: 「《杨浦区…管理办法》第十六条」
    assert 'id="applications"' not in page  # no 优秀成果项目扶持 under this scheme
    assert "优秀成果项目扶持" not in page
    # 登记补贴 offers district matching where the scheme has it [S10], and not on a Yangpu title;
    # the district's finance records the matching, the city's the one-off grant (reading 31a).
    offered = page.split('id="new-kind"')[1].split("</select>")[0]
    assert 'value="matching"' in offered
    assert 'value="one_off"' not in offered
    # The one-off is recorded (once per title): its line names the city as the union writing it.
    assert f"一次性补贴 沪工〔2026〕3号：由{site.tree.city.name}财务人员登记到账" in page
    assert 'id="one-off-recorded"' in page
    yangpu = site.login("finance").get(f"/finance/designations/{site.designation.id}").text
    assert 'value="matching"' not in yangpu.split('id="new-kind"')[1].split("</select>")[0]
    unit_page = site.login("unit").get(f"/finance/designations/{d.id}").text
    assert "提出扶持申请" not in unit_page
    spend = unit_page.split('id="spend"')[1].split("</section>")[0]
    assert "《上海市“劳模创新工作室”管理办法（修订）》第十条" in spend
    assert "第十六条" not in spend
    unit = site.login("unit")
    assert "提出优秀成果项目扶持申请" not in unit.get(f"/designations/{d.id}").text
    assert "提出优秀成果项目扶持申请" in unit.get(f"/designations/{site.designation.id}").text


def test_the_grant_form_offers_no_excellence_support_and_an_approval_shows_its_amount(site):
    d = site.designation.id
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}").text
    kinds = page.split('id="new-kind"')[1].split("</select>")[0]
    assert 'value="excellence"' not in kinds
    assert 'name="achievement_id"' not in page.split('id="new"')[1].split("</form>")[0]
    new = f"/finance/designations/{d}/grants"
    tampered = finance.post(
        new,
        data={
            "csrf_token": csrf_of(page, new),
            "kind": "excellence",
            "approval_ref": "杨工〔2026〕30号",
            "approved_on": "2026-11-20",
            "amount_yuan": "5000",
        },
    )
    assert tampered.status_code == 422
    assert "须经扶持申请" in tampered.text
    with site.uow() as uow:
        assert [g for g in uow.funding.grants_of(d) if g.kind is GrantKind.EXCELLENCE] == []


def test_amounts_take_commas_only_between_thousands_and_a_huge_one_is_too_large(site):
    d = site.designation.id
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}").text
    new = f"/finance/designations/{d}/grants"
    for typed, message in (
        ("1,0,0,0,0", "千位分隔符应每三位一个"),
        ("1234567890123", "金额过大：不能超过 999,999,999,999.99 元"),
        # Grouped well, refused for its third decimal: not told its commas are wrong.
        ("10,000.005", "金额格式不正确：请填写元，最多两位小数（如 10000.00）"),
    ):
        refused = finance.post(
            new,
            data={
                "csrf_token": csrf_of(page, new),
                "kind": "one_off",
                "approval_ref": "杨工〔2023〕15号",
                "approved_on": "2023-04-01",
                "amount_yuan": typed,
            },
        )
        assert refused.status_code == 422
        beside = refused.text.split('id="new-amount_yuan"')[1].split("</div>")[0]
        assert message in beside
        assert f'value="{typed}"' in refused.text
    with site.uow() as uow:
        assert list(uow.funding.grants_of(d)) == []


def test_a_matching_shortfall_states_what_arrived_by_the_due_date_and_what_came_after(site):
    """沪工匠创: city grant paid 2026-08-07, matching due by 2026-11-05 [S10]; finance records
    19,999.99 paid 2026-11-20. The finding says nothing had arrived by 11-05 and 19,999.99 came
    on 11-20, 0.01 still owed (before: 「至 2026-11-05 区级配套资金到位 19,999.99 元…」) on the
    page, ledger.xlsx, summary.xlsx and the API."""
    with site.uow() as uow:
        d = named_designation(
            uow, site.tree, scheme="shanghai-craftsman", naming_date=date(2025, 6, 1)
        ).id
        paid = date(2026, 8, 7)
        cmd = RecordGrant(d, GrantKind.ONE_OFF, "沪工〔2026〕5号", paid, paid_on=paid)
        city = finance_of(site.tree.city.id)  # the city pays the one-off [S10]
        record_grant(uow, cmd, actor=city, as_of=paid, scope=EVERYTHING)
        uow.commit()
    finance = site.login("finance")
    page = finance.get(f"/finance/designations/{d}").text
    new = f"/finance/designations/{d}/grants"
    recorded = finance.post(
        new,
        data={
            "csrf_token": csrf_of(page, new),
            "kind": "matching",
            "approval_ref": "浦工〔2026〕9号",
            "approved_on": "2026-11-18",
            "paid_on": "2026-11-20",
            "amount_yuan": "19,999.99",
            "note": "",
        },
    )
    assert recorded.status_code == 303, recorded.text

    said = (
        "区级配套资金至2026年11月5日应到位 20,000.00 元，截至该日到位 0.00 元，"
        "此后2026年11月20日到位 19,999.99 元，仍差 0.01 元"
    )
    page = finance.get(f"/finance/designations/{d}").text
    (shown,) = re.findall(
        r'<span class="tag fail">配套资金低于1:1</span> ([^<]*)</p>', _findings_section(page)
    )
    assert shown.startswith("2026年11月5日 市级补贴 20,000.00 元已于2026年8月7日到账，")
    assert said in shown
    findings = finance.get(f"/api/v1/designations/{d}/findings").json()["items"]
    (short,) = [x for x in findings if x["kind"] == "matching_short"]
    assert said in short["message"]
    assert (short["amount_fen"], short["evidence"]["matched_by_due_fen"]) == (1, 0)
    rows = _sheet(finance.get(f"/finance/designations/{d}/ledger.xlsx").content, "审计发现")
    assert [said in r[3] for r in rows if r[1] == "配套资金低于1:1"] == [True]
    open_rows = _sheet(finance.get("/finance/summary.xlsx").content, "未处理审计发现")
    assert [said in r[5] for r in open_rows if r[3] == "配套资金低于1:1"] == [True]


def test_a_finding_the_audit_closed_is_shown_as_closed_by_the_system_not_by_a_person(site):
    """860.00 of travel spent before the grant arrived: finance answers the travel finding
    (已退回, by name) and records the arrival, which closes the overspending finding. That one is
    「系统自动关闭」 on the page, in ledger.xlsx and the API (before: 已说明 by the finance user
    whose entry set the audit off); finance's own answer stays as it was."""
    d = site.designation.id
    with site.uow() as uow:
        cmd = RecordGrant(d, GrantKind.ONE_OFF, "杨工〔2023〕15号", date(2023, 4, 1))
        district = finance_of(site.tree.district.id)  # the district pays the one-off [Y14]
        grant_id = record_grant(uow, cmd, actor=district, as_of=AS_OF, scope=EVERYTHING).id
        _spend(uow, d, date(2024, 2, 18), "860.00", ExpenditureCategory.TRAVEL, ref="FP-9")
        ids = {f.kind: f.id for f, _ in uow.funding.findings_of(d)}
        name = uow.accounts.user_by_username(site.usernames["finance"]).display_name
        uow.commit()
    assert set(ids) == {FindingKind.FORBIDDEN_CATEGORY, FindingKind.OVERSPENT}
    finance = site.login("finance")
    summary = finance.get("/finance").text
    resolve = f"/finance/findings/{ids[FindingKind.FORBIDDEN_CATEGORY]}/resolve"
    resolved = finance.post(
        resolve,
        data={
            "csrf_token": csrf_of(summary, resolve),
            "outcome": "refunded",
            "note": "差旅费已退回",
            "resolved_on": AS_OF.isoformat(),
            "refund_yuan": "860.00",
            "refunded_on": AS_OF.isoformat(),
            "refund_ref": "退款凭证-1",
        },
    )
    assert resolved.status_code == 303, resolved.text
    page = finance.get(f"/finance/designations/{d}").text
    payment = f"/finance/grants/{grant_id}/payment"
    paid = finance.post(
        payment,
        data={
            "csrf_token": csrf_of(page, payment),
            "expected_version": "1",
            "paid_on": "2023-04-20",
        },
    )
    assert paid.status_code == 303, paid.text

    findings = _findings_section(finance.get(f"/finance/designations/{d}").text)
    (by_system,) = re.findall(rf'<span class="tag done">{OVERSPENT}</span> ([^<]*)</p>', findings)
    assert " · 系统自动关闭：" in by_system
    assert "已说明" not in by_system
    assert "已退回（退回 860.00 元）：差旅费已退回" in findings

    rows = _sheet(finance.get(f"/finance/designations/{d}/ledger.xlsx").content, "审计发现")
    assert rows[0][6:10] == ("处理结果", "处理说明", "处理人", "处理日期")
    closed = {r[1]: (r[6], r[8]) for r in rows[1:]}
    assert closed == {
        OVERSPENT: ("系统自动关闭", "系统自动关闭"),
        "支出类别属禁止用途": ("已退回（退回 860.00 元）", name),  # as the page says it
    }

    fund = finance.get(f"/api/v1/designations/{d}/fund-ledger").json()
    shown = {
        x["kind"]: (x["closed_by_audit"], x["outcome_label"], x["resolved_by"])
        for x in fund["findings"]["items"]
    }
    assert shown == {
        "overspent": (True, "系统自动关闭", "系统自动关闭"),
        "forbidden_category": (False, "已退回", name),
    }
    listed = finance.get(f"/api/v1/designations/{d}/findings").json()["items"]
    resolutions = {
        x["kind"]: (
            x["resolution"]["by_audit"],
            x["resolution"]["resolved_by"],
            x["resolution"]["resolved_by_user_id"] is None,
        )
        for x in listed
    }
    assert resolutions == {
        "overspent": (True, "系统自动关闭", True),
        "forbidden_category": (False, name, False),
    }


def test_a_craftsman_titles_missing_matching_cites_the_craftsman_notice(site):
    """One matching rule, cited by scheme: a 上海市工匠创新工作室 owes the district's 1:1 matching
    by [C 三（一）] (经费资助参照市劳模创新工作室), a 上海市劳模创新工作室 by [S10] 第十条."""
    pages = {}
    for scheme in ("shanghai-craftsman", "shanghai-model-worker"):
        with site.uow() as uow:
            d = named_designation(uow, site.tree, scheme=scheme, naming_date=date(2025, 6, 1))
            paid = date(2026, 3, 1)
            cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕3号", paid, paid_on=paid)
            city = finance_of(site.tree.city.id)
            record_grant(uow, cmd, actor=city, as_of=AS_OF, scope=EVERYTHING)
            uow.commit()
        page = site.login("finance").get(f"/finance/designations/{d.id}").text
        pages[scheme] = _findings_section(page)
    craftsman = pages["shanghai-craftsman"]
    assert "区级配套资金至2026年5月30日仍未到位" in craftsman
    assert (
        "仍未到位（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（一））"
        in craftsman
    )
    assert "第十条" not in craftsman
    model_worker = pages["shanghai-model-worker"]
    assert "仍未到位（《上海市“劳模创新工作室”管理办法（修订）》第十条）" in model_worker
