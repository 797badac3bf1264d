"""The person form: a city officer of 上海市总工会 registers a worker holding a 上海工匠 title
granted before the service with the document it was granted by [G] 四; without it the form is
refused beside 授予依据, what was typed kept, nothing registered."""

from __future__ import annotations

import re

from sqlalchemy import select

from lifecycle.persons.model import Person, PersonHonour
from lifecycle.uow import UnitOfWork
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - fixture `demo`


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="error" id="([^"]+)-error">([^<]*)</div>', html))


def test_a_city_officer_enters_an_earlier_shanghai_craftsman_with_its_document(demo):
    browser = demo.login("city")
    page = browser.get("/persons/new").text
    assert "授予依据（文号或公示名单）" in page
    union = re.search(r'<select[^>]*name="union_id".*?<option value="(\d+)"', page, re.S)
    assert union is not None
    sent = {
        "csrf_token": csrf_of(page, "/persons"),
        "name": "钱工匠",
        "gender": "male",
        "birth_date": "1978-04-01",
        "union_id": union.group(1),
        "employment_status": "employed",
        "skill_level": "senior_technician",
        "honour_0": "shanghai_craftsman",
        "honour_0_year": "2019",
        "honour_0_ref": "",
    }
    refused = browser.post("/persons", data=sent)
    assert refused.status_code == 422, refused.text
    assert _errors(refused.text) == {
        "honour_0_ref": "请填写“上海工匠”称号的授予依据：上海市总工会的命名文件文号或公示名单"
        "（《关于开展2024年度“上海工匠”培养选树工作的通知》三（五）、四）"
    }
    assert 'value="2019"' in refused.text  # what was typed is kept
    with UnitOfWork(demo.sessions) as uow:
        assert uow.session.scalar(select(Person.id).where(Person.name == "钱工匠")) is None
    sent["csrf_token"] = csrf_of(refused.text, "/persons")
    sent["honour_0_ref"] = "沪工总〔2019〕88号"
    created = browser.post("/persons", data=sent)
    assert created.status_code == 303, created.text
    shown = browser.get(created.headers["location"]).text
    assert '2019年 上海工匠<span class="muted">（授予依据：沪工总〔2019〕88号）</span>' in shown
    with UnitOfWork(demo.sessions) as uow:
        stored = uow.session.execute(
            select(PersonHonour.honour, PersonHonour.year, PersonHonour.reference)
            .join(Person, Person.id == PersonHonour.person_id)
            .where(Person.name == "钱工匠")
        ).all()
    assert [tuple(r) for r in stored] == [("shanghai_craftsman", 2019, "沪工总〔2019〕88号")]
