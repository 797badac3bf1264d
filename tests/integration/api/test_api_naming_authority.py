"""Through the JSON API: a scheme's titles are named, and its calls opened, only by the union its
pack names, for workshops in that union's subtree [Y7][S7][C 二（五）][L 一]; a city title's
source is the workshop's own district title [S7]; intake refusals cite their notice once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import count

from lifecycle.accounts.service import issue_token
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import craftsman_form
from tests.integration.api.conftest import NOW, Api

_n = count(1)
LESHAN_NOTICE = "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》一"
YANGPU_RULES = "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条"
C_NOTICE = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》"


def _bearer(api: Api, role: Role, union_id: int) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, role, union_id)
        token = issue_token(u, principal, "命名", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def _title(workshop_id: int, scheme: str, **extra: object) -> dict[str, object]:
    return {
        "workshop_id": workshop_id,
        "scheme": scheme,
        "title": "接口登记的工作室",
        "number": f"命名权-{next(_n)}",
        "naming_date": "2024-03-01",
        "decision_ref": "命〔2024〕3号",
        **extra,
    }


def _call(scheme: str) -> dict[str, object]:
    return {
        "scheme": scheme,
        "year": 2026,
        "title": "2026年度申报通知",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-20",
    }


def _refused(api: Api, path: str, body: dict[str, object], headers: dict[str, str]) -> str:
    before = api.writes()
    answer = api.client.post(path, json=body, headers=headers)
    assert answer.status_code == 403, answer.text
    error = answer.json()["error"]
    assert (error["code"], error["field"]) == ("not_authorised", "scheme")
    assert api.writes() == before
    return str(error["message"])


def test_a_district_names_no_title_of_another_districts_scheme(api: Api) -> None:
    pudong = _bearer(api, Role.DISTRICT_OFFICER, api.tree.other_district.id)
    with api.uow() as u:
        shop = f.workshop(u, replace(api.tree, unit=api.tree.other_unit)).id
        u.commit()
    message = _refused(
        api, "/api/v1/designations/existing", _title(shop, "yangpu-district"), pudong
    )
    assert "审定命名应由杨浦区总工会办理" in message
    assert YANGPU_RULES in message
    # Nor open its calls.
    message = _refused(api, "/api/v1/intake/calls", _call("yangpu-district"), pudong)
    assert "申报通知应由杨浦区总工会发布" in message
    assert YANGPU_RULES in message


def test_the_shanghai_city_names_no_leshan_title_and_opens_no_leshan_call(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    body = _title(api.own.workshop, "leshan-city")
    message = _refused(api, "/api/v1/designations/existing", body, city)
    assert "审定命名应由乐山市总工会办理" in message
    assert LESHAN_NOTICE in message
    message = _refused(api, "/api/v1/intake/calls", _call("leshan-city"), city)
    assert "申报通知应由乐山市总工会发布" in message
    assert LESHAN_NOTICE in message
    # Its own scheme it names and calls.
    own = api.client.post("/api/v1/intake/calls", json=_call("shanghai-craftsman"), headers=city)
    assert own.status_code == 201, own.text


def test_yangpu_trying_a_leshan_title_is_told_the_leshan_union_not_shanghais(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER].headers
    body = _title(api.own.workshop, "leshan-city")
    message = _refused(api, "/api/v1/designations/existing", body, district)
    assert "应由乐山市总工会办理" in message
    assert "上海市总工会" not in message


def test_an_out_of_scope_naming_union_is_reported_as_the_field_sent(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER].headers
    body = {**_call("yangpu-district"), "naming_union_id": api.tree.other_district.id}
    answer = api.client.post("/api/v1/intake/calls", json=body, headers=district)
    # A record the body names, unseen: bad input beside its field (422), as a missing one.
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "not_found"
    assert answer.json()["error"]["field"] == "naming_union_id"


def _district_title(api: Api, named_on: date) -> tuple[int, int]:
    """A Yangpu workshop of the own district with its district title: (workshop, title)."""
    with api.uow() as u:
        d = f.named_designation(u, api.tree, naming_date=named_on)
        u.commit()
        return d.workshop_id, d.id


def test_a_city_titles_source_is_the_same_workshops_own_district_title(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    shop, own_source = _district_title(api, date(2022, 3, 1))
    other_shop, other_source = _district_title(api, date(2022, 3, 1))
    others_city = api.client.post(
        "/api/v1/designations/existing",
        json=_title(other_shop, "shanghai-model-worker", recommended_from_id=other_source),
        headers=city,
    )
    assert others_city.status_code == 201, others_city.text
    before = api.writes()
    for source, message in (
        (other_source, "推荐来源须为本工作室自己的区局级命名"),
        (others_city.json()["id"], "推荐来源须为区局（产业）工会命名的工作室"),
    ):
        refused = api.client.post(
            "/api/v1/designations/existing",
            json=_title(shop, "shanghai-model-worker", recommended_from_id=source),
            headers=city,
        )
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["field"] == "recommended_from_id"
        assert message in error["message"]
        assert "《上海市“劳模创新工作室”管理办法（修订）》第七条" in error["message"]
    assert api.writes() == before
    named = api.client.post(
        "/api/v1/designations/existing",
        json=_title(shop, "shanghai-model-worker", recommended_from_id=own_source),
        headers=city,
    )
    assert named.status_code == 201, named.text
    assert named.json()["recommended_from_id"] == own_source


def test_a_recorded_city_title_keeps_a_source_of_under_a_year_but_not_a_later_one(
    api: Api,
) -> None:
    """Recorded as named before the service: the city's decision stands (原则上 [S7]); a source
    named after the city title cannot be it."""
    city = api.callers[Role.CITY_OFFICER].headers
    shop, source = _district_title(api, date(2023, 9, 1))
    later = api.client.post(
        "/api/v1/designations/existing",
        json=_title(shop, "shanghai-model-worker", recommended_from_id=source),  # 2024-03-01
        headers=city,
    )
    assert later.status_code == 201, later.text  # half a year of running, recorded as it was
    shop, source = _district_title(api, date(2024, 6, 1))
    early = api.client.post(
        "/api/v1/designations/existing",
        json=_title(shop, "shanghai-model-worker", recommended_from_id=source),
        headers=city,
    )
    assert early.status_code == 422
    assert "不能晚于本次命名日期" in early.json()["error"]["message"]


def test_an_intake_eligibility_refusal_cites_its_notice_once(api: Api) -> None:
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    call = c.post("/api/v1/intake/calls", json=_call("shanghai-craftsman"), headers=city)
    assert call.status_code == 201, call.text
    with api.uow() as u:  # led by a 上海市劳模 who is no 上海工匠
        shop = f.workshop(u, api.tree).id
        assert u.workshops.get(shop, EVERYTHING) is not None
        u.commit()
    started = c.post(
        f"/api/v1/intake/calls/{call.json()['id']}/applications",
        json={"workshop_id": shop, "form": craftsman_form()},
        headers=unit,
    )
    assert started.status_code == 201, started.text
    refused = c.post(
        f"/api/v1/intake/applications/{started.json()['id']}/submit", json={}, headers=unit
    )
    assert refused.status_code == 422
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    message = problems["eligibility.leader_shanghai_craftsman"]
    assert message == f"领衔人必须是“上海工匠”，现不是（{C_NOTICE}一（一））"
    assert all("）（《" not in m for m in problems.values())  # no citation twice in a row
