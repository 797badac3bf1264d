"""上海工匠 pages on both databases: the 申报审批表, a refusal kept beside its field, the stages."""

from __future__ import annotations

from datetime import date

from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title import survey
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour
from tests.integration.craftsman.helpers import (
    ADDRESS,
    PHONE,
    TODAY,
    brief_form,
    file,
    local_craftsman,
    open_call,
    typed_application,
)
from tests.integration.web.conftest import Site, csrf_of


def _setup(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        sel = open_call(u, site.tree)
        person = local_craftsman(u, site.tree, "页面师傅")
        u.commit()
        return sel.id, person.id


def _typed(person_id: int, **changes: str) -> dict[str, str]:
    survey = {"survey_monthly_income_yuan": "12000", "survey_income_level": "较高"}
    return typed_application(person_id, patents_invention="2", **survey) | changes


def test_a_unit_files_the_form_the_district_and_city_take_it_to_the_title(site: Site) -> None:
    sel_id, person_id = _setup(site)
    unit = site.login("unit")
    form_page = unit.get(f"/craftsman-selections/{sel_id}/apply")
    assert form_page.status_code == 200
    assert "工匠五力" in form_page.text
    action = f"/craftsman-selections/{sel_id}/apply"
    # A retired-looking cadre declaration is refused beside its field, what was typed kept.
    refused = unit.post(
        action,
        data=_typed(person_id, deputy_bureau_or_above="on", trade="数控车工甲")
        | {"csrf_token": csrf_of(form_page.text, action)},
    )
    assert refused.status_code == 422
    assert 'id="deputy_bureau_or_above-error"' in refused.text
    assert "副局级" in refused.text
    assert "数控车工甲" in refused.text
    done = unit.post(action, data=_typed(person_id) | {"csrf_token": csrf_of(refused.text, action)})
    assert done.status_code == 303, done.text
    app_url = done.headers["location"]
    listing = unit.get(f"/craftsman-selections/{sel_id}").text
    assert "138****5678" in listing
    assert PHONE not in listing
    assert ADDRESS not in listing
    detail = unit.get(app_url).text
    assert PHONE not in detail
    assert ADDRESS not in detail
    assert "12,000.00" not in detail  # the survey is for the statistics role only
    assert 'id="survey"' not in detail
    district = site.login("district")
    page = district.get(app_url)
    assert "资格审查" in page.text
    decide = f"{app_url}/decide"
    step = {
        "passed": "yes",
        "opinion": "符合申报资格",
        "signer": "王干事",
        "decided_on": "2026-11-12",
    }
    moved = district.post(decide, data=step | {"csrf_token": csrf_of(page.text, decide)})
    assert moved.status_code == 303, moved.text
    # The next stage is the city's: the district is told so, without a form to submit.
    after = district.get(app_url).text
    assert f'action="{decide}"' not in after
    shown = after.split('id="decided-elsewhere">', 1)[1].split("<", 1)[0]
    assert "由市总工会办理" in shown
    city = site.login("city")
    city_steps = (
        {"decided_on": "2026-11-13"},
        {"decided_on": "2026-11-14"},
        {"decided_on": "2026-11-16", "credit_check_passed": "yes"},
        {"decided_on": "2026-11-20", "notice_from": "2026-11-16", "notice_to": "2026-11-19"},
    )
    for extra in city_steps:
        page = city.get(app_url)
        assert "12,000.00 元/月" in page.text  # the city officer reads the survey
        body = step | {"signer": "市总审核人"} | extra
        response = city.post(decide, data=body | {"csrf_token": csrf_of(page.text, decide)})
        assert response.status_code == 303, response.text
    granted = city.get(app_url).text
    assert "已授予上海工匠" in granted
    assert "（公示 2026年11月16日至2026年11月19日）" in granted  # a sentence's dates in Chinese
    with site.uow() as u:
        honours = {(h.honour, h.year) for h in u.persons.get(person_id, EVERYTHING).honours}
    assert (Honour.SHANGHAI_CRAFTSMAN, 2026) in honours


def test_a_district_officer_is_not_offered_a_self_applicants_qualification_on_the_page(
    site: Site,
) -> None:
    """[G] 三（一）: a self-applicant's 资格审核 and 海选面试 are the city's 申报办公室's, after
    soliciting the district union's opinion (reading G13)."""
    sel_id, person_id = _setup(site)
    with site.uow() as u:
        app = file(
            u,
            brief_form(sel_id, person_id, channel=svc.Channel.SELF),
            scope=EVERYTHING,
            on=TODAY,
        )  # fmt: skip
        u.commit()
    url = f"/craftsman-selections/applications/{app.id}"
    decide = f"{url}/decide"
    # The district is told who takes the stage; no form is offered.
    district = site.login("district")
    page = district.get(url)
    assert f'action="{decide}"' not in page.text
    shown = page.text.split('id="decided-elsewhere">', 1)[1].split("<", 1)[0]
    assert (
        "个人自荐的资格审查（资格审核、海选面试）由上海工匠培养选树申报办公室（市总工会）办理"
        in shown
    )
    # Posted anyway (a script, an old page): refused by the use case.
    body = {"passed": "yes", "opinion": "同意", "signer": "区总", "decided_on": "2026-11-12"}
    refused = district.post(decide, data=body | {"csrf_token": csrf_of(page.text)})
    assert refused.status_code == 403
    assert "由上海工匠培养选树申报办公室（市总工会）办理" in refused.text
    # The refused transaction is over: another write goes through at once.
    city = site.login("city")
    page = city.get(url)
    assert "海选面试" in page.text
    typed = body | {"interview_passed": "yes", "signer": "市总", "district_opinion": "同意推荐",
                    "district_opinion_on": "2026-11-11"}  # fmt: skip
    ok = city.post(decide, data=typed | {"csrf_token": csrf_of(page.text, decide)})
    assert ok.status_code == 303


def test_the_city_opens_a_year_records_a_finding_and_a_district_its_local_selection(
    site: Site,
) -> None:
    city = site.login("city")
    page = city.get("/craftsman-selections")
    assert 'id="open"' in page.text
    typed = {"year": "2026", "self_opens": "2026-11-02", "self_closes": "2026-11-01"}
    typed |= {"union_deadline": "2026-11-30"}
    refused = city.post(
        "/craftsman-selections",
        data=typed | {"csrf_token": csrf_of(page.text, "/craftsman-selections")},
    )
    assert refused.status_code == 422
    assert "自荐截止日期不能早于开始日期" in refused.text
    assert 'value="2026-11-01"' in refused.text
    typed["self_closes"] = "2026-11-30"
    opened = city.post(
        "/craftsman-selections",
        data=typed | {"csrf_token": csrf_of(refused.text, "/craftsman-selections")},
    )
    assert opened.status_code == 303, opened.text
    sel_url = opened.headers["location"]
    sel_id = int(sel_url.rsplit("/", 1)[1])
    district = site.login("district")
    page = district.get(sel_url)
    assert 'id="false-declarations"' not in page.text  # the city's finding form only
    local = f"{sel_url}/local-selections"
    done = district.post(
        local,
        data={
            "participants": "80",
            "local_craftsmen": "6",
            "csrf_token": csrf_of(page.text, local),
        },
    )
    assert done.status_code == 303, done.text
    with site.uow() as u:
        assert svc.repo(u).ran_local(sel_id, union_id=site.tree.district.id)
        person = local_craftsman(u, site.tree, "虚报师傅")
        app = file(
            u,
            brief_form(sel_id, person.id, on=date(2026, 11, 10)),
            scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
    page = city.get(sel_url)
    finding = f"{sel_url}/false-declarations"
    body = {"finding_person_id": str(person.id), "found_on": "2026-11-20", "reason": "业绩材料虚报"}
    recorded = city.post(finding, data=body | {"csrf_token": csrf_of(page.text, finding)})
    assert recorded.status_code == 303, recorded.text
    assert "取消参评资格" in city.get(sel_url).text
    with site.uow() as u:
        assert svc.get_application(u, app.id, EVERYTHING).status == "disqualified"


def test_the_form_asks_the_nine_questions_and_keeps_a_bad_amount_beside_its_field(
    site: Site,
) -> None:
    sel_id, person_id = _setup(site)
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    form_page = unit.get(action)
    for question in survey.QUESTIONS:
        assert f'id="f-{question.form_field}"' in form_page.text
        assert question.label in form_page.text
    assert form_page.text.count('id="f-survey_') == 9
    assert '<option value="低于普通">' in form_page.text
    with site.uow() as u:
        before = len(svc.repo(u).applications(sel_id, EVERYTHING))
    typed = _typed(
        person_id,
        survey_expected_income_yuan="-500",
        survey_monthly_income_yuan="9,800.5",
        survey_admin_rank_equivalent="中层",
        survey_public_welfare_willing="是",
        trade="模具钳工",
    )
    refused = unit.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
    assert refused.status_code == 422
    assert 'id="survey_expected_income_yuan-error"' in refused.text
    # Named once, as over the API (before: 「本人期望工资收入（元/月）：金额不能为负数」).
    assert (
        'id="survey_expected_income_yuan-error">本人期望工资收入（元/月）不能为负数<'
        in refused.text
    )
    assert 'value="-500"' in refused.text
    assert 'value="9,800.5"' in refused.text
    assert 'value="模具钳工"' in refused.text
    assert '<option value="中层" selected>' in refused.text
    with site.uow() as u:
        assert len(svc.repo(u).applications(sel_id, EVERYTHING)) == before
    typed["survey_expected_income_yuan"] = "12000"
    done = unit.post(action, data=typed | {"csrf_token": csrf_of(refused.text, action)})
    assert done.status_code == 303, done.text
    app_id = int(done.headers["location"].rsplit("/", 1)[1])
    with site.uow() as u:
        stored = svc.get_application(u, app_id, EVERYTHING).income_survey
    assert stored == {
        "monthly_income_fen": 980_050,
        "income_level": "较高",
        "admin_rank_equivalent": "中层",
        "expected_income_fen": 1_200_000,
        "public_welfare_willing": "是",
    }
    shown = site.login("city").get(done.headers["location"]).text
    assert "3. 相当于本单位行政管理哪一个职级收入</dt><dd>中层" in shown
    assert "9,800.50 元/月" in shown
