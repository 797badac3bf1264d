"""The designation page and the city's 待办 name a craftsman title whose leader is not on record
as 上海工匠 [C 一（一）], until the record is completed (reading I3)."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests.integration.web.conftest import Site
from tests.leader_factories import craftsman_title_of_a_model_worker

C_11 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（一）"


def test_the_title_page_and_the_citys_todo_name_the_missing_leader_title(site: Site) -> None:
    tree = site.tree
    with site.uow() as u:
        d = craftsman_title_of_a_model_worker(u, tree)  # its leader: 上海市劳动模范 only
        u.commit()
        d_id, leader_id, leader = d.id, d.workshop.leader_person_id, d.workshop.leader.name
    gap = f"领衔人{leader}未登记“上海工匠”称号（{C_11}）"  # the craftsman scheme's word [C]
    district_page = site.login("district").get(f"/designations/{d_id}")
    assert district_page.status_code == 200
    assert 'id="record-gap-leader_title_missing"' in district_page.text
    assert gap in district_page.text
    city = site.login("city")
    todo = city.get("/todo", params={"mine": "1"}).text
    assert gap in todo
    assert f"/designations/{d_id}#leader" in todo
    # The district's officers are not the ones asked.
    assert gap not in site.login("district").get("/todo", params={"mine": "1"}).text
    with site.uow() as u:
        add_honour(
            u,
            leader_id,
            HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2023, "沪工〔2023〕1号"),
            as_of=f.AS_OF,
            scope=EVERYTHING,
            entered_by=Role.CITY_OFFICER,
        )
        u.commit()
    assert "record-gap" not in city.get(f"/designations/{d_id}").text
    assert gap not in city.get("/todo", params={"mine": "1"}).text


def test_a_title_whose_leader_holds_the_title_shows_no_done_gap(site: Site) -> None:
    """Before: 「已完成 … 领衔人…未登记“上海工匠”称号…：请补登其称号」 among the 应办事项 of every
    craftsman title whose leader held the title, from its naming day on."""
    tree = site.tree
    with site.uow() as u:
        shop = f.workshop(u, tree)
        add_honour(
            u,
            shop.leader_person_id,
            HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2023, "沪工〔2023〕1号"),
            as_of=f.AS_OF,
            scope=EVERYTHING,
            entered_by=Role.CITY_OFFICER,
        )
        d = register_existing_title(
            u,
            ExistingTitle(
                shop.id, "shanghai-craftsman", "张师傅工匠创新工作室", "沪工匠创 2026-031",
                date(2026, 11, 1), "沪工〔2026〕25号",
            ),
            actor=f.acting(tree.city),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
        d_id = d.id
    page = site.login("city").get(f"/designations/{d_id}")
    assert page.status_code == 200
    assert "张师傅工匠创新工作室" in page.text
    assert "未登记“上海工匠”称号" not in page.text
    assert "record-gap" not in page.text
