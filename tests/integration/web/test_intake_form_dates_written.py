"""An application's form dates on the page only as YYYY-MM-DD, as every other date field: a day
typed 「20261101」 is refused beside its input with what was typed kept, nothing written."""

from __future__ import annotations

import pytest

from api.web.intake_forms import flat_values
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.packs import intake_pack
from tests.intake_factories import yangpu_form
from tests.integration.web.conftest import Site
from tests.integration.web.test_intake_form_refusals import _banner, _draft, _stored, _submit

YANGPU = intake_pack("yangpu-district").form
CELL = "achievements.0.achieved_on"


@pytest.mark.parametrize("typed_day", ["20261101", "2026-W44-7", "2026/11/01"])
def test_a_form_date_not_written_yyyy_mm_dd_is_refused_beside_its_input(
    site: Site, typed_day: str
) -> None:
    """Before: 「20261101」 was taken as 2026-11-01 (Python reads the compact form too)."""
    url = _draft(site, "yangpu-district")
    typed = {**flat_values(YANGPU, yangpu_form()), CELL: typed_day, "do": "save"}
    before = _stored(site, url).form
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    html = refused.text
    said = "创新成果第1行：取得日期不是有效日期（YYYY-MM-DD）"
    assert f'id="f-{CELL}-error">{said}<' in html
    assert f"<li>{said}</li>" in _banner(html)
    assert f'name="{CELL}" type="date" value="{typed_day}"' in html  # what was typed is kept
    stored = _stored(site, url)
    assert (stored.status, stored.form) == (ApplicationStatus.DRAFT, before)  # nothing written


def test_a_form_date_outside_the_supported_range_is_refused_and_a_written_one_taken(
    site: Site,
) -> None:
    url = _draft(site, "yangpu-district")
    typed = {**flat_values(YANGPU, yangpu_form()), CELL: "0001-01-01", "do": "save"}
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    said = "创新成果第1行：取得日期超出支持范围（1900-01-01 至 2199-12-31）"
    assert f'id="f-{CELL}-error">{said}<' in refused.text
    saved = _submit(site, url, {**typed, CELL: "2025-11-01"})
    assert saved.status_code in (200, 303), saved.text
    stored = _stored(site, url)
    assert stored.form["achievements"][0]["achieved_on"] == "2025-11-01"
