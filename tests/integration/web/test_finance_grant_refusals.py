"""The grant and excellence-support forms refused on the ledger page [Y14][Y15][S10]:
each refusal beside its field with every other bad field, a page read before a void,
achievements not the team's, no form a title would refuse."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import ApplicationStatus
from lifecycle.funding.vocab import GrantKind
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import csrf_of
from tests.integration.web.test_finance_grant_pages import _ledger


def test_a_grant_refused_for_its_kind_and_date_names_every_other_bad_field_too(site):
    browser = site.login("finance")
    page = _ledger(browser, site)
    new = f"/finance/designations/{site.designation.id}/grants"
    with site.uow() as uow:
        before = len(uow.funding.grants_of(site.designation.id))
    typed = {
        "kind": "",
        "approval_ref": " ",
        "approved_on": "2023-02-30",
        "amount_yuan": "一万",
        "note": "",
    }
    refused = browser.post(new, data={"csrf_token": csrf_of(page.text, new), **typed})
    assert refused.status_code == 422
    kind = r'id="new-kind".*?</select>\s*<div class="error" id="[^"]+-error">请选择补贴类别'
    assert re.search(kind, refused.text, re.S)
    for field, message in (
        ("approved_on", "批准日期有误：没有2023-02-30这一天"),
        ("approval_ref", "批准文号不能为空"),
        ("amount_yuan", "金额格式不正确：请填写元，最多两位小数（如 10000.00）"),
    ):
        beside = re.search(
            rf'id="new-{field}"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)', refused.text
        )
        assert beside is not None, field
        assert beside.group(1) == message
    assert 'value="2023-02-30"' in refused.text
    assert 'value="一万"' in refused.text
    with site.uow() as uow:
        assert len(uow.funding.grants_of(site.designation.id)) == before


def _beside(html: str, form: str, field: str) -> str | None:
    found = re.search(
        rf'id="{form}-{field}"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)<', html
    )
    return found.group(1) if found else None


def test_a_correction_or_void_refused_for_a_date_or_version_names_the_other_fields_too(site):
    with site.uow() as uow:
        grant = record_grant(
            uow,
            RecordGrant(
                site.designation.id, GrantKind.ONE_OFF, "杨工〔2023〕51号", date(2023, 4, 1)
            ),
            actor=f.finance_of(site.tree.district.id),  # the district pays the one-off [Y14]
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        uow.commit()
        grant_id, before = grant.id, (grant.approval_ref, grant.amount_fen, grant.version)
    browser = site.login("finance")
    page = _ledger(browser, site).text
    correct = f"/finance/grants/{grant_id}/correct"
    typed = {
        "expected_version": "1",
        "approval_ref": "",
        "approved_on": "2023-02-30",
        "paid_on": "",
        "amount_yuan": "一万",
        "reason": "",
    }
    refused = browser.post(correct, data={"csrf_token": csrf_of(page, correct), **typed})
    assert refused.status_code == 422
    name = f"correct-{grant_id}"
    for field, message in (
        ("approved_on", "批准日期有误：没有2023-02-30这一天"),
        ("approval_ref", "批准文号不能为空"),
        ("amount_yuan", "金额格式不正确：请填写元，最多两位小数（如 10000.00）"),
        ("reason", "更正原因不能为空"),
    ):
        assert _beside(refused.text, name, field) == message, field
    assert 'value="2023-02-30"' in refused.text
    assert 'value="一万"' in refused.text
    void = f"/finance/grants/{grant_id}/void"
    data = {"csrf_token": csrf_of(page, void), "expected_version": "一", "reason": ""}
    refused = browser.post(void, data=data)
    assert refused.status_code == 422
    assert _beside(refused.text, f"void-{grant_id}", "reason") == "作废原因不能为空"
    assert '<div class="alert" role="alert">版本应为整数</div>' in refused.text
    with site.uow() as uow:
        after = uow.funding.get_grant(grant_id, scope=EVERYTHING)
        assert after is not None
        assert (after.approval_ref, after.amount_fen, after.version) == before
        assert not after.voided
        assert after.correction_reason is None


def test_an_application_or_decision_refused_for_a_date_names_the_other_fields_too(site):
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
    page = _ledger(unit, site).text
    url = f"/finance/designations/{site.designation.id}/applications"
    typed = {
        "achievement_id": str(achievement.id),
        "year": "二〇二六",
        "filed_on": "2026-11-20",
        "requested_yuan": "0",
        "summary": "",
    }
    refused = unit.post(url, data={"csrf_token": csrf_of(page, url), **typed})
    assert refused.status_code == 422
    for field, message in (
        ("year", "备案年度应为整数"),
        ("summary", "申请理由不能为空"),
        ("requested_yuan", "金额必须大于零"),
    ):
        assert _beside(refused.text, "apply", field) == message, field
    assert 'value="二〇二六"' in refused.text
    with site.uow() as uow:
        assert uow.funding.applications_of(site.designation.id) == []
    ok = {**typed, "year": "2026", "requested_yuan": "", "summary": "效益突出"}
    assert unit.post(url, data={"csrf_token": csrf_of(page, url), **ok}).status_code == 303
    finance = site.login("finance")
    page = _ledger(finance, site).text
    application_id = int(re.search(r'id="application-(\d+)"', page).group(1))
    decide = f"/finance/applications/{application_id}/decide"
    typed = {
        "expected_version": "1",
        "decided_on": "2026-11-40",
        "decision_ref": "",
        "amount_yuan": "两万",
        "decision": "approve",
    }
    refused = finance.post(decide, data={"csrf_token": csrf_of(page, decide), **typed})
    assert refused.status_code == 422
    name = f"decide-{application_id}"
    for field, message in (
        ("decided_on", "审定日期有误：没有2026-11-40这一天"),
        ("decision_ref", "主席办公会议审定文号不能为空"),
        ("amount_yuan", "金额格式不正确：请填写元，最多两位小数（如 10000.00）"),
    ):
        assert _beside(refused.text, name, field) == message, field
    assert 'value="2026-11-40"' in refused.text
    assert 'value="两万"' in refused.text
    with site.uow() as uow:
        (application,) = uow.funding.applications_of(site.designation.id)
        assert application.status is ApplicationStatus.PENDING
        assert uow.funding.grants_of(site.designation.id) == []


def test_a_grant_form_from_a_page_read_before_the_void_says_the_grant_was_voided(site):
    """Two tabs: one voids the grant, the other, read before, posts its arrival, a correction
    or a void: the voided grant has no form left, so the refusal is shown in its place."""
    with site.uow() as u:
        grant = record_grant(
            u,
            RecordGrant(site.designation.id, GrantKind.ONE_OFF, "杨工〔2023〕15号",
                        date(2023, 4, 1)),
            actor=f.finance_of(site.designation.naming_union_id), as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
        grant_id = grant.id
    browser = site.login("finance")
    read_before = _ledger(browser, site)
    token = csrf_of(read_before.text)
    voided = browser.post(
        f"/finance/grants/{grant_id}/void",
        data={"csrf_token": token, "expected_version": "1", "reason": "重复登记"},
    )
    assert voided.status_code == 303, voided.text
    for action, name, data in (
        ("payment", "pay", {"paid_on": "2023-04-20"}),
        ("correct", "correct", {"approval_ref": "杨工〔2023〕16号", "approved_on": "2023-04-01",
                                "amount_yuan": "10,000.00", "reason": "文号录入错误"}),
        ("void", "void", {"reason": "误录"}),
    ):  # fmt: skip
        refused = browser.post(
            f"/finance/grants/{grant_id}/{action}",
            data={"csrf_token": token, "expected_version": "1", **data},
        )
        assert refused.status_code == 422
        alert = refused.text.split(f'id="{name}-{grant_id}">', 1)[1].split("</div>")[0]
        assert "一次性补贴 杨工〔2023〕15号：该补贴记录已于2026年11月21日作废" in alert


def test_an_achievement_not_the_teams_is_named_with_the_other_bad_fields(site):
    """Every bad field at once: an achievement that is not the team's (a tampered id) is named
    beside the achievement with a blank reason and an unreadable year, not after them."""
    with site.uow() as uow:
        record_achievement(  # the team's own, so the form is offered
            uow,
            NewAchievement(site.designation.workshop_id, AchievementKind.UTILITY_PATENT, "夹具改进",
                           date(2026, 11, 2)),
            actor=f.OFFICER, as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        other = f.named_designation(uow, site.tree, naming_date=date(2024, 3, 1))
        theirs = record_achievement(
            uow,
            NewAchievement(other.workshop_id, AchievementKind.UTILITY_PATENT, "别队成果",
                           date(2026, 11, 2)),
            actor=f.OFFICER, as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        uow.commit()
    unit = site.login("unit")
    page = _ledger(unit, site).text
    url = f"/finance/designations/{site.designation.id}/applications"
    typed = {"achievement_id": str(theirs.id), "year": "二〇二六", "filed_on": "2026-11-20",
             "summary": ""}  # fmt: skip
    refused = unit.post(url, data={"csrf_token": csrf_of(page, url), **typed})
    assert refused.status_code == 422
    beside = refused.text.split('id="apply-achievement_id-error">', 1)[1].split("<", 1)[0]
    assert beside == "该成果不属于本工作室"
    assert _beside(refused.text, "apply", "summary") == "申请理由不能为空"
    assert _beside(refused.text, "apply", "year") == "备案年度应为整数"
    with site.uow() as uow:
        assert uow.funding.applications_of(site.designation.id) == []


def test_a_title_not_named_or_under_rectification_offers_no_form_it_would_refuse(site):
    """A title still under review receives no grant [Y14]: its ledger says so instead of
    offering 登记补贴, whose every submission was refused 「该工作室未获命名，不能拨付经费」. A
    title under 整改 still receives its grants, but applies for no excellence support [Y15]:
    the unit reads why instead of a 提出扶持申请 form it would be refused."""
    with site.uow() as uow:
        record_achievement(
            uow,
            NewAchievement(
                site.designation.workshop_id, AchievementKind.METHOD, "工法改进", date(2026, 6, 2)
            ),
            actor=f.OFFICER,
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        step = Transition(
            site.designation.id,
            DesignationStatus.RECTIFYING,
            "测试",
            date(2026, 7, 1),
            "杨工〔2026〕20号",
        )
        transition(
            uow, step, flow=Flow.RECTIFICATION, actor=f.acting(site.tree.district),
            as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        uow.commit()
    rectifying = _ledger(site.login("unit"), site).text
    assert "<summary>提出扶持申请</summary>" not in rectifying
    closed = re.search(r'<p class="muted" id="no-open-achievements">([^<]*)</p>', rectifying)
    assert closed is not None
    assert closed.group(1) == "只有处于「已命名」状态的工作室可以申请扶持。"
    finance = site.login("finance")
    assert "<summary>登记补贴</summary>" in _ledger(finance, site).text  # 整改中 still holds it
    with site.uow() as uow:
        d = uow.designations.require(site.designation.id, EVERYTHING)
        d.status, d.naming_date = DesignationStatus.UNDER_REVIEW, None  # as if still in review
        uow.commit()
    page = _ledger(finance, site).text
    assert "<summary>登记补贴</summary>" not in page
    assert '<p class="muted" id="no-grants">该工作室未获命名，不能拨付经费。</p>' in page
