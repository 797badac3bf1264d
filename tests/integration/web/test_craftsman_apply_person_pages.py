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


def test_a_year_that_does_not_exist_is_still_a_missing_page(site: Site) -> None:
    unit = site.login("unit")
    token = csrf_of(unit.get("/craftsman-selections").text)
    missing = unit.post(
        "/craftsman-selections/987654/apply", data=_typed("1") | {"csrf_token": token}
    )
    assert missing.status_code == 404
