"""上海工匠 stage decision page: the result is chosen, never 未通过 by default [G] 三."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.stages import Status
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import (
    TODAY,
    brief_form,
    file,
    local_craftsman,
    open_call,
)
from tests.integration.web.conftest import Site, csrf_of


def _filed(site: Site) -> int:
    with site.uow() as u:
        sel_id = open_call(u, site.tree).id
        person_id = local_craftsman(u, site.tree, "结果师傅").id
        app = file(
            u,
            brief_form(sel_id, person_id),
            scope=EVERYTHING,
            on=TODAY,
        )  # fmt: skip
        u.commit()
        return app.id


def test_a_decision_without_a_chosen_result_is_refused_beside_it_and_nothing_recorded(
    site: Site,
) -> None:
    app_id = _filed(site)
    url = f"/craftsman-selections/applications/{app_id}"
    decide = f"{url}/decide"
    district = site.login("district")
    page = district.get(url)
    offered = page.text.split('name="passed"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>请选择</option>' in offered
    body = {"opinion": "材料齐全，符合资格", "signer": "王干事", "decided_on": "2026-11-12"}
    for chosen in ({}, {"passed": ""}, {"passed": "maybe"}):
        refused = district.post(
            decide, data=body | chosen | {"csrf_token": csrf_of(page.text, decide)}
        )
        assert refused.status_code == 422, refused.text
        assert 'id="passed-error">请选择结果' in refused.text
        assert "材料齐全，符合资格" in refused.text
        with site.uow() as u:
            assert svc.repo(u).stage_records(app_id, EVERYTHING) == []
            assert svc.get_application(u, app_id, EVERYTHING).status == Status.QUALIFICATION
    # With a bad date too, both are named at once.
    both = district.post(
        decide,
        data=body | {"decided_on": "2026-11-40", "csrf_token": csrf_of(page.text, decide)},
    )
    assert 'id="passed-error">请选择结果' in both.text
    assert 'id="decided_on-error">审核日期有误：没有2026-11-40这一天' in both.text
    done = district.post(
        decide, data=body | {"passed": "yes", "csrf_token": csrf_of(page.text, decide)}
    )
    assert done.status_code == 303, done.text
