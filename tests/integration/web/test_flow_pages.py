"""The 考核 step form (each step by its union) and the 撤牌 confirmation, in the browser's way."""

from __future__ import annotations

from datetime import date, timedelta

from lifecycle.clock import chinese_date
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.schemes import get_scheme
from lifecycle.vocab import DesignationStatus
from tests import factories as f
from tests.integration.web.conftest import csrf_of


def _shanghai_title(site) -> int:
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        designation_id = d.id
        u.commit()
        return designation_id


def _post_step(browser, designation_id: int, page: str, step: str, passed: str, **extra):
    data = {
        "csrf_token": csrf_of(page, f"/designations/{designation_id}/assessments"),
        "year": "2026",
        "step": step,
        "passed": passed,
        "decided_on": "2026-11-20",
        "signer": "李主席",
        "opinion": "按第三条逐项考核",
        "expected_version": "",
        **extra,
    }
    return browser.post(f"/designations/{designation_id}/assessments", data=data)


def _status(site, designation_id: int) -> DesignationStatus:
    with site.uow() as u:
        d = u.designations.get(designation_id, f.SYSTEM_SCOPE)
        assert d is not None
        return d.status


def test_each_assessment_step_is_recorded_by_its_union_on_the_page(site):
    designation_id = _shanghai_title(site)
    url = f"/designations/{designation_id}/assessments/new?year=2026"
    district = site.login("district")
    detail = district.get(f"/designations/{designation_id}")
    assert f"/designations/{designation_id}/assessments/new" in detail.text
    waiting = district.get(url)
    assert waiting.status_code == 200
    assert "单位工会考核" in waiting.text
    assert "应由<strong>上海某机械有限公司工会</strong>办理" in waiting.text
    assert 'action="/designations/' not in waiting.text

    unit = site.login("unit")
    page = unit.get(url)
    assert "第九条" in page.text
    assert _post_step(unit, designation_id, page.text, "unit", "yes").status_code == 303

    page = district.get(url)
    assert "区局（产业）工会考核" in page.text
    assert _post_step(district, designation_id, page.text, "district", "no").status_code == 303
    # The district may not decide the city's step, even with a forged form.
    forged = _post_step(district, designation_id, page.text, "city", "no", decision_ref="杨工1号")
    assert forged.status_code == 403  # an authority refusal, as the API answers it
    assert "上海市总工会" in forged.text
    assert _status(site, designation_id) == DesignationStatus.NAMED

    city = site.login("city")
    page = city.get(url)
    assert "市总工会摘牌决定" in page.text
    refused = _post_step(city, designation_id, page.text, "city", "no", decision_ref="")
    assert refused.status_code == 422
    assert "文号" in refused.text
    assert "按第三条逐项考核" in refused.text  # what was typed is kept
    done = _post_step(city, designation_id, page.text, "city", "no", decision_ref="沪工〔2026〕9号")
    assert done.status_code == 303
    assert _status(site, designation_id) == DesignationStatus.REVOKED


def _failed_yangpu(site, on: date = date(2026, 4, 1)) -> int:
    with site.uow() as u:
        d = u.designations.get(site.designation.id, f.SYSTEM_SCOPE)
        officer = f.acting(site.tree.district)
        inspection = schedule_inspection(
            u,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, on, "现场", "王"),
            actor=officer,
            as_of=on,
            scope=f.SYSTEM_SCOPE,
        )
        criteria = get_scheme(d.scheme_code).settings.inspection_criteria
        outcomes = tuple(
            CriterionInput(c, c != "team", "" if c != "team" else "成员不足") for c, _ in criteria
        )
        record_outcome(
            u,
            RecordOutcome(inspection.id, on, outcomes),
            actor=officer,
            as_of=on,  # entered the day it was held
            scope=f.SYSTEM_SCOPE,
        )
        notice = u.notices.open_for_designation(d.id)
        assert notice is not None
        notice_id = notice.id
        u.commit()
        return notice_id


def test_the_district_officer_confirms_revocation_after_the_deadline_with_its_number(site):
    notice_id = _failed_yangpu(site)
    url = f"/notices/{notice_id}/revocation"
    assert site.login("unit").get(url).status_code == 403
    district = site.login("district")
    detail = district.get(f"/designations/{site.designation.id}")
    assert url in detail.text
    page = district.get(url)
    assert page.status_code == 200
    assert "第十二条" in page.text
    data = {"csrf_token": csrf_of(page.text, url), "decided_on": "2026-11-20", "decision_ref": ""}
    refused = district.post(url, data=data)
    assert refused.status_code == 422
    assert "撤牌决定文号" in refused.text
    assert 'value="2026-11-20"' in refused.text
    assert _status(site, site.designation.id) == DesignationStatus.RECTIFYING
    data["decision_ref"] = "杨工〔2026〕20号"
    assert district.post(url, data=data).status_code == 303
    assert _status(site, site.designation.id) == DesignationStatus.REVOKED


