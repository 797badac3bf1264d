"""Text past its column's length and numbers past its range come back beside their field, with what
was typed, and nothing is written; the inputs carry the column's maxlength, min and max.

Before, such a value reached the database: PostgreSQL refused the statement and the page showed
the generic 「输入有误 / 输入包含无法保存的字符或数值」 without the form; SQLite stored the text.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lifecycle.filings.model import FilingKind
from lifecycle.intake.model import IntakeCall
from lifecycle.ledgers.model import Activity
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of


def _leader(site: Site) -> int:
    with site.uow() as uow:
        shop = uow.workshops.get(site.designation.workshop_id, scope=EVERYTHING)
        return shop.leader_person_id


def _error(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error">([^<]*)<', page)
    assert found is not None, f"no error beside {field}"
    return found.group(1)


def _input(page: str, field: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page)
    assert found is not None, f"no input {field}"
    return found.group(0)


def test_a_persons_employer_title_and_education_past_their_columns(site: Site) -> None:
    person = _leader(site)
    browser = site.login("district")
    page = browser.get(f"/persons/{person}").text
    assert 'maxlength="200"' in _input(page, "employer")
    assert 'maxlength="100"' in _input(page, "professional_title")
    assert 'maxlength="50"' in _input(page, "education")
    typed = {
        "csrf_token": csrf_of(page, f"/persons/{person}"),
        "name": "张师傅",
        "gender": "male",
        "birth_date": "1975-06-01",
        "retirement_group": "male",
        "is_union_member": "on",
        "skill_level": "senior_technician",
        "employer": "上" * 201,
        "professional_title": "高" * 101,
        "education": "本" * 51,
        "id_card_number": "",
        "reason": "按档案更正",
    }
    refused = browser.post(f"/persons/{person}", data=typed)
    assert refused.status_code == 422
    assert "输入包含无法保存的字符或数值" not in refused.text
    assert _error(refused.text, "employer") == "工作单位不能超过200个字符"
    assert _error(refused.text, "professional_title") == "职称不能超过100个字符"
    assert _error(refused.text, "education") == "学历不能超过50个字符"
    assert f'value="{"上" * 201}"' in refused.text  # what was typed, kept
    assert 'value="按档案更正"' in refused.text
    with site.uow() as uow:
        stored = uow.persons.get(person, EVERYTHING)
        assert stored.employer is None or len(stored.employer) <= 200


def test_a_head_count_past_what_one_activity_gathers(site: Site) -> None:
    """参加人数 past the ledger's bound (reading IN3), however long, is named by that bound
    beside its field, with what was typed kept and nothing written; the bound itself is taken."""
    browser = site.login("unit")
    new = f"/designations/{site.designation.id}/ledger/activity"
    page = browser.get(f"{new}/new").text
    assert 'max="10000"' in _input(page, "participants")
    typed = {
        "csrf_token": csrf_of(page, new),
        "held_on": "2026-11-20",
        "title": "技术交流",
        "participants": "10001",
        "description": "交流",
    }
    for count in ("10001", "2147483647", "2147483648", "9" * 25):
        refused = browser.post(new, data=typed | {"participants": count})
        assert refused.status_code == 422, count
        assert _error(refused.text, "participants") == "参加人数不能大于10000"
        assert f'value="{count}"' in refused.text
    for odd in ("1e3", "1_000", "十二"):
        refused = browser.post(new, data=typed | {"participants": odd})
        assert _error(refused.text, "participants") == "参加人数应为整数", odd
    with site.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Activity)) == 0
    taken = browser.post(new, data=typed | {"participants": "10000"})
    assert taken.status_code == 303
    with site.uow() as uow:
        assert uow.session.scalars(select(Activity.participants)).all() == [10000]


def test_a_calls_year_past_the_integer_range_is_named_by_the_rules_years(site: Site) -> None:
    """A call's year of any length is refused by the rule's own bound, 2000 to 2100, not by what
    an integer column holds, alone or beside another bad field; nothing is written."""
    browser = site.login("district")
    page = browser.get("/intake").text
    typed = {
        "csrf_token": csrf_of(page, "/intake/calls"),
        "scheme": "yangpu-district",
        "year": "99999999999",
        "title": "2027年度申报通知",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-31",
        "target_count": "",
        "document_ref": "",
    }
    past_any_integer = "9" * 25
    for data in (typed, typed | {"year": past_any_integer}, typed | {"title": ""}):
        refused = browser.post("/intake/calls", data=data)
        assert refused.status_code == 422
        assert _error(refused.text, "year") == "年度应在2000年至2100年之间"
        assert f'value="{data["year"]}"' in refused.text
    assert _error(refused.text, "title") == "通知标题不能为空"
    with site.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(IntakeCall)) == 0


def test_a_filings_note_and_a_calls_notes_past_what_the_api_takes(site: Site) -> None:
    """备注 of a yearly filing (2000) and 说明 of a call (5000) are held to the API's bounds on the
    page too, beside their field, with or without another bad field; nothing is written."""
    d = site.designation
    unit = site.login("unit")
    form = unit.get(f"/designations/{d.id}/filings/new").text
    typed = {
        "csrf_token": csrf_of(form, f"/designations/{d.id}/filings"),
        "kind": "self_check",
        "year": "2026",
        "filed_on": "2026-11-20",
        "note": "备" * 2001,
    }
    files = {"upload": ("2026年度自查报告.pdf", b"%PDF-1.4\n% self-check\n", "application/pdf")}
    for data, upload in ((typed, files), (typed | {"year": ""}, files), (typed, None)):
        refused = unit.post(f"/designations/{d.id}/filings", data=data, files=upload)
        assert refused.status_code == 422
        assert _error(refused.text, "note") == "备注不能超过2000个字符"
        assert "备" * 2001 in refused.text
    with site.uow() as uow:
        assert uow.filings.find(d.id, 2026, FilingKind.SELF_CHECK) is None
    district = site.login("district")
    page = district.get("/intake").text
    call = {
        "csrf_token": csrf_of(page, "/intake/calls"),
        "scheme": "yangpu-district",
        "year": "2027",
        "title": "2027年度申报通知",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-31",
        "notes": "说" * 5001,
    }
    for data in (call, call | {"deadline": ""}):
        refused = district.post("/intake/calls", data=data)
        assert refused.status_code == 422
        assert _error(refused.text, "notes") == "说明不能超过5000个字符"
    with site.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(IntakeCall)) == 0
