"""上海工匠 申报审批表: a 人员编号 typed wrong is refused beside its field, the form kept [G]."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import (
    STATEMENT,
    local_craftsman,
    open_call,
    typed_application,
)
from tests.integration.web.conftest import Site, csrf_of


def _typed(person_id: str) -> dict[str, str]:
    return typed_application(person_id, trade="数控车工乙")


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


def test_a_person_number_no_person_can_carry_names_no_person_not_a_columns_bound(
    site: Site,
) -> None:
    """A 人员编号 below 1 or past any record's (2147483648, 30 digits) names no person: the
    申报审批表 and the city's 瞒报、虚报 form say so in their own words beside the field, with the
    other bad fields and what was typed, nothing written (before: 「申报人（人员编号）不能大于
    2147483647」, a column's bound read to a user)."""
    with site.uow() as u:
        sel_id = open_call(u, site.tree).id
        u.commit()
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    token = csrf_of(unit.get(action).text, action)
    for number in ("0", "-3", "2147483648", "9" * 30):
        refused = unit.post(action, data=_typed(number) | {"csrf_token": token})
        assert refused.status_code == 422, refused.text
        assert 'id="person_id-error">申报人不存在或未登记所属工会' in refused.text, number
        assert "2147483647" not in refused.text.split('id="person_id-error">', 1)[1][:80]
        assert 'value="数控车工乙"' in refused.text
        token = csrf_of(refused.text, action)
    # With another field left out, both are said at once.
    blank_trade = typed_application("2147483648", trade="") | {"csrf_token": token}
    refused = unit.post(action, data=blank_trade)
    assert 'id="person_id-error">申报人不存在或未登记所属工会' in refused.text
    assert 'id="trade-error"' in refused.text
    city = site.login("city")
    page = f"/craftsman-selections/{sel_id}"
    finding = f"{page}/false-declarations"
    for number in ("0", "2147483648"):
        refused = city.post(
            finding,
            data={
                "csrf_token": csrf_of(city.get(page).text, finding),
                "found_on": "2026-11-20",
                "reason": "虚报获奖情况",
                "finding_person_id": number,
                "finding_unit_union_id": "2147483648",
            },
        )
        assert refused.status_code == 422, refused.text
        assert 'id="finding_person_id-error">申报人不存在' in refused.text
        assert 'id="finding_unit_union_id-error">单位不存在' in refused.text
        assert "虚报获奖情况" in refused.text
    with site.uow() as u:
        assert svc.repo(u).applications(sel_id, EVERYTHING) == []
        assert svc.repo(u).findings(person_id=None, unit_union_id=None, scope=EVERYTHING) == []


def test_a_year_that_does_not_exist_is_still_a_missing_page(site: Site) -> None:
    unit = site.login("unit")
    token = csrf_of(unit.get("/craftsman-selections").text)
    missing = unit.post(
        "/craftsman-selections/987654/apply", data=_typed("1") | {"csrf_token": token}
    )
    assert missing.status_code == 404
