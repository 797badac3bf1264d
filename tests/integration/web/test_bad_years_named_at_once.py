"""A year past this one is named beside its field together with every other bad field, on the
association's member form, the officer's person form and the unit's yearly filing form; the
API's combined message is Chinese only (the demo, as its users see it)."""

from __future__ import annotations

import re

from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import AS_OF, demo_fixture  # noqa: F401 - fixture `demo`


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="error" id="([^"]+)-error">([^<]*)</div>', html))


def test_the_member_form_names_a_future_title_year_with_the_other_bad_fields(demo):
    browser = demo.login("assoc")
    page = browser.get("/association/members").text
    sent = {
        "csrf_token": csrf_of(page, "/association/members"),
        "name": "张三",
        "gender": "",
        "birth_date": "1980-01-01",
        "local_title_year": "20233",
        "skill_level": "none",
    }
    refused = browser.post("/association/members", data=sent)
    assert refused.status_code == 422
    errors = _errors(refused.text)
    assert errors["gender"] == "请选择性别"
    assert errors["local_title_year"] == f"荣誉年份不能晚于{AS_OF.year}年"
    assert 'value="20233"' in refused.text  # what was typed is kept


def test_the_person_form_names_a_future_honour_year_with_the_other_bad_fields(demo):
    browser = demo.login("yangpu")
    page = browser.get("/persons/new").text
    sent = {
        "csrf_token": csrf_of(page, "/persons"),
        "name": "李四",
        "gender": "",
        "birth_date": "1980-01-01",
        "employment_status": "employed",
        "skill_level": "none",
        "honour_0": "national_model_worker",
        "honour_0_year": "2099",
    }
    refused = browser.post("/persons", data=sent)
    assert refused.status_code == 422
    errors = _errors(refused.text)
    assert errors["gender"] == "请选择性别"
    assert errors["honour_0_year"] == f"荣誉年份不能晚于{AS_OF.year}年"


def test_an_honour_year_of_any_length_is_named_by_the_honour_rule(demo):
    """99999999999 (past an integer column) is a year after this one: the honour rule names it,
    alone (in the use case) or beside another bad field (on the form), not the column's bound;
    nothing is registered until the year is one the rule takes."""
    browser = demo.login("yangpu")
    page = browser.get("/persons/new").text
    union = re.search(r'<select[^>]*name="union_id".*?<option value="(\d+)"', page, re.S)
    assert union is not None
    sent = {
        "csrf_token": csrf_of(page, "/persons"),
        "name": "李四",
        "gender": "male",
        "birth_date": "1980-01-01",
        "union_id": union.group(1),
        "employment_status": "employed",
        "skill_level": "none",
        "honour_0": "national_model_worker",
        "honour_0_year": "99999999999",
    }
    for data in (sent, sent | {"gender": ""}):
        refused = browser.post("/persons", data=data)
        assert refused.status_code == 422
        errors = _errors(refused.text)
        assert errors["honour_0_year"] == f"荣誉年份不能晚于{AS_OF.year}年"
        assert 'value="99999999999"' in refused.text
    assert errors["gender"] == "请选择性别"
    listed = browser.get("/api/v1/persons", params={"name": "李四"})
    assert listed.status_code == 200
    assert listed.json()["items"] == []
    registered = browser.post("/persons", data=sent | {"honour_0_year": str(AS_OF.year)})
    assert registered.status_code == 303, registered.text
    found = browser.get("/api/v1/persons", params={"name": "李四"}).json()["items"]
    assert [p["name"] for p in found] == ["李四"]


