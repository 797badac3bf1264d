"""Over /api/v1: a leader who left after the submission is refused at the naming on the
application it concerns, with the way out, and nothing is named [Y3][Y13][Y7]."""

from __future__ import annotations

from lifecycle.scope import EVERYTHING
from lifecycle.vocab import EmploymentStatus, Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import yangpu_2027_call
from tests.integration.api.test_api_intake import _bearer


def test_a_leader_who_left_since_the_submission_is_named_beside_its_application(
    api: Api,
) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shops = [f.workshop(u, api.tree) for _ in range(2)]
        u.commit()
        shop_ids, leaving = [s.id for s in shops], shops[1].leader_person_id
    call_id = yangpu_2027_call(api)
    app_ids = []
    for shop_id in shop_ids:
        created = c.post(
            f"/api/v1/intake/calls/{call_id}/applications",
            headers=unit,
            json={"workshop_id": shop_id, "form": yangpu_form()},
        )
        app_id = created.json()["id"]
        sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
        assert sent.status_code == 200, sent.text
        for headers, stage, more in (
            (unit, "unit", {"consent": "党政联席会议同意"}),
            (sector, "sector", {}),
            (district, "panel", {}),
        ):
            body = {"stage": stage, "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
            done = c.post(
                f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json=body | more
            )
            assert done.status_code == 200, done.text
        app_ids.append(app_id)
    with api.uow() as u:  # the second team's leader has left since (as the register records)
        person = u.persons.get(leaving, EVERYTHING)
        assert person is not None
        person.employment_status = EmploymentStatus.LEFT
        u.commit()
    before = api.writes()
    refused = c.post(
        f"/api/v1/intake/calls/{call_id}/naming",
        headers=district,
        json={
            "application_ids": app_ids,
            "document_ref": "杨工〔2026〕40号",
            "decided_on": "2026-11-21",
            "signer": "主席办公会议",
        },
    )
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert problem["field"] == "application_ids.1"
    assert problem["message"].startswith(f"申报 {app_ids[1]}（")
    assert "带头人须在职，现为离职" in problem["message"]
    assert "第十三条" in problem["message"]
    assert problem["message"].endswith("请在该申报页面作出“不予命名”决定")
    assert api.writes() == before
    for app_id in app_ids:
        shown = c.get(f"/api/v1/intake/applications/{app_id}", headers=unit).json()
        assert shown["application"]["stage"] == "council"
    named = c.post(
        f"/api/v1/intake/calls/{call_id}/naming",
        headers=district,
        json={
            "application_ids": app_ids[:1],
            "document_ref": "杨工〔2026〕40号",
            "decided_on": "2026-11-21",
            "signer": "主席办公会议",
        },
    )
    assert named.status_code == 201, named.text
