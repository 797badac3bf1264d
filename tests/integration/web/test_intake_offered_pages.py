"""The call page offers only the teams the use case lets apply (``apply_refusal``): a team that
has applied to the call, or whose application under the scheme is in review in another call,
is listed apart with the refusal's reason [Y7]; a draft's page shows no round before it is
submitted."""

from __future__ import annotations

import re
from datetime import date

from api.web.intake_forms import flat_values
from lifecycle.designations.naming import NewApplication as NewTitleApplication
from lifecycle.designations.naming import submit_application
from lifecycle.intake.model import Application
from lifecycle.intake.occasions import waiting_occasions
from lifecycle.intake.packs import intake_pack
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.intake_factories import yangpu_call, yangpu_form
from tests.integration.web.conftest import NOW, Site, csrf_of

FORM = intake_pack("yangpu-district").form


def _picker(html: str) -> str:
    found = re.search(r'<select[^>]*name="workshop_id".*?</select>', html, re.S)
    assert found is not None, html
    return found.group(0)


def _start(unit, call_url: str, shop_id: int) -> str:  # type: ignore[no-untyped-def]
    page = unit.get(call_url)
    assert f'value="{shop_id}"' in _picker(page.text)
    started = unit.post(
        f"{call_url}/applications",
        data={"csrf_token": csrf_of(page.text, f"{call_url}/applications"), "workshop_id": shop_id},
    )
    assert started.status_code == 303, started.text
    return str(started.headers["location"])


def test_a_team_that_applied_to_the_call_is_no_longer_offered_on_its_page(site: Site) -> None:
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        applied, other = f.workshop(u, site.tree), f.workshop(u, site.tree)
        u.commit()
        call_url = f"/intake/calls/{call.id}"
        applied_id, applied_name, other_id = applied.id, applied.name, other.id
    unit = site.login("unit")
    _start(unit, call_url, applied_id)  # a draft: not closed, so the call refuses a second one
    page = unit.get(call_url)
    assert page.status_code == 200, page.text
    picker = _picker(page.text)
    assert f'value="{applied_id}"' not in picker
    assert f'value="{other_id}"' in picker
    barred = page.text[page.text.index('id="barred"') :]
    assert f"{applied_name}：该工作室已对本通知提出申报" in barred
    # The use case refuses it with the same words (a page opened before, or a crafted form).
    refused = unit.post(
        f"{call_url}/applications",
        data={"csrf_token": csrf_of(page.text), "workshop_id": str(applied_id)},
    )
    assert refused.status_code == 422
    assert "该工作室已对本通知提出申报" in refused.text


def test_a_team_in_review_under_the_scheme_is_not_offered_on_another_call(site: Site) -> None:
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        shop = f.workshop(u, site.tree)
        later = yangpu_call(u, site.tree, year=2027)
        u.commit()
        call_url, later_url, shop_id = (
            f"/intake/calls/{call.id}",
            f"/intake/calls/{later.id}",
            shop.id,
        )
        call_title = call.title
    unit = site.login("unit")
    app_url = _start(unit, call_url, shop_id)
    form = flat_values(FORM, yangpu_form())
    page = unit.get(app_url)
    sent = unit.post(
        f"{app_url}/form",
        data={"csrf_token": csrf_of(page.text, f"{app_url}/form"), **form, "do": "submit"},
    )
    assert sent.status_code == 303, sent.text
    other = unit.get(later_url)
    assert other.status_code == 200, other.text
    assert 'name="workshop_id"' not in other.text  # no team left to offer
    barred = other.text[other.text.index('id="barred"') :]
    # Which application and where it stands, not only its call's title.
    app_id = app_url.rsplit("/", 1)[-1]
    assert f"正在审核中（{call_title}的申报 {app_id}，在「单位工会推荐" in barred
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条" in barred
    assert "[Y7]" not in barred


def test_a_team_whose_application_is_on_record_says_which_record_not_its_own_name(
    site: Site,
) -> None:
    """A team whose application for the title is on record in review (applied before the
    service, not through a call) is barred, told which record and where it stands, not its own
    name again [Y7]."""
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        shop = f.workshop(u, site.tree)
        record = submit_application(
            u,
            NewTitleApplication(shop.id, "yangpu-district", shop.name, date(2026, 9, 1)),
            actor=f.acting(site.tree.unit),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        u.commit()
        call_url, name, record_id = f"/intake/calls/{call.id}", shop.name, record.id
    page = site.login("unit").get(call_url).text
    barred = page[page.index('id="barred"') :]
    said = f"正在审核中（在册申报记录 {record_id}，2026年9月1日申报，状态：已申报）"
    assert said in barred
    assert f"（{name}）" not in barred


def test_a_draft_application_shows_no_round_until_it_is_submitted(site: Site) -> None:
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        shop = f.workshop(u, site.tree)
        u.commit()
        call_url, shop_id = f"/intake/calls/{call.id}", shop.id
    unit = site.login("unit")
    app_url = _start(unit, call_url, shop_id)
    draft = unit.get(app_url)
    assert draft.status_code == 200, draft.text
    assert "草稿" in draft.text
    assert "第0轮" not in draft.text
    row = re.search(rf'<tr><td><a href="{app_url}">.*?</tr>', unit.get(call_url).text, re.S)
    assert row is not None
    assert "<td>0</td>" not in row.group(0)
    sent = unit.post(
        f"{app_url}/form",
        data={
            "csrf_token": csrf_of(draft.text, f"{app_url}/form"),
            **flat_values(FORM, yangpu_form()),
            "do": "submit",
        },
    )
    assert sent.status_code == 303, sent.text
    assert "第1轮" in unit.get(app_url).text


def test_a_draft_begun_on_the_page_is_dated_by_the_services_clock(site: Site) -> None:
    """Reading P51d: the draft waits for its unit union from the day it began (the step told as
    new, ``intake.occasions``): that is the service's day, passed from the page, not the
    machine's (before: the machine's clock, whatever day the service keeps)."""
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        shop = f.workshop(u, site.tree)
        u.commit()
        call_url, shop_id = f"/intake/calls/{call.id}", shop.id
    unit = site.login("unit")
    app_url = _start(unit, call_url, shop_id)
    with site.uow() as u:
        draft = u.session.get(Application, int(app_url.rsplit("/", 1)[1]))
        assert draft is not None
        assert draft.created_at == NOW
        [waiting] = [o for o in waiting_occasions(u, EVERYTHING, f.AS_OF) if o.link == app_url]
    assert waiting.title.startswith("申报草稿待提交")
    assert waiting.arose_on == f.AS_OF  # the service's day: told as new from it