def test_the_filing_form_names_a_future_year_with_the_other_bad_fields(demo):
    browser = demo.login("unit")
    titles = browser.get("/api/v1/designations", params={"status": "named"}).json()["items"]
    designation = titles[0]["id"]
    form = browser.get(f"/designations/{designation}/filings/new")
    assert form.status_code == 200
    action = f"/designations/{designation}/filings"
    sent = {
        "csrf_token": csrf_of(form.text, action),
        "kind": "",
        "year": str(AS_OF.year + 2),
        "filed_on": AS_OF.isoformat(),
    }
    refused = browser.post(action, data=sent)
    assert refused.status_code == 422
    errors = _errors(refused.text)
    assert set(errors) >= {"kind", "upload", "year"}
    # The title's own years, as the API's refusal below names them (before: 「不能晚于」).
    assert re.fullmatch(rf"备案年度应在\d{{4}}年至{AS_OF.year}年之间", errors["year"])
    assert f'value="{AS_OF.year + 2}"' in refused.text
    # The API names the year with the date after today in one 422, in Chinese alone.
    answer = browser.post(
        f"/api/v1{action}",
        data={"kind": "self_check", "year": str(AS_OF.year + 2), "filed_on": "2099-01-01"},
        files={"file": ("report.pdf", b"%PDF-1.4 report", "application/pdf")},
        headers={"X-CSRF-Token": csrf_of(form.text, action)},
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert {p["field"] for p in error["problems"]} >= {"year", "filed_on"}
    assert [p["message"] for p in error["problems"] if p["field"] == "year"] == [errors["year"]]
    assert error["field"] == error["problems"][0]["field"]
    assert not re.search(r"[A-Za-z_]+：", error["message"])
    assert all(p["message"] in error["message"] for p in error["problems"])


def test_a_filing_year_past_any_integer_is_named_by_the_years_bound(demo):
    """Reading P36h: 99999999999 is a year after this one, said as a later year is, not as
    the bound of an integer column; the API says the title's own years (reading IN1)."""
    browser = demo.login("unit")
    titles = browser.get("/api/v1/designations", params={"status": "named"}).json()["items"]
    designation = titles[0]["id"]
    form = browser.get(f"/designations/{designation}/filings/new")
    action = f"/designations/{designation}/filings"
    sent = {
        "csrf_token": csrf_of(form.text, action),
        "kind": "self_check",
        "year": "99999999999",
        "filed_on": AS_OF.isoformat(),
    }
    refused = browser.post(action, data=sent)
    assert refused.status_code == 422
    errors = _errors(refused.text)
    assert re.fullmatch(rf"备案年度应在\d{{4}}年至{AS_OF.year}年之间", errors["year"])
    assert "不能大于2147483647" not in refused.text
    assert 'value="99999999999"' in refused.text
    answer = browser.post(
        f"/api/v1{action}",
        data={"kind": "self_check", "year": "99999999999", "filed_on": AS_OF.isoformat()},
        files={"file": ("report.pdf", b"%PDF-1.4 report", "application/pdf")},
        headers={"X-CSRF-Token": csrf_of(form.text, action)},
    )
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["error"]["problems"]
    assert problem["field"] == "year"  # the title's own years, as the use case names them
    assert problem["message"] == errors["year"]  # one rule, one message on page and API


def test_the_apis_combined_message_says_each_bad_field_in_chinese(demo):
    browser = demo.login("yangpu")
    token = csrf_of(browser.get("/persons/new").text, "/persons")
    union = browser.get("/api/v1/me").json()["union_id"]
    person = {"name": "王五", "gender": "male", "birth_date": "1980-01-01", "union_id": union}
    answer = browser.post(
        "/api/v1/persons",
        json={**person, "employer": "x" * 300},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert [p["field"] for p in error["problems"]] == ["employer"]
    assert error["message"] == "工作单位不能超过200个字符"
    broken = browser.post(
        "/api/v1/persons", json={"gender": "nonsense"}, headers={"X-CSRF-Token": token}
    )
    assert broken.status_code == 422
    error = broken.json()["error"]
    assert {p["field"] for p in error["problems"]} >= {"name", "gender", "birth_date"}
    assert "姓名必填" in error["message"]  # a person's name, not 名称
    assert "出生日期必填" in error["message"]
    assert "性别不在可选值中" in error["message"]
    assert not re.search(r"[a-z_]+：", error["message"])
