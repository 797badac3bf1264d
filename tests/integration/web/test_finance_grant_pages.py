"""Finance pages: record, correct and void a grant by form; errors beside fields, input kept."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ledger(browser, site):
    return browser.get(f"/finance/designations/{site.designation.id}")


def test_finance_records_corrects_and_voids_a_grant_on_the_ledger_page(site):
    browser = site.login("finance")
    page = _ledger(browser, site)
    assert page.status_code == 200
    new = f"/finance/designations/{site.designation.id}/grants"
    form = {"kind": "one_off", "approval_ref": "", "approved_on": "2023-04-01"}
    bad = browser.post(new, data={"csrf_token": csrf_of(page.text), **form})
    assert bad.status_code == 422
    assert "批准文号不能为空" in bad.text
    assert 'value="2023-04-01"' in bad.text  # what was typed stays
    assert browser.post(new, data={**form, "approval_ref": "杨工〔2023〕15号"}).status_code == 403
    ok = browser.post(
        new,
        data={
            "csrf_token": csrf_of(page.text),
            **form,
            "approval_ref": "杨工〔2023〕51号",
            "paid_on": "2023-04-20",
        },
    )
    assert ok.status_code == 303, ok.text
    page = _ledger(browser, site)
    assert "杨工〔2023〕51号" in page.text
    grant_id = int(re.search(r'id="grant-(\d+)"', page.text).group(1))
    # Once per title [Y14]: the form offers the one-off no more and says why.
    assert '<option value="one_off"' not in page.text
    recorded = re.search(r'<p class="muted" id="one-off-recorded">(.*?)</p>', page.text)
    assert recorded is not None
    assert recorded.group(1) == (
        "该命名的一次性补贴已登记，每个命名只拨付一次（《杨浦区劳模（先进）、技师创新工作室管理办法》"
        "第十四条），不能重复登记；到账、更正请在该笔补贴上办理。"
    )

    correct = f"/finance/grants/{grant_id}/correct"
    fields = {
        "expected_version": "1",
        "approval_ref": "杨工〔2023〕15号",
        "approved_on": "2023-04-01",
        "paid_on": "2023-04-20",
        "amount_yuan": "10,000.00",
    }
    bad = browser.post(correct, data={"csrf_token": csrf_of(page.text), **fields, "reason": ""})
    assert bad.status_code == 422
    assert "更正原因不能为空" in bad.text
    assert 'value="杨工〔2023〕15号"' in bad.text
    done = browser.post(
        correct, data={"csrf_token": csrf_of(page.text), **fields, "reason": "文号录入错误"}
    )
    assert done.status_code == 303, done.text
    page = _ledger(browser, site)
    assert "已更正" in page.text
    assert "文号录入错误" in page.text
    stale = browser.post(
        f"/finance/grants/{grant_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "reason": "误录"},
    )
    assert stale.status_code == 422
    assert "已在您打开后被修改" in stale.text
    voided = browser.post(
        f"/finance/grants/{grant_id}/void",
        data={"csrf_token": csrf_of(page.text), "expected_version": "2", "reason": "误录"},
    )
    assert voided.status_code == 303
    page = _ledger(browser, site)
    assert "已作废" in page.text
    assert "不计入到账" in page.text
    # A voided one-off was never granted: the form offers it again.
    assert '<option value="one_off"' in page.text
    assert 'id="one-off-recorded"' not in page.text
    with site.uow() as uow:
        ledger_grant = uow.funding.get_grant(grant_id, scope=EVERYTHING)
        assert ledger_grant is not None
        assert ledger_grant.voided


def test_the_paperwork_of_a_grant_approved_before_the_revocation_is_entered_by_form(site):
    """Revoked on 2026-06-01 after a missed 整改 deadline: a grant approved after that day is
    refused beside its 批准日期 naming the day and the title's 已撤牌 (Yangpu's word [Y12], not
    the mixed 已撤牌/摘牌); the 2023 grant is entered [Y14]."""
    with site.uow() as uow:
        officer = f.acting(site.tree.district)
        for target, flow, on in (
            (DesignationStatus.RECTIFYING, Flow.RECTIFICATION, date(2026, 4, 1)),
            (DesignationStatus.REVOKED, Flow.REVOCATION, date(2026, 6, 1)),
        ):
            step = Transition(site.designation.id, target, "测试", on, "杨工〔2026〕20号")
            transition(uow, step, flow=flow, actor=officer, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
    browser = site.login("finance")
    page = _ledger(browser, site)
    new = f"/finance/designations/{site.designation.id}/grants"
    form = {"csrf_token": csrf_of(page.text), "kind": "one_off", "approval_ref": "杨工〔2026〕40号"}
    late = browser.post(new, data={**form, "approved_on": "2026-06-02"})
    assert late.status_code == 422
    error = re.search(
        r'id="new-approved_on"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)</div>', late.text
    )
    assert error is not None, late.text
    assert "2026年6月1日" in error.group(1)
    assert "终止（已撤牌）" in error.group(1)
    assert "摘牌" not in late.text
    ok = browser.post(
        new,
        data={**form, "approval_ref": "杨工〔2023〕51号", "approved_on": "2023-04-01"},
    )
    assert ok.status_code == 303, ok.text
    assert "杨工〔2023〕51号" in _ledger(browser, site).text


def test_only_finance_sees_the_grant_forms_and_another_district_gets_404(site):
    unit = site.login("unit")
    assert "登记补贴" not in _ledger(unit, site).text
    other = site.login("other")
    page = other.get("/finance")
    refused = other.post(
        "/finance/grants/999999/void", data={"csrf_token": csrf_of(page.text), "reason": "x"}
    )
    assert refused.status_code in (403, 404)


def _union_file(browser, rows) -> bytes:
    template = browser.get("/finance/union-expenditure-template.xlsx")
    assert template.status_code == 200
    wb = load_workbook(BytesIO(template.content))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_unit_contact_imports_one_file_for_the_unions_workshops(site):
    browser = site.login("unit")
    page = browser.get("/finance")
    assert 'id="union-import"' in page.text
    good = [str(site.designation.id), "2026-10-12", "66.00", "某书店", "书籍", "书", "W1"]
    bad_row = ["999999", *good[1:6], "W2"]
    files = {"file": ("支出.xlsx", _union_file(browser, [good, bad_row]), XLSX)}
    bad = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert bad.status_code == 422
    assert "第3行「命名记录」" in bad.text
    with site.uow() as uow:
        assert uow.funding.expenditures_of(site.designation.id) == []
    files = {"file": ("支出.xlsx", _union_file(browser, [good]), XLSX)}
    ok = browser.post("/finance/import", data={"csrf_token": csrf_of(page.text)}, files=files)
    assert ok.status_code == 303
    with site.uow() as uow:
        assert len(uow.funding.expenditures_of(site.designation.id)) == 1


def test_the_unit_applies_for_excellence_support_and_finance_approves_it(site):
    with site.uow() as uow:
        achievement = record_achievement(
            uow,
            NewAchievement(
                site.designation.workshop_id,
                AchievementKind.UTILITY_PATENT,
                "夹具改进",
                date(2026, 11, 2),  # made before the application of 2026-11-20 [Y15]
            ),
            actor=f.OFFICER,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        uow.commit()
    unit = site.login("unit")
    page = _ledger(unit, site)
    assert "提出扶持申请" in page.text
    url = f"/finance/designations/{site.designation.id}/applications"
    form = {"achievement_id": str(achievement.id), "year": "2026", "filed_on": "2026-11-20"}
    bad = unit.post(url, data={"csrf_token": csrf_of(page.text), **form, "summary": ""})
    assert bad.status_code == 422
    assert "申请理由不能为空" in bad.text
    assert 'value="2026-11-20"' in bad.text
    ok = unit.post(url, data={"csrf_token": csrf_of(page.text), **form, "summary": "效益突出"})
    assert ok.status_code == 303
    finance = site.login("finance")
    page = _ledger(finance, site)
    application_id = int(re.search(r'id="application-(\d+)"', page.text).group(1))
    decide = f"/finance/applications/{application_id}/decide"
    fields = {"expected_version": "1", "decided_on": "2026-11-21", "decision": "approve"}
    bad = finance.post(decide, data={"csrf_token": csrf_of(page.text), **fields})
    assert bad.status_code == 422
    assert "主席办公会议审定文号不能为空" in bad.text
    done = finance.post(
        decide,
        data={
            "csrf_token": csrf_of(page.text),
            **fields,
            "decision_ref": "杨工〔2026〕21号",
            "amount_yuan": "20000",
        },
    )
    assert done.status_code == 303, done.text
    page = _ledger(finance, site)
    assert "已审定拨付" in page.text
    assert "优秀成果项目扶持" in page.text.split('id="grants"')[1]
    # The approved amount beside the requested one (before, only what was requested showed).
    shown = page.text.split(f'id="application-{application_id}"')[1].split("</div>")[0]
    assert "审定金额 20,000.00 元" in shown
    # A tab read before the approval rejects it: the decided application has no form left, so
    # the refusal is shown in its place (before: 「提交未成功」 nowhere, the reason lost).
    late = finance.post(
        decide, data={"csrf_token": csrf_of(page.text), **fields, "decision": "reject",
                      "reason": "效益不明显"},
    )  # fmt: skip
    assert late.status_code == 422
    alert = late.text.split(f'id="decide-{application_id}">', 1)[1].split("</div>")[0]
    assert "该扶持申请已被他人处理，请刷新后重试" in alert


def test_finance_records_a_grants_arrival_on_the_ledger_page(site):
    browser = site.login("finance")
    page = _ledger(browser, site)
    new = f"/finance/designations/{site.designation.id}/grants"
    form = {"kind": "one_off", "approval_ref": "杨工〔2023〕52号", "approved_on": "2023-04-01"}
    ok = browser.post(new, data={"csrf_token": csrf_of(page.text), **form})
    assert ok.status_code == 303, ok.text
    page = _ledger(browser, site)
    grant_id = int(re.search(r'id="grant-(\d+)"', page.text).group(1))
    assert "未到账" in page.text
    assert f'id="pay-{grant_id}"' in page.text
    payment = f"/finance/grants/{grant_id}/payment"
    early = browser.post(
        payment,
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "paid_on": "2023-03-01"},
    )
    assert early.status_code == 422
    assert 'id="pay-' in early.text
    assert "到账日期不能早于批准日期（2023年4月1日）" in early.text
    assert 'value="2023-03-01"' in early.text  # what was typed stays
    assert "未到账" in _ledger(browser, site).text
    paid = browser.post(
        payment,
        data={"csrf_token": csrf_of(page.text), "expected_version": "1", "paid_on": "2023-04-20"},
    )
    assert paid.status_code == 303, paid.text
    page = _ledger(browser, site)
    assert "2023-04-20" in page.text
    assert f'id="pay-{grant_id}"' not in page.text  # paid once; a wrong date is corrected
    unit = site.login("unit")
    refused = unit.post(payment, data={"csrf_token": csrf_of(page.text), "paid_on": "2023-04-21"})
    assert refused.status_code == 403


def test_the_apply_form_offers_only_achievements_from_after_the_naming(site):
    """The title was named on 2023-03-15: an achievement of 2022 is not offered [Y15]."""
    with site.uow() as uow:
        for title, day in (("命名前的夹具", date(2022, 5, 1)), ("命名后的夹具", date(2026, 5, 1))):
            record_achievement(
                uow,
                NewAchievement(site.designation.workshop_id, AchievementKind.METHOD, title, day),
                actor=f.OFFICER,
                as_of=AS_OF,
                scope=EVERYTHING,
            )
        uow.commit()
    page = _ledger(site.login("unit"), site).text
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page.split('id="apply"')[1])
    assert "命名后的夹具" in options
    assert "命名前的夹具" not in options
    assert "限工作室命名后取得的成果" in page
