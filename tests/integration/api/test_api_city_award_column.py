"""「获市级以上奖项」 is asked only on the form of the scheme that reads it: the craftsman notice's
附件1 (创新成果获得市级以上奖项的优先考虑, [C 一（四）]); the Yangpu 申报表 and the 上海市劳模
创新工作室 form ([Y3], [S3]) ask it no more, and an application sent with it keeps none (both
backends). Before: every form's 创新成果 table carried the column, read by no rule of [Y3]/[S3]."""

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


def test_a_yangpu_application_sent_with_the_award_keeps_none(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        u.commit()
        shop_id = shop.id
    form = yangpu_form()
    form["achievements"] = [{**row, "city_award": True} for row in form["achievements"]]
    created = api.client.post(
        f"/api/v1/intake/calls/{yangpu_2027_call(api)}/applications",
        headers=unit,
        json={"workshop_id": shop_id, "form": form},
    )
    assert created.status_code == 201, created.text
    shown = api.client.get(f"/api/v1/intake/applications/{created.json()['id']}", headers=unit)
    assert shown.status_code == 200, shown.text
    (row,) = shown.json()["application"]["form"]["achievements"]
    assert row["name"] == "刀具快换法"
    assert "city_award" not in row
