"""The district officer corrects a leader's record on the person page; refusals stay beside the
fields with what was typed, and nothing is written; roles without registry rights see no form."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.demo.spec import id_card_number
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender
from tests.integration.web.conftest import csrf_of

BORN = date(1966, 5, 10)


def _leader(site) -> int:
    with site.uow() as uow:
        shop = uow.workshops.get(site.designation.workshop_id, scope=EVERYTHING)
        return shop.leader_person_id


def _form(page: str, **typed: str) -> dict[str, str]:
    base = {
        "csrf_token": csrf_of(page),
        "name": "张师傅",
        "gender": "male",
        "birth_date": "1975-06-01",
        "retirement_group": "male",
        "is_union_member": "on",
        "employer": "",
        "skill_level": "senior_technician",
        "professional_title": "",
        "education": "",
        "id_card_number": "",
        "reason": "按身份证原件更正",
    }
    return base | typed


def test_the_officer_corrects_name_birth_date_and_id_number_by_the_form(site):
    person = _leader(site)
    browser = site.login("district")
    page = browser.get(f"/persons/{person}")
    assert page.status_code == 200
    assert "更正人员信息" in page.text
    assert 'value="1975-06-01"' in page.text  # the record, to correct
    number = id_card_number("310110", BORN, 5, Gender.MALE)
    sent = _form(page.text, name="张建国", birth_date=BORN.isoformat(), id_card_number=number)
    done = browser.post(f"/persons/{person}", data=sent)
    assert done.status_code == 303
    assert done.headers["location"] == f"/persons/{person}?corrected=1"
    shown = browser.get(done.headers["location"])
    assert "已保存更正" in shown.text
    assert "<h1>张建国</h1>" in shown.text
    assert "2026年10月10日" in shown.text  # the legal retirement date moved with the birth date
    assert number not in shown.text
    assert number[:4] + "*" * 10 + number[-4:] in shown.text
    with site.uow() as uow:
        stored = uow.persons.get(person, EVERYTHING)
        assert (stored.name, stored.birth_date, stored.id_card_number) == ("张建国", BORN, number)


def test_a_refused_correction_keeps_what_was_typed_and_writes_nothing(site):
    person = _leader(site)
    browser = site.login("district")
    page = browser.get(f"/persons/{person}")
    valid = id_card_number("310110", BORN, 5, Gender.MALE)
    wrong = valid[:17] + ("1" if valid[17] == "0" else "0")
    sent = _form(page.text, name="张建国", birth_date=BORN.isoformat(), id_card_number=wrong)
    refused = browser.post(f"/persons/{person}", data=sent)
    assert refused.status_code == 422
    assert "身份证号码校验位不正确" in refused.text.split('id="f-id_card_number"')[1]
    assert 'value="张建国"' in refused.text
    assert f'value="{wrong}"' in refused.text
    mismatched = _form(page.text, gender="female", retirement_group="male")
    refused = browser.post(f"/persons/{person}", data=mismatched)
    assert refused.status_code == 422
    assert "退休年龄类别与性别不符" in refused.text
    unsaid = browser.post(f"/persons/{person}", data=_form(page.text, name="张建国", reason=" "))
    assert unsaid.status_code == 422
    assert "更正原因不能为空" in unsaid.text.split('id="f-reason"')[1]
    assert 'value="张建国"' in unsaid.text
    bad_date = browser.post(f"/persons/{person}", data=_form(page.text, birth_date="1975-13-01"))
    assert bad_date.status_code == 422
    assert 'value="1975-13-01"' in bad_date.text
    with site.uow() as uow:
        stored = uow.persons.get(person, EVERYTHING)
        assert (stored.name, stored.gender, stored.birth_date) == (
            "张师傅",
            Gender.MALE,
            date(1975, 6, 1),
        )


def test_finance_reads_the_person_without_a_form_and_may_not_post_one(site):
    person = _leader(site)
    browser = site.login("finance")
    page = browser.get(f"/persons/{person}")
    assert page.status_code == 200
    assert "更正人员信息" not in page.text
    district = site.login("district").get(f"/persons/{person}")
    refused = browser.post(f"/persons/{person}", data=_form(district.text, name="改名"))
    assert refused.status_code == 403
    assert site.login("other").get(f"/persons/{person}").status_code == 404


def _stored(site, person: int) -> tuple[object, ...]:
    with site.uow() as uow:
        p = uow.persons.get(person, EVERYTHING)
        return p.name, p.gender, p.birth_date, p.retirement_group, p.id_card_number


def test_a_correction_refused_for_its_birth_date_names_every_other_bad_field_too(site):
    person = _leader(site)
    before = _stored(site, person)
    browser = site.login("district")
    page = browser.get(f"/persons/{person}")
    sent = _form(
        page.text,
        name=" ",
        gender="female",
        birth_date="1975-13-01",
        retirement_group="male",
        id_card_number="3101",
        reason="",
    )
    refused = browser.post(f"/persons/{person}", data=sent)
    assert refused.status_code == 422
    for field, message in (
        ("birth_date", "出生日期有误：没有1975-13-01这一天"),
        ("name", "姓名不能为空"),
        ("retirement_group", "退休年龄类别与性别不符"),
        ("id_card_number", "身份证号码应为18位（最后一位可为X）"),
        ("reason", "更正原因不能为空"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="1975-13-01"' in refused.text
    assert 'value="3101"' in refused.text
    no_gender = browser.post(f"/persons/{person}", data=_form(page.text, gender="", reason=""))
    assert no_gender.status_code == 422
    assert 'id="gender-error">请选择性别' in no_gender.text
    assert 'id="reason-error">更正原因不能为空' in no_gender.text
    assert _stored(site, person) == before


def _version_of(page: str) -> str:
    found = re.search(r'name="expected_version" value="(\d+)"', page)
    assert found is not None, "the correction form carries the version it shows"
    return found.group(1)


def test_a_correction_on_a_page_read_before_anothers_is_refused_and_keeps_what_was_typed(site):
    """Two officers opened the page; the second to save would undo the first's change without
    a word: refused as a conflict, the first's change kept, the second's typing shown again."""
    person = _leader(site)
    first, second = site.login("district"), site.login("district")
    page_a, page_b = first.get(f"/persons/{person}"), second.get(f"/persons/{person}")
    read = _version_of(page_b.text)
    sent_a = _form(page_a.text, employer="杨浦机床厂", expected_version=_version_of(page_a.text))
    assert first.post(f"/persons/{person}", data=sent_a).status_code == 303
    with site.uow() as uow:
        audited = len(uow.audit.for_record("persons", person))
    typed_b = {"education": "大学本科", "reason": "学历按毕业证书更正", "expected_version": read}
    refused = second.post(f"/persons/{person}", data=_form(page_b.text, **typed_b))
    assert refused.status_code == 409
    assert "该人员信息已在您打开后被修改，请刷新后重试" in refused.text
    assert "已保存更正" not in refused.text
    assert 'value="大学本科"' in refused.text  # what B typed, and why, is still there
    assert 'value="学历按毕业证书更正"' in refused.text
    with site.uow() as uow:
        stored = uow.persons.get(person, EVERYTHING)
        assert (stored.employer, stored.education) == ("杨浦机床厂", None)
        assert len(uow.audit.for_record("persons", person)) == audited  # nothing written
    again = second.get(f"/persons/{person}")
    assert 'value="杨浦机床厂"' in again.text  # refreshed: A's change, and the new version
    assert int(_version_of(again.text)) == int(read) + 1


def test_blank_optional_texts_typed_on_the_page_are_stored_as_none(site):
    person = _leader(site)
    browser = site.login("district")
    page = browser.get(f"/persons/{person}")
    sent = _form(page.text, employer="   ", professional_title="\u3000", education=" 大学本科 ")
    assert browser.post(f"/persons/{person}", data=sent).status_code == 303
    with site.uow() as uow:
        stored = uow.persons.get(person, EVERYTHING)
        assert (stored.employer, stored.professional_title, stored.education) == (
            None,
            None,
            "大学本科",
        )
