"""A page form writes once: the same rendered form posted again (back and resubmit, a double
click, a retried request) is told 「该表单已提交，未重复登记」 and writes nothing; a refused post
does not use the form up, so the corrected form goes through."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.demo.spec import id_card_number
from lifecycle.funding.model import Expenditure
from lifecycle.ledgers.model import Activity
from lifecycle.persons.model import Person
from lifecycle.vocab import Gender
from tests.integration.web.conftest import Site, csrf_of

NOTICE = "该表单已提交，未重复登记"
BORN = date(1979, 3, 8)


def key_of(html: str, action: str) -> str:
    """The one-time key of the page's form posting to ``action``."""
    forms = re.findall(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
    found = [
        m.group(1)
        for act, body in forms
        if act == action
        for m in [re.search(r'name="form_key" value="([^"]+)"', body)]
        if m is not None
    ]
    assert found, html
    return found[-1]


def _count(site: Site, model: type) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def _written(site: Site) -> tuple[int, ...]:
    return tuple(_count(site, m) for m in (Person, Expenditure, Activity, AuditEntry))


def test_a_person_form_posted_twice_registers_one_person(site: Site) -> None:
    unit = site.login("unit")
    page = unit.get("/persons/new").text
    sent = {
        "csrf_token": csrf_of(page, "/persons"),
        "form_key": key_of(page, "/persons"),
        "name": "钱重复",
        "gender": "male",
        "birth_date": BORN.isoformat(),
        "id_card_number": id_card_number("310110", BORN, 41, Gender.MALE),
        "union_id": str(site.tree.unit.id),
        "employment_status": "employed",
        "skill_level": "technician",
    }
    first = unit.post("/persons", data=sent)
    assert first.status_code == 303, first.text
    before = _written(site)
    again = unit.post("/persons", data=sent)
    assert again.status_code == 200
    assert NOTICE in again.text
    # The notice leads to what the first post made.
    assert f'href="{first.headers["location"]}"' in again.text
    assert _written(site) == before


def test_an_expenditure_refused_then_corrected_on_the_same_form_is_recorded_once(
    site: Site,
) -> None:
    unit = site.login("unit")
    d = site.designation.id
    action = f"/finance/designations/{d}/expenditures"
    ledger = unit.get(f"/finance/designations/{d}").text
    data = {
        "csrf_token": csrf_of(ledger, action),
        "form_key": key_of(ledger, action),
        "category": "books",
        "spent_on": "2026-10-08",
        "amount_yuan": "多少",
        "payee": "上海书城",
        "description": "数控技术参考书",
        "receipt_ref": "FP-2026-77",
    }
    before = _written(site)
    refused = unit.post(action, data=data)
    assert refused.status_code == 422
    assert _written(site) == before
    # The refused post did not use the form's key up: the corrected form is recorded.
    data["amount_yuan"] = "356.80"
    done = unit.post(action, data=data)
    assert done.status_code == 303, done.text
    recorded = _written(site)
    assert recorded[1] == before[1] + 1
    for _ in range(2):  # back and resubmit, then once more
        again = unit.post(action, data=data)
        assert again.status_code == 200
        assert NOTICE in again.text
    assert _written(site) == recorded
    # A freshly rendered form is a new form: it records a second, deliberate expenditure.
    fresh = unit.get(f"/finance/designations/{d}").text
    second = {**data, "form_key": key_of(fresh, action), "csrf_token": csrf_of(fresh, action)}
    assert unit.post(action, data=second).status_code == 303
    assert _written(site)[1] == recorded[1] + 1


def test_a_ledger_entry_replayed_writes_nothing_and_another_user_cannot_see_its_link(
    site: Site,
) -> None:
    unit = site.login("unit")
    d = site.designation.id
    action = f"/designations/{d}/ledger/activity"
    form = unit.get(f"{action}/new").text
    data = {
        "csrf_token": csrf_of(form, action),
        "form_key": key_of(form, action),
        "held_on": "2026-05-10",
        "title": "技能比武",
        "participants": "18",
    }
    done = unit.post(action, data=data)
    assert done.status_code == 303, done.text
    before = _written(site)
    again = unit.post(action, data=data)
    assert NOTICE in again.text
    assert f'href="{done.headers["location"]}"' in again.text
    # The same key posted by another user's form is not written either, and shows no link.
    district = site.login("district")
    other = district.get(f"/designations/{d}").text
    stolen = {**data, "csrf_token": csrf_of(other)}
    replay = district.post(action, data=stolen)
    assert NOTICE in replay.text
    assert "查看提交结果" not in replay.text
    assert _written(site) == before
