"""附件1's income questionnaire over JSON [G]: nine answers kept apart, read by the city only."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.craftsman_title.model import CraftsmanApplication
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman

BASE = "/api/v1/craftsman-selections"
FULL = {
    "monthly_income_fen": 1_380_050,
    "income_level": "较高",
    "admin_rank_equivalent": "中层",
    "expected_income_fen": 1_800_000,
    "promotion_linked": "否",
    "one_off_reward": "是",
    "income_linked": "是",
    "environment_rating": "高",
    "public_welfare_willing": "是",
}


def _person(api: Api, name: str) -> int:
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, name).id
        u.commit()
    return person_id


def _applications(api: Api) -> int:
    with api.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(CraftsmanApplication)) or 0)


def test_nine_answers_round_trip_for_the_city_and_stay_closed_to_the_district(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    form = craftsman_form(_person(api, "问卷师傅"), income_survey=FULL)
    filed = api.client.post(
        f"{BASE}/{api.own.craftsman_selection}/applications", headers=contact, json=form
    )
    assert filed.status_code == 201, filed.text
    assert "income_survey" not in filed.json()
    app = filed.json()["id"]
    survey = f"{BASE}/applications/{app}/income-survey"
    city = api.client.get(survey, headers=api.callers[Role.CITY_OFFICER].headers)
    assert city.status_code == 200
    assert city.json() == FULL
    for role in (Role.DISTRICT_OFFICER, Role.UNIT_CONTACT):
        assert api.client.get(survey, headers=api.callers[role].headers).status_code == 403
    # Neither the application nor the list carries it, for any reader.
    for role in (Role.CITY_OFFICER, Role.DISTRICT_OFFICER):
        headers = api.callers[role].headers
        for url in (
            f"{BASE}/applications/{app}",
            f"{BASE}/{api.own.craftsman_selection}/applications",
        ):
            text = api.client.get(url, headers=headers).text
            assert "1380050" not in text
            assert "中层" not in text
    # The audit log keeps no answer.
    with api.uow() as u:
        logged = [
            e.after
            for e in u.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity == "craftsman_applications",
                    AuditEntry.entity_id == str(app),
                )
            )
        ]
    assert logged
    assert all(after and after["income_survey"] == "***" for after in logged)
    assert all("1380050" not in str(after) and "中层" not in str(after) for after in logged)


def test_a_partial_survey_is_kept_and_a_blank_one_is_none(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    partial = {"income_level": "中", "monthly_income_fen": None, "environment_rating": ""}
    one = api.client.post(
        url, headers=contact, json=craftsman_form(_person(api, "部分"), income_survey=partial)
    )
    blank = api.client.post(
        url, headers=contact, json=craftsman_form(_person(api, "空白"), income_survey={})
    )
    assert (one.status_code, blank.status_code) == (201, 201), one.text + blank.text
    city = api.callers[Role.CITY_OFFICER].headers
    read = [
        api.client.get(f"{BASE}/applications/{r.json()['id']}/income-survey", headers=city).json()
        for r in (one, blank)
    ]
    assert read == [{"income_level": "中"}, {}]


def test_a_wrong_choice_an_unknown_question_and_a_negative_amount_are_named(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    person_id = _person(api, "错答师傅")
    before, apps = api.writes(), _applications(api)
    bad = FULL | {"income_level": "很高", "favourite_tool": "锉刀", "expected_income_fen": -1}
    refused = api.client.post(
        f"{BASE}/{api.own.craftsman_selection}/applications",
        headers=contact,
        json=craftsman_form(person_id, income_survey=bad),
    )
    assert refused.status_code == 422
    problems = {p["field"]: p for p in refused.json()["error"]["problems"]}
    assert set(problems) == {
        "income_survey.income_level",
        "income_survey.favourite_tool",
        "income_survey.expected_income_fen",
    }
    assert problems["income_survey.income_level"]["code"] == "invalid_choice"
    assert "高/较高/中/较低/低" in problems["income_survey.income_level"]["message"]
    assert problems["income_survey.expected_income_fen"]["code"] == "negative_amount"
    assert (api.writes(), _applications(api)) == (before, apps)


def test_an_amount_that_is_no_whole_fen_is_one_problem_named_by_its_question(api: Api) -> None:
    """1.5 fen (or text, a list, true) is one refusal naming the question in Chinese, not the
    JSON types it failed to be; 1500.0 is the whole fen it writes."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    person_id = _person(api, "小数师傅")
    before, apps = api.writes(), _applications(api)
    for typed in (1.5, "1500", [1500], True, {"fen": 1}):
        refused = api.client.post(
            url,
            headers=contact,
            json=craftsman_form(person_id, income_survey={"monthly_income_fen": typed}),
        )
        assert refused.status_code == 422, typed
        assert refused.json()["error"]["problems"] == [
            {
                "field": "income_survey.monthly_income_fen",
                "code": "invalid_amount",
                "message": "月工资实际到手收入（元/月）应为以分为单位的整数",
            }
        ], typed
    assert (api.writes(), _applications(api)) == (before, apps)
    whole = api.client.post(
        url,
        headers=contact,
        json=craftsman_form(person_id, income_survey={"monthly_income_fen": 150_000.0}),
    )
    assert whole.status_code == 201, whole.text
    read = api.client.get(
        f"{BASE}/applications/{whole.json()['id']}/income-survey",
        headers=api.callers[Role.CITY_OFFICER].headers,
    )
    assert read.json() == {"monthly_income_fen": 150_000}


def test_the_average_income_of_a_local_selection_has_the_pages_bound_and_words(api: Api) -> None:
    """附件3's 月平均可支配收入: one bound (1,000,000 yuan a month, as the questionnaire's) and
    one message, the ones the page gives (test_craftsman_form_refusals.py::
    test_the_average_income_of_a_local_selection_has_one_bound_and_message)."""
    district = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"{BASE}/{api.own.craftsman_selection}/local-selections"
    before = api.writes()
    for fen, code, message in (
        (100_000_001, "amount_too_large", "月平均可支配收入超过1,000,000.00元，请核对"),
        (10**30, "amount_too_large", "月平均可支配收入超过1,000,000.00元，请核对"),
        (-1, "negative_amount", "月平均可支配收入不能为负数"),
    ):
        body = {"union_id": api.own.district, "participants": 10, "average_income_fen": fen}
        refused = api.client.post(url, headers=district, json=body)
        assert refused.status_code == 422, fen
        problems = {p["field"]: p for p in refused.json()["error"]["problems"]}
        assert problems["average_income_fen"] == {
            "field": "average_income_fen",
            "code": code,
            "message": message,
        }, fen
    assert api.writes() == before
    schema = api.client.get("/openapi.json").json()["components"]["schemas"]["LocalIn"]
    income = schema["properties"]["average_income_fen"]
    assert (income["minimum"], income["maximum"]) == (0, 100_000_000)
