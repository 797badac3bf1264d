"""「获市级以上奖项」 is asked only on the form of the scheme that reads it: the craftsman notice's
附件1 (创新成果获得市级以上奖项的优先考虑, [C 一（四）]); the Yangpu 申报表 and the 上海市劳模
创新工作室 form ([Y3], [S3]) ask it no more, and an application sent with it is refused beside
the cell (both backends; until helper intake62 the column was dropped unsaid). Before: every
form's 创新成果 table carried the column, read by no rule of [Y3]/[S3]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.test_api_intake import yangpu_2027_call


def _achievement_columns(api: Api) -> dict[str, list[str]]:
    unit = api.callers[Role.UNIT_CONTACT].headers
    forms = api.client.get("/api/v1/intake/forms", headers=unit).json()
    return {
        x["scheme"]: next(
            [c["name"] for c in field["columns"]]
            for field in x["fields"]
            if field["name"] == "achievements"
        )
        for x in forms
    }


def test_only_the_craftsman_form_asks_for_a_city_level_award(api: Api) -> None:
    columns = _achievement_columns(api)
    assert "city_award" in columns["shanghai-craftsman"]
    for scheme in ("yangpu-district", "shanghai-model-worker", "leshan-city"):
        assert "city_award" not in columns[scheme], scheme
        assert "benefit" in columns[scheme], scheme  # the rest of the table stays


def test_a_yangpu_application_sent_with_the_award_is_refused_beside_it(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        u.commit()
        shop_id = shop.id
    form = yangpu_form()
    form["achievements"] = [{**row, "city_award": True} for row in form["achievements"]]
    call_id = yangpu_2027_call(api)
    refused = api.client.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": form},
    )
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("achievements.0.city_award", "extra_forbidden")
    assert problem["message"] == "创新成果没有「city_award」这一栏（第1行）"
    listed = api.client.get(f"/api/v1/intake/calls/{call_id}/applications", headers=unit)
    assert listed.status_code == 200, listed.text
    assert listed.json()["items"] == []  # nothing saved
