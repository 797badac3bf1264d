"""The designation page offers only what a title can still do; 考核 steps in date order [S9];
cycle-end inspections only of begun, uninspected cycles, and a wrong one withdrawn [Y12]."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.clock import chinese_date
from lifecycle.inspections.model import Inspection, InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation
from lifecycle.schemes import get_scheme
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import csrf_of

# The site's Yangpu title is named 2023-03-15; the clock reads 2026-11-21: cycle 1 (2023-03-15
# to 2026-03-15) is uninspected and overdue, cycle 2 (to 2029-03-15) has begun.


def _shanghai_title(site, naming_date: date = date(2024, 7, 5)) -> int:
    with site.uow() as u:
        shop = f.workshop(u, site.tree)
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=naming_date, shop=shop
        )
        u.commit()
        return d.id


def _inspections(site, designation_id: int) -> list[tuple[int | None, object]]:
    with site.uow() as u:
        rows = u.inspections.for_designation(designation_id)
        return [(i.cycle_no, i.result) for i in rows]


def _schedule(browser, designation_id: int, **fields: str):
    form = browser.get(f"/designations/{designation_id}/inspections/new")
    data = {
        "csrf_token": csrf_of(form.text),
        "kind": "cycle_end",
        "scheduled_on": "2026-11-25",
        "place": "二号车间",
        "inspectors": "王干事、李干事",
        **fields,
    }
    return browser.post(f"/designations/{designation_id}/inspections", data=data)


def _error_beside(html: str, name: str) -> str:
    found = re.search(rf'<div class="error" id="{name}-error">([^<]*)</div>', html)
    assert found, html
    return found.group(1)


def test_a_cycle_not_begun_or_not_at_its_end_is_refused_and_a_wrong_schedule_withdrawn(site):
    d = site.designation
    district = site.login("district")
    form = district.get(f"/designations/{d.id}/inspections/new")
    # Only the begun, uninspected cycles are offered; the overdue one is chosen.
    assert re.search(
        r'<option value="1" selected>第1个管理周期（2023-03-15 至 2026-03-15，2025-03-15起可检查）',
        form.text,
    )
    assert "第2个管理周期（2026-03-15 至 2029-03-15，2028-03-15起可检查）" in form.text
    assert "第3个管理周期" not in form.text

    zero = _schedule(district, d.id, cycle_no="0")  # a number typed, not the field left empty
    assert zero.status_code == 422
    assert _error_beside(zero.text, "cycle_no") == "管理周期序号必须从1开始"
    refused = _schedule(district, d.id, cycle_no="9")
    assert refused.status_code == 422
    assert "第9个管理周期尚未开始或已检查" in _error_beside(refused.text, "cycle_no")
    assert "第十二条" in refused.text
    assert 'value="二号车间"' in refused.text  # what was typed is kept
    assert _inspections(site, d.id) == []  # nothing written

    # Cycle 2 has begun, but 「在每个周期末」 is its last year: not years before its end [Y12].
    early = _schedule(district, d.id, cycle_no="2")
    assert early.status_code == 422
    why = _error_beside(early.text, "scheduled_on")
    assert "第2个管理周期至2029年3月15日止，周期末检查不能早于2028年3月15日" in why
    assert "第十二条" in why
    assert 'value="2026-11-25"' in early.text
    assert _inspections(site, d.id) == []

    # A wrong schedule is accepted, and blocks the right one until it is withdrawn.
    wrong = _schedule(district, d.id, cycle_no="1", place="三号车间")
    assert wrong.status_code == 303
    wrong_id = int(wrong.headers["location"].rsplit("/", 1)[1])
    blocked = _schedule(district, d.id, cycle_no="1")
    assert blocked.status_code == 422
    assert "已有一次同类检查尚未登记结果" in blocked.text

    page = district.get(f"/inspections/{wrong_id}")
    assert "撤销检查安排" in page.text
    action = f"/inspections/{wrong_id}/withdrawal"
    token = csrf_of(page.text, action)
    version = re.search(
        rf'action="{action}".*?name="expected_version" value="(\d+)"', page.text, re.S
    )
    assert version is not None
    no_reason = district.post(
        action,
        data={"csrf_token": token, "expected_version": version.group(1), "withdraw_reason": ""},
    )
    assert no_reason.status_code == 422
    assert "撤销原因不能为空" in _error_beside(no_reason.text, "withdraw_reason")
    # Another district's officer cannot see it, let alone withdraw it.
    other = site.login("other")
    assert other.get(f"/inspections/{wrong_id}").status_code == 404
    done = district.post(
        action,
        data={
            "csrf_token": token,
            "expected_version": version.group(1),
            "withdraw_reason": "检查地点填错，应为二号车间",
        },
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/designations/{d.id}#inspections"
    assert district.get(f"/inspections/{wrong_id}").status_code == 404
    with site.uow() as u:
        logged = u.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "inspections", AuditEntry.entity_id == str(wrong_id)
            )
        ).all()
        assert [e.action for e in logged] == ["insert", "delete"]
        assert logged[-1].reason == "撤销已安排的检查：检查地点填错，应为二号车间"

    right = _schedule(district, d.id, cycle_no="1")
    assert right.status_code == 303
    assert _inspections(site, d.id) == [(1, None)]


def test_an_inspected_cycle_is_no_longer_offered_nor_accepted(site):
    d = site.designation
    with site.uow() as u:
        officer = f.acting(site.tree.district)
        inspection = schedule_inspection(
            u,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, date(2026, 3, 1), "现场", "王"),
            actor=officer,
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        criteria = get_scheme(d.scheme_code).settings.inspection_criteria
        outcomes = tuple(CriterionInput(c, True) for c, _ in criteria)
        record_outcome(
            u,
            RecordOutcome(inspection.id, date(2026, 3, 1), outcomes),
            actor=officer,
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        u.commit()
    district = site.login("district")
    form = district.get(f"/designations/{d.id}/inspections/new")
    assert "第1个管理周期（" not in form.text
    assert re.search(r'<option value="2" selected>第2个管理周期', form.text)
    again = _schedule(district, d.id, cycle_no="1")
    assert again.status_code == 422
    assert "可安排的只有第2个管理周期" in _error_beside(again.text, "cycle_no")
    # A recorded inspection cannot be withdrawn.
    page = district.get(f"/inspections/{inspection.id}")
    assert "撤销检查安排" not in page.text


def test_a_shanghai_title_offers_no_inspection_and_a_forged_schedule_says_why(site):
    designation_id = _shanghai_title(site)
    district = site.login("district")
    detail = district.get(f"/designations/{designation_id}")
    assert f"/designations/{designation_id}/inspections/new" not in detail.text
    form = district.get(f"/designations/{designation_id}/inspections/new")
    assert "上海市劳模创新工作室没有“实地检查、整改通知及整改复查”环节" in form.text
    assert 'action="/designations/' not in form.text
    # A form posted anyway is refused with the reason in the form's alert, not a bare one.
    token = csrf_of(district.get(f"/designations/{site.designation.id}/inspections/new").text)
    refused = district.post(
        f"/designations/{designation_id}/inspections",
        data={
            "csrf_token": token,
            "kind": "cycle_end",
            "scheduled_on": "2026-11-25",
            "place": "现场",
            "inspectors": "王",
        },
    )
    assert refused.status_code == 403  # the pack's authority refusal (no_such_step), as the API
    assert "没有“实地检查、整改通知及整改复查”环节" in refused.text


def test_a_shanghai_title_offers_neither_the_yangpu_consent_nor_a_direct_leader_change(site):
    designation_id = _shanghai_title(site)
    district = site.login("district")
    detail = district.get(f"/designations/{designation_id}")
    assert "/leader/event" in detail.text
    assert "/leader/consent" not in detail.text
    assert "/leader/change" not in detail.text
    consent = district.get(f"/designations/{designation_id}/leader/consent")
    assert "不适用退休后继续领衔" in consent.text
    assert "第十三条" not in consent.text
    assert f'action="/designations/{designation_id}/leader/consent"' not in consent.text
    change = district.get(f"/designations/{designation_id}/leader/change")
    assert "须提交管理变更申请（附件3）" in change.text
    assert f'action="/designations/{designation_id}/leader/change"' not in change.text
    # A Yangpu title keeps both (the consent once its leader nears the legal age [Y13]).
    with site.uow() as u:
        born = date(1966, 1, 15)
        leader = f.person(u, name="冯老师", birth_date=born, union_id=site.tree.unit.id)
        near = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
    yangpu = district.get(f"/designations/{near.id}")
    assert "/leader/consent" in yangpu.text
    assert "/leader/change" in yangpu.text


def test_leader_events_and_consents_are_listed_once(site):
    district = site.login("district")
    page = district.get(f"/designations/{site.designation.id}")
    assert page.text.count("退休后继续领衔同意") <= 1  # the button only; no second section
    assert "暂无领衔人退休、离职等情况记录" not in page.text
    assert "继续领衔同意书" not in page.text


def _revoked_yangpu(site) -> int:
    with site.uow() as u:
        d = u.designations.get(site.designation.id, f.SYSTEM_SCOPE)
        assert d is not None
        officer = f.acting(site.tree.district)
        inspection = schedule_inspection(
            u,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, date(2026, 4, 1), "现场", "王"),
            actor=officer,
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        criteria = get_scheme(d.scheme_code).settings.inspection_criteria
        outcomes = tuple(
            CriterionInput(c, c != "team", "" if c != "team" else "成员不足") for c, _ in criteria
        )
        record_outcome(
            u,
            RecordOutcome(inspection.id, date(2026, 4, 1), outcomes),
            actor=officer,
            as_of=date(2026, 4, 1),  # entered the day it was held: the notice is dated then
            scope=f.SYSTEM_SCOPE,
        )
        notice = u.notices.open_for_designation(d.id)
        assert notice is not None
        confirm_revocation(
            u,
            ConfirmRevocation(notice.id, date(2026, 6, 1), "杨工〔2026〕20号"),
            actor=officer,
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        assert d.status == DesignationStatus.REVOKED
        u.commit()
        return d.id


def test_a_revoked_title_has_no_current_cycle_and_offers_nothing_it_can_no_longer_do(site):
    designation_id = _revoked_yangpu(site)
    for who in ("district", "unit"):
        page = site.login(who).get(f"/designations/{designation_id}")
        assert page.status_code == 200
        cycles = page.text[page.text.index('id="cycles"') : page.text.index('id="occasions"')]
        assert "当前" not in cycles
        # Cycle 2 began 2026-03-15 and ended with the 撤牌 on 2026-06-01; no cycle 3.
        assert "2026年6月1日（已撤牌，周期终止）" in cycles
        assert "第3个管理周期" not in cycles
        for offered in (
            "/inspections/new",
            "/leader/event",
            "/leader/consent",
            "/leader/change",
            "/ledger/",
            "/assessments/new",
        ):
            assert f"/designations/{designation_id}{offered}" not in page.text, (who, offered)


def test_a_refusal_on_a_field_not_on_the_form_shows_its_reason_in_the_alert(site):
    """A year outside the title's years (a hidden field) is said above the form, not dropped."""
    designation_id = _shanghai_title(site)
    unit = site.login("unit")
    page = unit.get(f"/designations/{designation_id}/assessments/new?year=2026")
    refused = unit.post(
        f"/designations/{designation_id}/assessments",
        data={
            "csrf_token": csrf_of(page.text, f"/designations/{designation_id}/assessments"),
            "year": "2023",
            "step": "unit",
            "passed": "yes",
            "decided_on": "2026-11-20",
            "signer": "王",
            "opinion": "合格",
            "expected_version": "",
        },
    )
    assert refused.status_code == 422
    alert = re.search(r'<div class="alert" role="alert">(.*?)</div>', refused.text, re.S)
    assert alert is not None
    assert "考核年度应在2024年至2026年之间" in alert.group(1)
    assert _count(site, designation_id) == 0


