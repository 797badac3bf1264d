"""The person page's 登记荣誉: an honour entered on a person already registered, as the API's
``POST /api/v1/persons/{id}/honours`` does; 上海工匠 only by 上海市总工会's officers, with its
授予依据 [G] 四. Before, the page had no such form: the city's 待办 「领衔人…未登记“上海工匠”
称号」 could only be done over the API [C 一（一）]."""

from __future__ import annotations

import re

from sqlalchemy import select

from lifecycle.persons.model import PersonHonour
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of
from tests.leader_factories import craftsman_title_of_a_model_worker

C_11 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（一）"
G_4 = "《关于开展2024年度“上海工匠”培养选树工作的通知》"


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="error" id="([^"]+)-error">([^<]*)</div>', html))


def _stored(site: Site, person_id: int) -> list[tuple[str, int, str | None]]:
    with site.uow() as u:
        rows = u.session.execute(
            select(PersonHonour.honour, PersonHonour.year, PersonHonour.reference)
            .where(PersonHonour.person_id == person_id)
            .order_by(PersonHonour.id)
        ).all()
    return [(str(h), y, r) for h, y, r in rows]


def test_the_city_enters_a_leaders_earlier_shanghai_craftsman_on_the_person_page(
    site: Site,
) -> None:
    tree = site.tree
    with site.uow() as u:
        d = craftsman_title_of_a_model_worker(u, tree)  # its leader: 上海市劳动模范 only
        u.commit()
        d_id, leader_id, leader = d.id, d.workshop.leader_person_id, d.workshop.leader.name
    before = _stored(site, leader_id)
    gap = f"领衔人{leader}未登记“上海工匠”称号（{C_11}）"
    city = site.login("city")
    assert gap in city.get("/todo", params={"mine": "1"}).text
    page = city.get(f"/persons/{leader_id}").text
    action = f"/persons/{leader_id}/honours"
    assert f'action="{action}"' in page
    sent = {
        "csrf_token": csrf_of(page, action),
        "honour": "shanghai_craftsman",
        "honour_year": "2019",
        "honour_ref": "",
    }
    refused = city.post(action, data=sent)
    assert refused.status_code == 422, refused.text
    assert _errors(refused.text) == {
        "honour_ref": "请填写“上海工匠”称号的授予依据：上海市总工会的命名文件文号或公示名单"
        f"（{G_4}三（五）、四）"
    }
    assert 'value="2019"' in refused.text  # what was typed is kept
    assert _stored(site, leader_id) == before  # nothing written
    sent["csrf_token"] = csrf_of(refused.text, action)
    sent["honour_ref"] = "沪工总〔2019〕88号"
    entered = city.post(action, data=sent)
    assert entered.status_code == 303, entered.text
    shown = city.get(entered.headers["location"]).text
    assert "已登记荣誉。" in shown
    assert '2019年 上海工匠<span class="muted">（授予依据：沪工总〔2019〕88号）</span>' in shown
    assert _stored(site, leader_id) == [*before, ("shanghai_craftsman", 2019, "沪工总〔2019〕88号")]
    assert gap not in city.get("/todo", params={"mine": "1"}).text
    assert "record-gap" not in city.get(f"/designations/{d_id}").text


def test_a_district_officer_enters_other_honours_but_not_shanghai_craftsman(site: Site) -> None:
    with site.uow() as u:
        person_id = f.workshop(u, site.tree).leader_person_id
        u.commit()
    before = _stored(site, person_id)
    district = site.login("district")
    action = f"/persons/{person_id}/honours"
    page = district.get(f"/persons/{person_id}").text
    sent = {
        "csrf_token": csrf_of(page, action),
        "honour": "shanghai_craftsman",
        "honour_year": "2020",
        "honour_ref": "沪工总〔2020〕1号",
    }
    refused = district.post(action, data=sent)
    assert refused.status_code == 422, refused.text
    assert _errors(refused.text)["honour"].startswith("“上海工匠”称号由市总工会经年度选树授予")
    assert _stored(site, person_id) == before
    sent.update(
        csrf_token=csrf_of(refused.text, action), honour="district_craftsman", honour_ref=""
    )
    entered = district.post(action, data=sent)
    assert entered.status_code == 303, entered.text
    assert _stored(site, person_id) == [*before, ("district_craftsman", 2020, None)]
    # A year not written as one is refused beside it, the choice kept.
    sent.update(csrf_token=csrf_of(district.get(f"/persons/{person_id}").text, action))
    sent.update(honour_year="二〇二〇")
    bad = district.post(action, data=sent)
    assert bad.status_code == 422, bad.text
    assert "honour_year" in _errors(bad.text)
    assert 'value="district_craftsman" selected' in bad.text
