"""上海工匠 申报审批表: a 人员编号 typed wrong is refused beside its field, the form kept [G]."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import (
    ADDRESS,
    DATED,
    PHONE,
    STATEMENT,
    local_craftsman,
    open_call,
)
from tests.integration.web.conftest import Site, csrf_of


def _typed(person_id: str) -> dict[str, str]:
    return {
        "person_id": person_id,
        "channel": "unit",
        "group": "metallurgy",
        "applied_on": DATED.isoformat(),
        "chinese_nationality": "on",
        "front_line": "on",
        "applicant_phone": PHONE,
        "home_address": ADDRESS,
        "trade": "数控车工乙",
        "years_worked": "25",
        "power_技能精湛": "技能大赛一等奖（单位盖章）",
        "understanding": "精益求精。",
        "statement": STATEMENT,
    }


def test_an_unknown_person_number_is_refused_beside_it_with_everything_typed_kept(
    site: Site,
) -> None:
    with site.uow() as u:
        sel_id = open_call(u, site.tree).id
        local_craftsman(u, site.tree, "页面师傅")
        u.commit()
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    form_page = unit.get(action)
    refused = unit.post(
        action, data=_typed("987654") | {"csrf_token": csrf_of(form_page.text, action)}
    )
    assert refused.status_code == 422, refused.text
    assert 'id="person_id-error">申报人不存在或未登记所属工会' in refused.text
    assert 'value="987654"' in refused.text
    assert 'value="数控车工乙"' in refused.text
    assert STATEMENT in refused.text
    with site.uow() as u:
        assert svc.repo(u).applications(sel_id, EVERYTHING) == []


def test_a_year_that_does_not_exist_is_still_a_missing_page(site: Site) -> None:
    unit = site.login("unit")
    token = csrf_of(unit.get("/craftsman-selections").text)
    missing = unit.post(
        "/craftsman-selections/987654/apply", data=_typed("1") | {"csrf_token": token}
    )
    assert missing.status_code == 404