def test_revocation_is_not_offered_before_the_notice_deadline_has_passed(site):
    """「逾期仍不能有效整改的，将做撤牌处理」 [Y12]: a notice issued the day before the clock's
    2026-11-21 is in its 整改 period; neither page offers 逾期撤牌确认, and a forged post is
    refused beside 决定日期 naming the first day 撤牌 may be confirmed."""
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        deadline = notice.deadline
    assert deadline >= f.AS_OF
    url = f"/notices/{notice_id}/revocation"
    district = site.login("district")
    detail = district.get(f"/designations/{site.designation.id}")
    assert f'href="/notices/{notice_id}"' in detail.text
    assert url not in detail.text
    assert "逾期撤牌确认" not in detail.text
    page = district.get(url)
    assert page.status_code == 200
    first_day = chinese_date(deadline + timedelta(days=1))
    assert f"整改期限（{chinese_date(deadline)}）尚未届满" in page.text
    # The refusal cites the article it rests on, as the notice and its other refusals do.
    cited = f"{first_day}起方可确认撤牌（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）"
    assert cited in page.text
    assert f'action="{url}"' not in page.text
    data = {
        "csrf_token": csrf_of(district.get("/dashboard").text),
        "decided_on": "2026-11-21",
        "decision_ref": "杨工〔2026〕21号",
    }
    refused = district.post(url, data=data)
    assert refused.status_code == 422
    assert cited in refused.text
    assert 'value="杨工〔2026〕21号"' in refused.text
    assert _status(site, site.designation.id) == DesignationStatus.RECTIFYING


def test_an_assessment_step_refused_for_its_date_names_every_other_bad_field_too(site):
    designation_id = _shanghai_title(site)
    url = f"/designations/{designation_id}/assessments/new?year=2026"
    unit, district = site.login("unit"), site.login("district")
    assert _post_step(unit, designation_id, unit.get(url).text, "unit", "yes").status_code == 303
    page = district.get(url).text
    assert _post_step(district, designation_id, page, "district", "no").status_code == 303
    city = site.login("city")
    typed = {"decided_on": "2026-11-31", "signer": "", "opinion": "", "decision_ref": " "}
    refused = _post_step(city, designation_id, city.get(url).text, "city", "no", **typed)
    assert refused.status_code == 422
    for field, message in (
        ("decided_on", "日期有误：没有2026-11-31这一天"),
        ("signer", "签署人不能为空"),
        ("opinion", "考核意见不能为空"),
        ("decision_ref", "摘牌决定必须填写文号"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2026-11-31"' in refused.text
    no_verdict = _post_step(city, designation_id, city.get(url).text, "city", "", opinion="")
    assert no_verdict.status_code == 422
    assert '<div class="error" id="passed-error">请选择考核结论' in no_verdict.text
    assert 'id="opinion-error">考核意见不能为空' in no_verdict.text
    with site.uow() as u:
        assessment = u.assessments.find(designation_id, 2026)
        assert assessment is not None
        assert assessment.city_on is None
    assert _status(site, designation_id) == DesignationStatus.NAMED


def test_a_revocation_refused_for_its_date_names_the_missing_number_too(site):
    notice_id = _failed_yangpu(site)
    url = f"/notices/{notice_id}/revocation"
    district = site.login("district")
    page = district.get(url)
    data = {"csrf_token": csrf_of(page.text, url), "decided_on": "2026-11-40", "decision_ref": ""}
    refused = district.post(url, data={**data, "reason": "逾期未整改"})
    assert refused.status_code == 422
    assert 'id="decided_on-error">决定日期有误：没有2026-11-40这一天' in refused.text
    assert 'id="decision_ref-error">撤牌决定文号不能为空' in refused.text
    assert 'value="2026-11-40"' in refused.text
    assert "逾期未整改" in refused.text
    with site.uow() as u:
        notice = u.notices.open_for_designation(site.designation.id)
        assert notice is not None
        assert notice.decision_ref is None
    assert _status(site, site.designation.id) == DesignationStatus.RECTIFYING


def test_a_step_posted_from_a_page_read_before_anothers_shows_the_refusal_and_the_opinion(site):
    """Two unit contacts opened the unit step; A records 合格, then B's 不合格 arrives from the
    page read before it: B sees why it was refused and the opinion B typed (not the district's
    waiting step as if B's verdict had been saved), and A's verdict stands [S9]."""
    designation_id = _shanghai_title(site)
    url = f"/designations/{designation_id}/assessments/new?year=2026"
    first, second = site.login("unit"), site.login("unit")
    page_a, page_b = first.get(url).text, second.get(url).text
    assert _post_step(first, designation_id, page_a, "unit", "yes").status_code == 303
    opinion = "领衔劳模已调离本单位，不符合第三条基本条件"
    refused = _post_step(second, designation_id, page_b, "unit", "no", opinion=opinion)
    assert refused.status_code == 422, refused.text
    assert "提交未成功" in refused.text
    assert "2026年度考核的单位工会考核已由" in refused.text  # who and when (records50)
    waiting = "（合格），当前环节为：待区局（产业）工会考核；您的意见未保存，请刷新后查看"
    assert waiting in refused.text
    assert opinion in refused.text  # B's opinion, not lost
    assert "结论：不合格" in refused.text
    with site.uow() as u:
        assessment = u.assessments.find(designation_id, 2026)
        assert assessment is not None
        assert assessment.unit_passed is True  # A's verdict stands
        assert assessment.unit_opinion == "按第三条逐项考核"
