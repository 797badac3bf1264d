"""The 上海工匠 income survey says who reads it as the access rules grant it: the city officers,
the reviewing city officer among them (before: 「仅统计人员可见」, a role the service has not)."""

from __future__ import annotations

from lifecycle.craftsman_title import survey
from tests.integration.craftsman.helpers import local_craftsman, open_call, typed_application
from tests.integration.web.conftest import Site, csrf_of

HEADING = "“一线技术工人收入水平情况”调研（不作为评审依据，仅市总工会干部可见）"


def test_the_survey_heading_names_the_city_officers_who_read_it(site: Site) -> None:
    assert survey.heading() == HEADING  # derived from the roles granted craftsman.survey
    with site.uow() as u:
        sel = open_call(u, site.tree)
        person = local_craftsman(u, site.tree, "调研师傅")
        u.commit()
        sel_id, person_id = sel.id, person.id
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    form_page = unit.get(action)
    assert f"<legend>{HEADING}</legend>" in form_page.text
    assert "仅统计人员可见" not in form_page.text
    typed = typed_application(person_id, survey_monthly_income_yuan="8000")
    done = unit.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
    assert done.status_code == 303, done.text
    app_url = done.headers["location"]
    assert 'id="survey"' not in unit.get(app_url).text  # the unit does not read it back
    page = site.login("city").get(app_url)  # the city officer, who also reviews it
    assert f'<section id="survey" class="card"><h2>{HEADING}</h2>' in page.text
    assert "8,000.00 元/月" in page.text
    assert "仅统计人员可见" not in page.text
    district = site.login("district").get(app_url).text
    assert 'id="survey"' not in district
