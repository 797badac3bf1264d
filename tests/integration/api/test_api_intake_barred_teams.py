"""Over /api/v1: a team is not drafted into a call it may not enter — once named under the
scheme, on record in review, holding the title already, or (a craftsman call) holding a
上海市劳模创新工作室 title [Y7][C 一（二）]; refused beside the team, nothing written."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifecycle.designations.naming import NewApplication as NewTitleApplication
from lifecycle.designations.naming import submit_application
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import craftsman_form, model_worker_form, yangpu_form
from tests.integration.api.conftest import Api


def test_a_draft_for_a_team_once_named_under_the_scheme_is_refused_on_the_team(api: Api) -> None:
    """往年已命名的工作室不再重复申报 [Y7]: refused as the draft is started, not at 提交申报."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/intake/calls/{api.own.call}/applications",
        headers=unit,
        json={"workshop_id": api.own.workshop, "form": yangpu_form()},
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()["error"]["problems"][0]
    assert (problem["field"], problem["code"]) == ("workshop_id", "named_before")
    assert (
        "不再重复申报和命名（《杨浦区劳模（先进）、技师创新工作室管理办法》第七条）"
        in (problem["message"])
    )
    assert api.writes() == before


def _drafting_refused(
    api: Api, publisher: Role, call: dict[str, Any], shop_id: int, form: dict[str, Any]
) -> dict[str, Any]:
    """``publisher`` publishes ``call`` (deadline 2026-12-20); the unit contact's draft for the
    team is refused on ``workshop_id`` as ``already_in_review`` with nothing written: the
    problem."""
    c = api.client
    publisher_headers = api.callers[publisher].headers
    body = call | {"deadline": "2026-12-20"}
    published = c.post("/api/v1/intake/calls", headers=publisher_headers, json=body)
    assert published.status_code == 201, published.text
    before = api.writes()
    refused = c.post(
        f"/api/v1/intake/calls/{published.json()['id']}/applications",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"workshop_id": shop_id, "form": form},
    )
    assert refused.status_code == 422, refused.text
    problem = next(p for p in refused.json()["error"]["problems"] if p["field"] == "workshop_id")
    assert problem["code"] == "already_in_review"
    assert api.writes() == before
    found: dict[str, Any] = problem
    return found


def test_a_team_whose_application_is_on_record_in_review_is_not_applied_for_again(
    api: Api,
) -> None:
    """A team with an application for the district title on record and in review (applied,
    under 初审) is not drafted into a call's review as well: it would only be refused at the
    council's naming after every stage [Y7]; nothing is written."""
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        submit_application(
            u,
            NewTitleApplication(shop.id, "yangpu-district", shop.name, date(2026, 9, 1)),
            actor=f.acting(api.tree.unit),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        u.commit()
        shop_id, name = shop.id, shop.name
        record_id = u.designations.for_workshop(shop.id)[0].id
    call = {
        "scheme": "yangpu-district",
        "year": 2027,
        "title": "2027年度杨浦区创新工作室申报",
        "opens_on": "2026-11-01",
    }
    problem = _drafting_refused(api, Role.DISTRICT_OFFICER, call, shop_id, yangpu_form())
    # Which record is in review and where it stands, not the team's own name again.
    said = f"正在审核中（在册申报记录 {record_id}，2026年9月1日申报，状态：已申报）"
    assert said in problem["message"]
    assert name not in problem["message"]
    assert "第七条" in problem["message"]


def test_a_team_holding_the_city_craftsman_title_is_not_applied_for_it_again(api: Api) -> None:
    """[C] has no no-repeat article, but a team holding the city craftsman title is not drafted
    into the next call: one open title per scheme, which naming would refuse after every stage;
    nothing is written."""
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-craftsman")
        u.commit()
        shop_id, number = title.workshop_id, title.number
    call = {
        "scheme": "shanghai-craftsman",
        "year": 2026,
        "title": "2026年度上海市工匠创新工作室创建命名",
        "opens_on": "2026-10-01",
    }
    problem = _drafting_refused(api, Role.CITY_OFFICER, call, shop_id, craftsman_form())
    assert f"已有上海市工匠创新工作室的有效命名（{number}）" in problem["message"]


def test_a_team_holding_the_city_title_and_no_district_one_is_told_it_holds_the_title(
    api: Api,
) -> None:
    """The first reason that applies: a team holding a valid 上海市劳模创新工作室 title, with no
    district title, is told it holds the title, not 「现无区局级命名」 of the [S7] source rule
    (the demo's 蔡雪梅); nothing is written."""
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-model-worker")
        u.commit()
        shop_id, number = title.workshop_id, title.number
    call = {
        "scheme": "shanghai-model-worker",
        "year": 2026,
        "title": "2026年度上海市劳模创新工作室推荐",
        "opens_on": "2026-10-01",
    }
    problem = _drafting_refused(api, Role.CITY_OFFICER, call, shop_id, model_worker_form())
    assert (
        problem["message"]
        == f"该工作室已有上海市劳模创新工作室的有效命名（{number}），不再重复申报"
    )
    assert "区局级命名" not in problem["message"]


def test_a_team_holding_a_model_worker_title_is_not_drafted_into_a_craftsman_call(
    api: Api,
) -> None:
    """[C 一（二）] 「已获得“上海市劳模创新工作室”称号的不参加」 is known from the team's titles
    before any form is filled in: the draft is refused on the team, citing the notice, nothing
    written (before: the draft was taken and the unit filled in 附件1 to be refused only when
    submitting it)."""
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-model-worker")
        u.commit()
        shop_id = title.workshop_id
    call = {
        "scheme": "shanghai-craftsman",
        "year": 2026,
        "title": "2026年度上海市工匠创新工作室创建命名",
        "opens_on": "2026-10-01",
        "deadline": "2026-12-20",
    }
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    published = c.post("/api/v1/intake/calls", headers=city, json=call)
    assert published.status_code == 201, published.text
    before = api.writes()
    refused = c.post(
        f"/api/v1/intake/calls/{published.json()['id']}/applications",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"workshop_id": shop_id, "form": craftsman_form()},
    )
    assert refused.status_code == 422, refused.text
    problem = next(p for p in refused.json()["error"]["problems"] if p["field"] == "workshop_id")
    assert problem["code"] == "not_model_worker_studio"
    assert problem["message"] == (
        "已获得“上海市劳模创新工作室”称号的不参加本次创建活动"
        "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（二））"
    )
    assert api.writes() == before
