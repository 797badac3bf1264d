"""A 乐山 application whose 创新成果 is not ticked 「具有较高应用价值」 is refused on submission
naming that condition of the notice, in its words [L 二（三）] (both backends). Before: only
「认可」 and 「效益」 were checked, the box was asked and never read."""

from __future__ import annotations

from typing import Any

from api.web.intake_forms import flat_values
from lifecycle.intake.packs import intake_pack
from tests.intake_factories import leshan_form
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_leshan_achievement_words import _leshan

FORM = intake_pack("leshan-city").form
SAID = (
    "至少完成1项得到有关方面认可、具有较高应用价值，并产生较好经济效益和社会效益的创新成果，"
    "现有1项均未同时满足，未满足：具有较高应用价值"
)


def _submit(site: Site, app_id: int, data: dict[str, Any]):  # type: ignore[no-untyped-def]
    browser = site.login("ls_unit")
    url = f"/intake/applications/{app_id}"
    page = browser.get(url)
    assert page.status_code == 200, page.text
    token = csrf_of(page.text, f"{url}/form")
    return browser.post(f"{url}/form", data={"csrf_token": token, **data, "do": "submit"})


def test_an_achievement_without_application_value_is_named_on_submission(site: Site) -> None:
    _, app_id, _ = _leshan(site)
    form = leshan_form()
    form["achievements"] = [{**row, "applied": False} for row in form["achievements"]]
    refused = _submit(site, app_id, flat_values(FORM, form))
    assert refused.status_code == 422, refused.text
    assert SAID in refused.text
    assert "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》二（三）" in refused.text
    # Ticked, the condition is met: the refusal (if any, e.g. attachments) no longer names it.
    valued = _submit(site, app_id, flat_values(FORM, leshan_form()))
    assert "具有较高应用价值，并产生较好经济效益和社会效益的创新成果，现有" not in valued.text
