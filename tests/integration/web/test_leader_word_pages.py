"""The designation page and the leader forms call the leader by the title's own word, on both
backends: 领衔人 on a city title [S][C 一（一）], 带头人 on a Yangpu title [Y3]; before, a city
title's leader section, its forms and its 附件3 form said 带头人 beside a heading saying 领衔人."""

from __future__ import annotations

import re

from lifecycle.vocab import Honour
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def _leader_section(html: str) -> str:
    found = re.search(r'<h2 id="leader">.*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def test_a_city_titles_leader_is_named_lingxianren_on_its_page_forms_and_refusals(
    site: Site,
) -> None:
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id = d.id
    unit = site.login("unit")
    section = _leader_section(unit.get(f"/designations/{d_id}").text)
    assert '<h2 id="leader">领衔人</h2>' in section
    assert "现任领衔人：" in section
    assert ">登记领衔人情况</a>" in section
    assert "<h3>历任领衔人</h3>" in section
    assert "<th>领衔人</th>" in section
    assert "带头人" not in section
    action = f"/designations/{d_id}/leader/event"
    form = unit.get(action)
    assert "<h1>登记领衔人情况</h1>" in form.text
    assert "现任领衔人：周工匠" in form.text
    recorded = unit.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), "kind": "departure",
              "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
    )  # fmt: skip
    assert recorded.status_code == 303
    page = unit.get(f"/designations/{d_id}").text
    assert '见上方<a href="#leader">领衔人</a>' in page
    new = unit.get(f"/designations/{d_id}/changes/new")
    assert "引用的领衔人情况记录" in new.text
    assert "带头人" not in new.text.split("<main", 1)[-1]
    change = f"/designations/{d_id}/changes"
    refused = unit.post(
        change,
        data={"csrf_token": csrf_of(new.text, change), "reason": "retired",
              "reason_details": "调往外省", "measure": "exit_keeping_title",
              "leader_event_id": "", "filed_on": "2026-06-05", "filed_by": "赵主席"},
    )  # fmt: skip
    assert refused.status_code == 422
    said = "申请原因（退休）与领衔人周工匠的登记情况（离职）不一致"
    assert f'id="reason-error">{said}' in refused.text
    development = unit.get(f"/designations/{d_id}/ledger/development/new").text
    assert "周工匠（领衔人）" in development


def test_a_yangpu_titles_leader_is_named_daitouren_on_its_page_and_ledger_forms(site: Site) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="yangpu-district")
        u.commit()
        d_id, leader = d.id, d.workshop.leader.name
    unit = site.login("unit")
    section = _leader_section(unit.get(f"/designations/{d_id}").text)
    assert '<h2 id="leader">带头人</h2>' in section
    assert "现任带头人：" in section
    assert "领衔人：" not in section
    assert "<h1>登记带头人情况</h1>" in unit.get(f"/designations/{d_id}/leader/event").text
    development = unit.get(f"/designations/{d_id}/ledger/development/new").text
    assert f"{leader}（带头人）" in development
    assert "（领衔人）" not in development


def test_a_teams_page_and_refusals_call_its_leader_as_its_titles_do(site: Site) -> None:
    """The team page (工作室) and the refusals naming the team's leader (adding the leader as a
    member, a development of a person not on the team) say 领衔人 for a team holding a city
    title only, 带头人（领衔人） for one holding a Yangpu and a city title; before, 带头人 on
    every team."""
    with site.uow() as u:
        city = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        both = lf.titled(u, site.tree, scheme="yangpu-district")
        f.named_designation(u, site.tree, scheme="shanghai-craftsman", shop=both.workshop)
        outsider = f.person(u, name="局外人", union_id=site.tree.unit.id)
        u.commit()
        shop, leader, both_shop = city.workshop_id, city.workshop.leader_person_id, both.workshop_id
        city_id, outsider_id = city.id, outsider.id
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop}").text
    assert "<p>领衔人 <a" in page
    assert "人，领衔人除外）" in page
    assert "带头人" not in page.split("<main", 1)[-1]
    both_page = unit.get(f"/workshops/{both_shop}").text
    assert "<p>带头人（领衔人） <a" in both_page
    assert "人，带头人（领衔人）除外）" in both_page
    action = f"/workshops/{shop}/members"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page, action), "person_id": str(leader),
              "joined_on": "2025-01-01"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "领衔人不计入团队成员" in refused.text
    new = f"/designations/{city_id}/ledger/development"
    form = unit.get(f"{new}/new").text
    refused = unit.post(
        new,
        data={"csrf_token": csrf_of(form, new), "kind": "promotion", "person_id": str(outsider_id),
              "occurred_on": "2026-06-01", "description": "晋升高级技师"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "该人员当时不是本工作室的成员或领衔人" in refused.text