def _step(browser, designation_id: int, step: str, passed: str, on: str, **extra: str):
    page = browser.get(f"/designations/{designation_id}/assessments/new?year=2026")
    data = {
        "csrf_token": csrf_of(page.text, f"/designations/{designation_id}/assessments"),
        "year": "2026",
        "step": step,
        "passed": passed,
        "decided_on": on,
        "signer": "李主席",
        "opinion": f"{step} 按第三条逐项考核",
        "expected_version": "",
        **extra,
    }
    version = re.search(r'name="expected_version" value="(\d*)"', page.text)
    data["expected_version"] = version.group(1) if version else ""
    return browser.post(f"/designations/{designation_id}/assessments", data=data)


def _count(site, designation_id: int) -> int:
    with site.uow() as u:
        return len(u.assessments.for_designation(designation_id))


def test_assessment_steps_are_dated_in_order_and_the_district_sees_the_units_verdict(site):
    # Named in October: its naming year's 考核 is owed at that year's end (reading D1a) [S9].
    designation_id = _shanghai_title(site, naming_date=date(2026, 10, 12))
    unit, district, city = site.login("unit"), site.login("district"), site.login("city")
    first = unit.get(f"/designations/{designation_id}/assessments/new?year=2026")
    assert " checked" not in first.text  # no verdict chosen for the union
    # A hint, not an error before submitting.
    assert "可填2026年10月12日至2026年11月21日之间的日期" in first.text
    assert "日期不能早于" not in first.text
    early = _step(unit, designation_id, "unit", "no", "2026-10-05")
    assert early.status_code == 422
    assert "日期不能早于命名日期（2026年10月12日）" in _error_beside(early.text, "decided_on")
    assert _count(site, designation_id) == 0
    assert _step(unit, designation_id, "unit", "no", "2026-11-10").status_code == 303

    page = district.get(f"/designations/{designation_id}/assessments/new?year=2026")
    assert "不符合第三条基本条件" in page.text  # the unit union's verdict …
    assert "unit 按第三条逐项考核" in page.text  # … and its opinion
    assert 'name="passed" value="yes">' in page.text
    assert " checked" not in page.text
    before = _step(district, designation_id, "district", "yes", "2026-11-01")
    assert before.status_code == 422
    assert "日期不能早于上一环节（单位工会考核 2026年11月10日）" in _error_beside(
        before.text, "decided_on"
    )
    unreadable = _step(district, designation_id, "district", "", "2026-11-01")  # early refusal
    assert unreadable.status_code == 422
    assert "请选择考核结论" in unreadable.text
    assert "日期不能早于上一环节" in _error_beside(unreadable.text, "decided_on")
    assert _step(district, designation_id, "district", "no", "2026-11-15").status_code == 303

    page = city.get(f"/designations/{designation_id}/assessments/new?year=2026")
    assert "不合格，向上海市总工会申请摘牌" in page.text
    assert "district 按第三条逐项考核" in page.text
    late = _step(city, designation_id, "city", "no", "2026-11-12", decision_ref="沪工〔2026〕9号")
    assert late.status_code == 422
    assert "日期不能早于上一环节（区局（产业）工会申请摘牌 2026年11月15日）" in late.text
    with site.uow() as u:
        d = u.designations.get(designation_id, f.SYSTEM_SCOPE)
        assert d is not None
        assert d.status == DesignationStatus.NAMED
        assert u.session.scalar(select(func.count()).select_from(Inspection)) == 0
    done = _step(city, designation_id, "city", "no", "2026-11-20", decision_ref="沪工〔2026〕9号")
    assert done.status_code == 303


