"""Over /api/v1: an application form's dates only as YYYY-MM-DD, as every body's date field."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.intake.model import Application
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import yangpu_2027_call


def test_a_form_date_written_compactly_is_refused_beside_its_cell(api: Api) -> None:
    """Before: 「20261101」 in a form's date cell was stored as 2026-11-01."""
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop = f.workshop(u, api.tree).id
        u.commit()
    form = yangpu_form()
    form["achievements"][0]["achieved_on"] = "20251101"
    with api.uow() as u:
        before = u.session.scalar(select(func.count()).select_from(Application))
    sent = api.client.post(
        f"/api/v1/intake/calls/{call_id}/applications",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={"workshop_id": shop, "form": form},
    )
    assert sent.status_code == 422, sent.text
    problems = {p["field"]: p for p in sent.json()["error"]["problems"]}
    cell = problems["achievements.0.achieved_on"]
    assert (cell["code"], cell["message"]) == ("invalid_date", "取得日期不是有效日期（YYYY-MM-DD）")
    with api.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Application)) == before
