"""On the application page, a table cell's refusal is shown beside the row it was typed in, an
empty row above it counted (both backends). Before: the path counted the rows kept, so a bad
date typed in the second row, the first left empty, was shown beside the empty first row.
The page posts only its form's inputs, so it keeps saving when the API refuses unknown boxes."""

from __future__ import annotations

from api.web.intake_forms import flat_values
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.packs import intake_pack
from tests.intake_factories import yangpu_form
from tests.integration.web.conftest import Site
from tests.integration.web.test_intake_form_refusals import _banner, _draft, _stored, _submit

YANGPU = intake_pack("yangpu-district").form
SECOND = "achievements.1.achieved_on"


def test_a_bad_cell_is_shown_beside_the_row_typed_below_an_empty_one(site: Site) -> None:
    url = _draft(site, "yangpu-district")
    form = yangpu_form()
    form["achievements"] = [{}, {**form["achievements"][0], "achieved_on": "abc"}]
    typed = {**flat_values(YANGPU, form), "do": "save"}
    assert typed["achievements.0.name"] == ""  # the first printed row left empty
    before = _stored(site, url).form
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    html = refused.text
    said = "创新成果第2行：取得日期不是有效日期（YYYY-MM-DD）"  # the row, as beside it
    assert f'id="f-{SECOND}-error">{said}<' in html
    assert 'id="f-achievements.0.achieved_on-error"' not in html
    assert f"<li>{said}</li>" in _banner(html)
    assert f'name="{SECOND}" type="date" value="abc"' in html  # what was typed is kept
    stored = _stored(site, url)
    assert (stored.status, stored.form) == (ApplicationStatus.DRAFT, before)  # nothing written

    # Corrected, it is saved (an input the page does not print is no box of the form: the
    # page reads only its form's inputs, so the API's refusal of unknown boxes never reaches
    # it), and the empty row above is not kept.
    saved = _submit(site, url, {**typed, SECOND: "2026-03-01", "foo": "bar"})
    assert saved.status_code in (200, 303), saved.text
    stored = _stored(site, url)
    assert "foo" not in stored.form
    assert [r["name"] for r in stored.form["achievements"]] == ["刀具快换法"]
    assert stored.form["achievements"][0]["achieved_on"] == "2026-03-01"