def test_a_result_recorded_meanwhile_refuses_the_withdrawal_and_the_move_as_a_conflict(site):
    """The forms were shown before a colleague recorded the result: 撤销 and 改期 are both refused
    409 with why (the record's state, not the input) — the stale version says it was changed, a
    form sent at the current version that a result is recorded — and nothing changes."""
    d = site.designation
    district = site.login("district")
    scheduled = _schedule(district, d.id, scheduled_on="2026-11-20")
    assert scheduled.status_code == 303
    inspection_id = int(scheduled.headers["location"].rsplit("/", 1)[1])
    page = district.get(f"/inspections/{inspection_id}").text
    withdraw, move = (f"/inspections/{inspection_id}/{a}" for a in ("withdrawal", "reschedule"))
    version = re.search(rf'action="{withdraw}".*?name="expected_version" value="(\d+)"', page, re.S)
    assert version is not None
    criteria = get_scheme(d.scheme_code).settings.inspection_criteria
    with site.uow() as u:
        passed = tuple(CriterionInput(code, True, "") for code, _ in criteria)
        recorded = record_outcome(
            u,
            RecordOutcome(inspection_id, date(2026, 11, 20), passed),
            actor=f.acting(site.tree.district),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        u.commit()
        current = str(recorded.version)
        # The refusal names who recorded the result and when (P51c).
        who, on = recorded.recorded_by, recorded.recorded_on
    assert who
    assert on is not None
    moving = {
        "move_on": "2026-11-28",
        "move_place": "二号车间",
        "move_inspectors": "王干事",
        "move_reason": "改期",
    }
    for sent, why in (
        (version.group(1), "该检查记录已在您打开后被修改，请刷新后重试"),
        (
            current,
            f"该次检查结果已由{who}于{chinese_date(on)}登记（合格），不能撤销（结果不予改写）",
        ),
    ):
        data = {"csrf_token": csrf_of(page, withdraw), "expected_version": sent}
        refused = district.post(withdraw, data=data | {"withdraw_reason": "安排有误"})
        assert refused.status_code == 409, refused.text
        assert why in refused.text
        data = {"csrf_token": csrf_of(page, move), "expected_version": sent}
        moved = district.post(move, data=data | moving)
        assert moved.status_code == 409, moved.text
        assert why.replace("撤销", "改期") in moved.text
    with site.uow() as u:
        kept = u.session.get(Inspection, inspection_id)
        assert kept is not None
        assert (kept.scheduled_on, kept.result is not None) == (date(2026, 11, 20), True)
