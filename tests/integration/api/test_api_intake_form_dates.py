"""Over /api/v1: an application form's dates only as YYYY-MM-DD, as every body's date field."""

from __future__ import annotations

from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import refused_application, yangpu_2027_call


def test_a_form_date_written_compactly_is_refused_beside_its_cell(api: Api) -> None:
    """Before: 「20261101」 in a form's date cell was stored as 2026-11-01."""
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shop = f.workshop(u, api.tree).id
        u.commit()
    form = yangpu_form()
    form["achievements"][0]["achieved_on"] = "20251101"
    problems, _ = refused_application(api, call_id, shop, form)
    cell = problems["achievements.0.achieved_on"]
    said = "创新成果第1行：取得日期不是有效日期（YYYY-MM-DD）"
    assert (cell["code"], cell["message"]) == ("invalid_date", said)
