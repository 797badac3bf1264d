"""Over /api/v1: an application form's □是 □否 boxes and tables take only what they can be."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import drafted, refused_application, yangpu_2027_call


def test_a_yes_or_no_box_sent_anything_else_is_refused_not_read_as_no(api: Api) -> None:
    """Before: 「100000」 or 「abc」 in a □是 □否 box was stored as 否, silently, and the
    submission then failed on a rule the applicant had declared met."""
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop = f.workshop(u, api.tree).id
        u.commit()
    form = yangpu_form()
    form["achievements"][0]["benefit"] = "100000"
    form["has_venue"] = "abc"
    problems, _ = refused_application(api, call_id, shop, form)
    assert set(problems) == {"achievements.0.benefit", "has_venue"}
    benefit = problems["achievements.0.benefit"]
    assert (benefit["code"], benefit["message"]) == (
        "invalid_bool",
        "创新成果第1行：产生经济效益或社会效益应为“是”或“否”",
    )
    assert problems["has_venue"]["code"] == "invalid_bool"


def test_the_boxes_read_yes_and_no_as_written_and_a_table_must_be_rows(api: Api) -> None:
    """是/否, true/false, 1/0 are read as said; a table that is no list of rows, or a row that
    is no row, is refused beside it instead of being dropped; nothing is saved."""
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, call_id, shop)
    unit = api.callers[Role.UNIT_CONTACT].headers
    form = yangpu_form()
    form["achievements"][0]["benefit"] = "否"
    form["achievements"][0]["applied"] = 0
    form["has_venue"] = "是"
    saved = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": form}
    )
    assert saved.status_code == 200, saved.text
    kept = saved.json()["application"]["form"]
    assert (kept["achievements"][0]["benefit"], kept["achievements"][0]["applied"]) == (
        False,
        False,
    )
    assert kept["has_venue"] is True
    bad = yangpu_form()
    bad["achievements"] = "刀具快换法"
    bad["projects"] = ["数控刀具寿命攻关", *bad["projects"]]
    refused = api.client.put(
        f"/api/v1/intake/applications/{app_id}/form", headers=unit, json={"form": bad}
    )
    assert refused.status_code == 422, refused.text
    problems = {p["field"]: p for p in refused.json()["error"]["problems"]}
    assert problems["achievements"]["code"] == "invalid_table"
    assert problems["projects.0"]["code"] == "invalid_row"
    assert problems["projects.0"]["message"].endswith("第1行应为一组栏目")
    again = api.client.get(f"/api/v1/intake/applications/{app_id}", headers=unit)
    stored = again.json()["application"]["form"]  # the refused save wrote nothing
    assert (stored["achievements"], stored["projects"]) == (kept["achievements"], kept["projects"])
