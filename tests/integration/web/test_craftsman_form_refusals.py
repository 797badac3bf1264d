"""The 上海工匠 selection's page forms refused [G]: each refusal beside its field, every
other bad field named at once, what was typed kept, nothing written."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from httpx import Response
from starlette.testclient import TestClient

from lifecycle.actors import Actor
from lifecycle.craftsman_title import decisions
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.model import FalseDeclaration
from lifecycle.craftsman_title.stages import Stage, Status
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import (
    ADDRESS,
    DATED,
    PHONE,
    STATEMENT,
    TODAY,
    brief_form,
    decide,
    file,
    selection,
)
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_craftsman_pages import _setup, _typed


def _at_public_notice(site: Site) -> str:
    """An application of this year's call through the city's approval (11-16); its page."""
    sel_id, person_id = _setup(site)
    with site.uow() as u:
        cmd = svc.Apply(
            sel_id, person_id, svc.Channel.UNIT, svc.Group.OTHER, DATED,
            True, True, False, False, PHONE, ADDRESS, "钳工", 20, "精益求精。", STATEMENT,
            {"技能精湛": "证书"},
        )  # fmt: skip
        app = file(u, cmd, scope=EVERYTHING, on=TODAY)
        for stage, union_id, on in (
            (Stage.QUALIFICATION, site.tree.district.id, date(2026, 11, 12)),
            (Stage.EXPERT_REVIEW, site.tree.city.id, date(2026, 11, 13)),
            (Stage.RELEASE_REVIEW, site.tree.city.id, date(2026, 11, 14)),
            (Stage.CITY_APPROVAL, site.tree.city.id, date(2026, 11, 16)),
        ):
            credit = True if stage is Stage.CITY_APPROVAL else None  # 市总审定's own check
            done = decisions.Decide(
                app.id, stage, True, "同意", "审核人", on, credit_check_passed=credit
            )
            decide(u, done, deciding_union_id=union_id, actor=Actor("审核人"), scope=EVERYTHING)
        u.commit()
        return f"/craftsman-selections/applications/{app.id}"


def _refused_application(site: Site, **changes: str) -> tuple[int, Response]:
    """The unit contact's 附件1 sent with ``changes``: the selection's id and the 422 answer."""
    sel_id, person_id = _setup(site)
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    form_page = unit.get(action)
    typed = _typed(person_id, **changes)
    refused = unit.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
    assert refused.status_code == 422
    return sel_id, refused


def _local_selection_form(site: Site) -> tuple[int, TestClient, str, str]:
    """A city selection without local rounds, the district officer on its page: the selection's
    id, the officer's browser, the local-selection form's address and its CSRF token."""
    with site.uow() as u:
        sel_id = selection(u, site.tree, local=False).id
        u.commit()
    sel_url = f"/craftsman-selections/{sel_id}"
    district = site.login("district")
    local = f"{sel_url}/local-selections"
    return sel_id, district, local, csrf_of(district.get(sel_url).text, local)


def test_an_application_refused_for_its_group_and_date_names_every_other_bad_field_too(
    site: Site,
) -> None:
    sel_id, person_id = _setup(site)
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    form_page = unit.get(action)
    with site.uow() as u:
        before = len(svc.repo(u).applications(sel_id, EVERYTHING))
    typed = _typed(
        person_id,
        group="",
        applied_on="2024-07-40",
        trade="",
        statement="本人长期从事数控加工。",
        deputy_bureau_or_above="on",
        home_address="上海市杨浦区国定路200号",
    )
    del typed["power_技能精湛"]
    refused = unit.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
    assert refused.status_code == 422
    for field, message in (
        ("group", "请选择组别"),
        ("applied_on", "申报日期有误：没有2024-07-40这一天"),
        ("trade", "此项不得缺项、漏项（附件1）"),
        ("statement", "个人自述应为500字左右（300至700字），现为11字"),
        ("five_powers", "工匠五力至少填写一项并附经单位盖章的证明材料"),
        ("deputy_bureau_or_above", "副局级或相当于副局级以上领导干部原则上不参与推荐申报"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'id="home_address-error"' not in refused.text
    assert 'value="2024-07-40"' in refused.text
    assert 'value="上海市杨浦区国定路200号"' in refused.text
    with site.uow() as u:
        assert len(svc.repo(u).applications(sel_id, EVERYTHING)) == before


def test_a_stage_decision_refused_for_its_dates_names_the_missing_opinion_and_signer_too(
    site: Site,
) -> None:
    sel_id, person_id = _setup(site)
    with site.uow() as u:
        app = file(
            u,
            brief_form(sel_id, person_id),
            scope=EVERYTHING,
            on=TODAY,
        )  # fmt: skip
        steps = (
            (Stage.QUALIFICATION, site.tree.district.id, date(2026, 11, 12)),
            (Stage.EXPERT_REVIEW, site.tree.city.id, date(2026, 11, 13)),
            (Stage.RELEASE_REVIEW, site.tree.city.id, date(2026, 11, 14)),
            (Stage.CITY_APPROVAL, site.tree.city.id, date(2026, 11, 16)),
        )
        for stage, union_id, on in steps:
            credit = True if stage is Stage.CITY_APPROVAL else None  # 市总审定's own check
            done = decisions.Decide(
                app.id, stage, True, "同意", "审核人", on, credit_check_passed=credit
            )
            decide(u, done, deciding_union_id=union_id, actor=Actor("审核人"), scope=EVERYTHING)
        u.commit()
        app_id, status = app.id, app.status
    assert status == Status.PUBLIC_NOTICE
    city = site.login("city")
    url = f"/craftsman-selections/applications/{app_id}"
    page = city.get(url)
    decide_url = f"{url}/decide"
    typed = {
        "passed": "yes",
        "opinion": " ",
        "signer": "",
        "decided_on": "2026-11-40",
        "notice_from": "2026-11-1",
        "notice_to": "2026-11-19",
        "objections": "无异议",
    }
    refused = city.post(decide_url, data=typed | {"csrf_token": csrf_of(page.text, decide_url)})
    assert refused.status_code == 422
    for field, message in (
        ("decided_on", "审核日期有误：没有2026-11-40这一天"),
        ("notice_from", "公示开始日期格式应为 YYYY-MM-DD"),
        ("opinion", "请填写审核意见"),
        ("signer", "请填写签署人"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2026-11-40"' in refused.text
    assert "无异议" in refused.text
    # 审核意见 and 公示异议 past 2000 characters: beside a bad date (the form) and alone (the rule).
    long_texts = {"opinion": "意" * 2001, "objections": "异" * 2001, "signer": "审核人"}
    for dates in ({}, {"decided_on": "2026-11-20", "notice_from": "2026-11-17"}):
        sent = typed | long_texts | dates | {"csrf_token": csrf_of(page.text, decide_url)}
        refused = city.post(decide_url, data=sent)
        assert refused.status_code == 422
        assert 'id="opinion-error">审核意见不能超过2000个字符' in refused.text
        assert 'id="objections-error">公示期间异议及核实情况不能超过2000个字符' in refused.text
        assert "意" * 2001 in refused.text
    with site.uow() as u:
        assert len(svc.repo(u).stage_records(app_id, EVERYTHING)) == len(steps)
        assert svc.get_application(u, app_id, EVERYTHING).status == Status.PUBLIC_NOTICE


def test_the_city_and_district_forms_refused_for_a_number_or_date_name_the_other_fields_too(
    site: Site,
) -> None:
    city = site.login("city")
    page = city.get("/craftsman-selections")
    typed = {
        "year": "2025",
        "self_opens": "2024-06-12",
        "self_closes": "2024-06-01",
        "union_deadline": "2025-07-40",
    }
    refused = city.post(
        "/craftsman-selections",
        data=typed | {"csrf_token": csrf_of(page.text, "/craftsman-selections")},
    )
    assert refused.status_code == 422
    for field, message in (
        ("union_deadline", "工会及社团申报截止日期有误：没有2025-07-40这一天"),
        ("self_closes", "自荐截止日期不能早于开始日期"),
        ("self_opens", "日期应在2025年内"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2025-07-40"' in refused.text
    with site.uow() as u:
        assert svc.repo(u).selection_of_year(2025) is None
        sel_id = selection(u, site.tree, local=False).id
        u.commit()
    sel_url = f"/craftsman-selections/{sel_id}"
    district = site.login("district")
    local = f"{sel_url}/local-selections"
    typed = {"participants": "八十", "local_craftsmen": "6", "since_year": "2030"}
    refused = district.post(
        local, data=typed | {"csrf_token": csrf_of(district.get(sel_url).text, local)}
    )
    assert refused.status_code == 422
    assert 'id="participants-error">活动参与人数应为整数' in refused.text
    assert 'id="since_year-error">开展年份应在1950年至2024年之间' in refused.text
    assert 'value="八十"' in refused.text
    finding = f"{sel_url}/false-declarations"
    typed = {"found_on": "2024-07-40", "reason": "", "finding_person_id": ""}
    refused = city.post(
        finding, data=typed | {"csrf_token": csrf_of(city.get(sel_url).text, finding)}
    )
    assert refused.status_code == 422
    for field, message in (
        ("found_on", "认定日期有误：没有2024-07-40这一天"),
        ("finding_person_id", "请指定申报人或推荐单位之一"),
        ("reason", "请填写认定事由"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2024-07-40"' in refused.text
    with site.uow() as u:
        assert not svc.repo(u).ran_local(sel_id, union_id=site.tree.district.id)
        assert u.session.scalars(sa.select(FalseDeclaration)).all() == []


def test_a_notice_ending_before_it_starts_is_refused_beside_its_end(site: Site) -> None:
    url = _at_public_notice(site)
    city = site.login("city")
    page = city.get(url)
    action = f"{url}/decide"
    typed = {
        "passed": "yes",
        "opinion": "公示无异议",
        "signer": "市总审核人",
        "decided_on": "2026-11-20",
        "notice_from": "2026-11-18",
        "notice_to": "2026-11-17",
    }
    refused = city.post(action, data=typed | {"csrf_token": csrf_of(page.text, action)})
    assert refused.status_code == 422
    assert 'id="notice_to-error">公示结束日期不能早于开始日期（2026年11月18日）' in refused.text
    assert "请填写公示起止日期" not in refused.text
    assert 'id="notice_from-error"' not in refused.text
    assert 'value="2026-11-17"' in refused.text
    # A notice before the approval and an outcome ahead of its end: each beside its field.
    typed |= {"notice_from": "2026-11-15", "notice_to": "2026-11-21", "decided_on": "2026-11-20"}
    refused = city.post(action, data=typed | {"csrf_token": csrf_of(refused.text, action)})
    assert refused.status_code == 422
    assert 'id="notice_from-error">公示应在市总审定（2026年11月16日）后开始' in refused.text
    assert 'id="decided_on-error">公示期满（2026年11月21日）后方可确定最终人选' in refused.text
    assert "[G]" not in refused.text
    with site.uow() as u:
        app_id = int(url.rsplit("/", 1)[1])
        assert svc.get_application(u, app_id, EVERYTHING).status == Status.PUBLIC_NOTICE
    typed |= {"notice_from": "2026-11-16", "notice_to": "2026-11-20"}
    done = city.post(action, data=typed | {"csrf_token": csrf_of(refused.text, action)})
    assert done.status_code == 303, done.text
    assert "已授予上海工匠" in city.get(url).text


def test_a_form_dated_after_today_is_refused_beside_the_date_with_the_other_bad_fields(
    site: Site,
) -> None:
    sel_id, refused = _refused_application(site, applied_on="2030-01-01", trade="")
    assert 'id="applied_on-error">申报日期不能晚于今天（2026年11月21日）' in refused.text
    assert 'id="trade-error">此项不得缺项、漏项（附件1）' in refused.text
    assert 'value="2030-01-01"' in refused.text
    with site.uow() as u:
        assert svc.repo(u).applications(sel_id, EVERYTHING) == []


def test_a_phone_that_is_no_number_is_refused_beside_it_with_the_rest_kept(site: Site) -> None:
    sel_id, refused = _refused_application(site, applicant_phone="找车间王主任", trade="")
    assert (
        'id="applicant_phone-error">申报人联系电话应为11位手机号码（如13812345678）'
        "或带区号的固定电话（如021-65431234）"
    ) in refused.text
    assert 'id="trade-error">此项不得缺项、漏项（附件1）' in refused.text
    assert 'value="找车间王主任"' in refused.text
    with site.uow() as u:
        assert svc.repo(u).applications(sel_id, EVERYTHING) == []


def test_a_stage_dated_before_the_previous_one_is_refused_on_the_page(site: Site) -> None:
    url = _at_public_notice(site)
    with site.uow() as u:
        app_id = int(url.rsplit("/", 1)[1])
        assert len(svc.repo(u).stage_records(app_id, EVERYTHING)) == 4
    city = site.login("city")
    page = city.get(url)
    action = f"{url}/decide"
    typed = {
        "passed": "yes",
        "opinion": "公示无异议",
        "signer": "市总审核人",
        "decided_on": "2026-11-10",
        "notice_from": "2026-11-16",
        "notice_to": "2026-11-30",
    }
    refused = city.post(action, data=typed | {"csrf_token": csrf_of(page.text, action)})
    assert refused.status_code == 422
    assert "审核日期不能早于市总审定日期（2026年11月16日）" in refused.text


def test_negative_work_years_and_patents_and_overlong_honours_are_refused_on_the_page(
    site: Site,
) -> None:
    """The page holds 附件1's counts to the bounds the API holds them to: nothing is filed."""
    sel_id, person_id = _setup(site)
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    form_page = unit.get(action)
    with site.uow() as u:
        before = len(svc.repo(u).applications(sel_id, EVERYTHING))
    for changes in (
        {"years_worked": "-5", "patents_utility": "-1", "honours_text": "荣" * 2001},
        {"years_worked": "-5", "group": ""},  # refused by the form first: the count shows too
    ):
        typed = _typed(person_id, **changes)
        refused = unit.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
        assert refused.status_code == 422
        assert 'id="years_worked-error">工作年限应在0至70年之间' in refused.text
        assert 'value="-5"' in refused.text
    typed = _typed(person_id, years_worked="71", patents_design="-2", honours_text="荣" * 2001)
    refused = unit.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
    for field, message in (
        ("years_worked", "工作年限应在0至70年之间"),
        ("patents_design", "外观设计专利数应为不小于0的整数"),
        ("honours_text", "曾经获得的荣誉不能超过2000个字符"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    with site.uow() as u:
        assert len(svc.repo(u).applications(sel_id, EVERYTHING)) == before


def test_a_local_selection_selecting_more_than_took_part_is_refused_beside_it(
    site: Site,
) -> None:
    """Reading P36e: the selected are chosen from those taking part; an unreadable count is
    named as such and not compared."""
    sel_id, district, local, token = _local_selection_form(site)
    refused = district.post(
        local, data={"participants": "6", "local_craftsmen": "80", "csrf_token": token}
    )
    assert refused.status_code == 422
    assert (
        'id="local_craftsmen-error">本地区、本系统工匠选树人数（80人）不能多于活动参与人数（6人）'
    ) in refused.text
    assert 'value="80"' in refused.text
    unreadable = district.post(
        local, data={"participants": "六", "local_craftsmen": "80", "csrf_token": token}
    )
    assert unreadable.status_code == 422
    assert 'id="participants-error">活动参与人数应为整数' in unreadable.text
    assert 'id="local_craftsmen-error"' not in unreadable.text
    with site.uow() as u:
        assert not svc.repo(u).ran_local(sel_id, union_id=site.tree.district.id)


def test_a_local_selection_with_negative_head_counts_is_refused_beside_them(site: Site) -> None:
    """附件3's figures of a local selection [G] 五（二）: no negative head count, no year before
    1950, each beside its field with what was typed; nothing recorded."""
    sel_id, district, local, token = _local_selection_form(site)
    counts = {"participants": "-5", "local_craftsmen": "-1", "since_year": "1800"}
    for typed in (counts, counts | {"average_income": "x"}):  # also with the form's own refusal
        refused = district.post(local, data=typed | {"csrf_token": token})
        assert refused.status_code == 422
        for field, message in (
            ("participants", "活动参与人数应为不小于0的整数"),
            ("local_craftsmen", "本地区、本系统工匠选树人数应为不小于0的整数"),
            ("since_year", "开展年份应在1950年至2024年之间"),
        ):
            assert f'id="{field}-error">{message}' in refused.text
        assert 'value="-5"' in refused.text
    with site.uow() as u:
        assert not svc.repo(u).ran_local(sel_id, union_id=site.tree.district.id)


def test_an_overlong_understanding_is_refused_beside_it_with_its_count(site: Site) -> None:
    sel_id, refused = _refused_application(site, understanding="精" * 120)
    assert 'id="understanding-error">对“工匠精神”的理解应在100字以内，现为120字<' in refused.text
    assert "精" * 120 in refused.text  # kept
    with site.uow() as u:
        assert svc.repo(u).applications(sel_id, EVERYTHING) == []


def test_the_average_income_of_a_local_selection_has_one_bound_and_message(site: Site) -> None:
    """附件3's 月平均可支配收入 in yuan: past 1,000,000 yuan a month (by a cent or by twenty
    digits) or negative, refused beside it in the API's words (test_api_craftsman_survey.py::
    test_the_average_income_of_a_local_selection_has_the_pages_bound_and_words), kept."""
    sel_id, district, local, token = _local_selection_form(site)
    for typed, message in (
        ("1000000.01", "月平均可支配收入超过1,000,000.00元，请核对"),
        ("9" * 20, "月平均可支配收入超过1,000,000.00元，请核对"),
        ("-5", "月平均可支配收入不能为负数"),
    ):
        refused = district.post(
            local, data={"participants": "10", "average_income": typed, "csrf_token": token}
        )
        assert refused.status_code == 422, typed
        assert f'id="average_income-error">{message}<' in refused.text
        assert f'value="{typed}"' in refused.text
    with site.uow() as u:
        assert not svc.repo(u).ran_local(sel_id, union_id=site.tree.district.id)
    recorded = district.post(
        local, data={"participants": "10", "average_income": "1000000", "csrf_token": token}
    )
    assert recorded.status_code == 303
    with site.uow() as u:
        assert svc.repo(u).ran_local(sel_id, union_id=site.tree.district.id)
