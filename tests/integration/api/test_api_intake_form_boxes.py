"""Over /api/v1: an application form takes only its own boxes, and a table cell's refusal names
its row as sent (both backends). Before: a box the form does not have (``foo``, a column no row
of its table has) was dropped unsaid, and a cell's path counted the rows kept, so the second row
sent after an empty first was called ``achievements.0`` (outside tester, helper city61's note)."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import drafted, refused_application, yangpu_2027_call

TITLE = "杨浦区劳模（先进）、技师创新工作室申报表"


def _problems(answer) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 422, answer.text
    return {p["field"]: p for p in answer.json()["error"]["problems"]}


def test_a_box_the_form_does_not_have_is_refused_by_name_and_nothing_saved(api: Api) -> None:
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop = f.workshop(u, api.tree).id
        u.commit()
    unit = api.callers[Role.UNIT_CONTACT].headers
    form = yangpu_form()
    form["foo"] = "bar"
    form["has_ledgers"] = True  # a box of 乐山's form, not Yangpu's
    form["projects"][1]["budget"] = "5万"  # a column no row of the table has
    problems, message = refused_application(api, call_id, shop, form)
    assert set(problems) == {"foo", "has_ledgers", "projects.1.budget"}
    assert {p["code"] for p in problems.values()} == {"extra_forbidden"}
    assert problems["foo"]["message"] == f"{TITLE}没有「foo」这一栏"
    assert problems["has_ledgers"]["message"] == f"{TITLE}没有「has_ledgers」这一栏"
    assert problems["projects.1.budget"]["message"] == (
        "攻关项目（创新课题）没有「budget」这一栏（第2行）"
    )
    assert f"{TITLE}没有「foo」这一栏" in message

    # Saving a draft's form: the same refusal, and the form as saved before is kept.
    app_id = drafted(api, call_id, shop)
    kept = api.client.get(f"/api/v1/intake/applications/{app_id}", headers=unit).json()
    typed = {**yangpu_form(), "studio_name": "改过的名称", "foo": ""}
    saved = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": typed}
    )
    assert set(_problems(saved)) == {"foo"}  # refused even when empty: the form has no such box
    again = api.client.get(f"/api/v1/intake/applications/{app_id}", headers=unit).json()
    assert again["application"]["form"] == kept["application"]["form"]
    # The form's own boxes alone are saved and submitted as before.
    ok = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": yangpu_form()}
    )
    assert ok.status_code == 200, ok.text


def test_a_cells_refusal_names_its_row_as_sent_though_an_empty_row_went_before(
    api: Api,
) -> None:
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop = f.workshop(u, api.tree).id
        u.commit()
    unit = api.callers[Role.UNIT_CONTACT].headers
    app_id = drafted(api, call_id, shop)
    form = yangpu_form()
    row = form["achievements"][0]
    form["achievements"] = [{}, {"name": "", "benefit": False}, {**row, "achieved_on": "abc"}]
    form["projects"] = [{"name": "", "year": ""}, {**form["projects"][0], "year": "明年"}]
    refused = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": form}
    )
    problems = _problems(refused)
    assert set(problems) == {"achievements.2.achieved_on", "projects.1.year"}
    bad_date = "创新成果第3行：取得日期不是有效日期（YYYY-MM-DD）"
    assert problems["achievements.2.achieved_on"]["message"] == bad_date
    assert problems["projects.1.year"]["code"] == "invalid_year"
    # The combined message names each cell's row as its path does (before: 「取得日期…」 alone).
    message = refused.json()["error"]["message"]
    assert bad_date in message.split("；")
    assert "攻关项目（创新课题）第2行：年度" in message
    # Once corrected, the empty rows are not kept: the entered row is the table's first.
    form["achievements"][2]["achieved_on"] = "2026-03-01"
    form["projects"][1]["year"] = 2026
    saved = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": form}
    )
    assert saved.status_code == 200, saved.text
    stored = saved.json()["application"]["form"]
    assert [r["name"] for r in stored["achievements"]] == ["刀具快换法"]
    assert [r["name"] for r in stored["projects"]] == ["数控刀具寿命攻关"]
