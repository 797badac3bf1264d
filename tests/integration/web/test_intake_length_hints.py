"""The form's hint under a text the form asks 「约N字」 of says the most the service takes, since a
longer one is refused: 「约800字（参考），最多5000字」, not 「（参考，不作限制）」 [C 附件1][Y7]."""

from __future__ import annotations

from api.web.intake_forms import flat_values
from lifecycle.intake.model import ApplicationStatus
from tests.intake_factories import craftsman_form, yangpu_form
from tests.integration.web.conftest import Site
from tests.integration.web.test_intake_form_refusals import (
    CRAFTSMAN,
    YANGPU,
    _draft,
    _stored,
    _submit,
)


def test_a_guided_length_names_its_upper_bound_and_a_longer_text_is_refused_beside_it(
    site: Site,
) -> None:
    url = _draft(site, "shanghai-craftsman")
    page = site.login("unit").get(url).text
    assert "约800字（参考），最多5000字" in page  # 工作室（团队）介绍
    assert "约500字（参考），最多3000字" in page  # 项目简介
    assert "不作限制" not in page  # before: 「约800字（参考，不作限制）」, yet 5001 refused
    typed = {**flat_values(CRAFTSMAN, craftsman_form()), "introduction": "工" * 5001, "do": "save"}
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    html = refused.text
    assert 'id="introduction-error">' in html
    assert "工作室（团队）介绍（包括主要技术创新成果）应在5000字以内，现为5001字" in html
    assert "工" * 5001 in html  # the typed text is kept
    assert "（约800字，最多5000字）" in html  # the count above the form says it too
    assert _stored(site, url).status is ApplicationStatus.DRAFT
    yangpu = _draft(site, "yangpu-district")
    saved = _submit(site, yangpu, {**flat_values(YANGPU, yangpu_form()), "do": "save"})
    assert saved.status_code == 303, saved.text
    shown = site.login("unit").get(yangpu).text
    assert "约800字（参考），最多3000字" in shown
    assert "工作室简介及主要创新成果：<strong>900</strong>字（约800字，最多3000字）" in shown
