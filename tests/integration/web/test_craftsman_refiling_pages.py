"""上海工匠 pages: a withdrawn application lets the unit file the person's again the same year;
while one is live a second is refused beside the person (reading G9)."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.stages import Status
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import (
    TODAY,
    local_craftsman,
    open_call,
    typed_application,
)
from tests.integration.web.conftest import Site, csrf_of


def _typed(person_id: int, **changes: str) -> dict[str, str]:
    survey = {"survey_monthly_income_yuan": "12000", "survey_income_level": "较高"}
    return typed_application(person_id, **survey) | changes


def _file(unit, sel_id: int, person_id: int, **changes: str):
    action = f"/craftsman-selections/{sel_id}/apply"
    page = unit.get(action)
    token = csrf_of(page.text, action)
    return unit.post(action, data=_typed(person_id, **changes) | {"csrf_token": token})


def _applications(site: Site, sel_id: int, person_id: int) -> list[tuple[int, Status]]:
    with site.uow() as u:
        apps = svc.repo(u).applications(sel_id, EVERYTHING)
        return sorted((a.id, a.status) for a in apps if a.person_id == person_id)


def test_a_withdrawn_application_is_filed_again_and_a_second_live_one_refused(site: Site) -> None:
    with site.uow() as u:
        sel_id = open_call(u, site.tree).id
        person_id = local_craftsman(u, site.tree, "重报页面师傅").id
        u.commit()
    unit = site.login("unit")
    first = _file(unit, sel_id, person_id)
    assert first.status_code == 303, first.text
    url = first.headers["location"]
    twice = _file(unit, sel_id, person_id, trade="数控铣工")
    assert twice.status_code == 422
    beside = twice.text.split('id="person_id-error"', 1)[1].split("</", 1)[0]
    assert "该申报人已申报" in beside
    assert 'value="数控铣工"' in twice.text
    assert len(_applications(site, sel_id, person_id)) == 1
    action = f"{url}/withdraw"
    page = unit.get(url).text
    withdrawn = unit.post(
        action,
        data={
            "csrf_token": csrf_of(page, action),
            "reason": "材料不全，补齐后重报",
            "withdraw_on": TODAY.isoformat(),
            "withdraw_signer": "赵主席",
        },
    )
    assert withdrawn.status_code == 303, withdrawn.text
    again = _file(unit, sel_id, person_id, trade="数控铣工")
    assert again.status_code == 303, again.text
    assert again.headers["location"] != url
    (old, old_status), (_new, new_status) = _applications(site, sel_id, person_id)
    assert (old_status, new_status) == (Status.WITHDRAWN, Status.QUALIFICATION)
    assert url.endswith(f"/{old}")
    third = _file(unit, sel_id, person_id)
    assert third.status_code == 422
    assert 'id="person_id-error"' in third.text
    assert len(_applications(site, sel_id, person_id)) == 2
