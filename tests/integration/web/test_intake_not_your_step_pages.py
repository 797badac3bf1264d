"""Another union's intake step posted from a page is refused as the API refuses it: HTTP 403 with
the reason (whose step it is, the article), nothing written; a form it may use keeps what was
typed [Y7]. Before:
the page answered such a refusal with 422, as if the input were wrong, while the API said 403
``not_your_step``."""

from __future__ import annotations

from starlette.testclient import TestClient

from lifecycle.intake.repository import IntakeRepository
from lifecycle.scope import Scope
from tests.intake_factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.intake_site import unit_application

ARTICLE = "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条"


def _submitted(site: Site) -> int:
    """A Yangpu application the unit has submitted: waiting for its own union's 推荐."""
    with site.uow() as u:
        app = unit_application(u, site, submitted=True)
        u.commit()
        return app.id


def _state(site: Site, app_id: int) -> tuple[str | None, int, int]:
    with site.uow() as u:
        app = IntakeRepository(u.session).application(app_id, Scope.everything())
        assert app is not None
        return app.stage, app.version, len(IntakeRepository(u.session).steps(app_id))


def _token(site: Site, who: str) -> dict[str, str]:
    issued = site.client().post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames[who], "password": site.passwords[who]},
    )
    assert issued.status_code == 201, issued.text
    return {"Authorization": f"Bearer {issued.json()['token']}"}


def _post_step(browser: TestClient, app_id: int, data: dict[str, str]):  # type: ignore[no-untyped-def]
    url = f"/intake/applications/{app_id}"
    page = browser.get(url)
    assert page.status_code == 200
    return browser.post(f"{url}/steps", data={"csrf_token": csrf_of(page.text), **data})


def test_the_district_posting_the_units_step_is_refused_403_on_the_page_and_api(
    site: Site,
) -> None:
    app_id = _submitted(site)
    before = _state(site, app_id)
    typed = {
        "stage": "unit",
        "action": "approve",
        "decided_on": AS_OF.isoformat(),
        "signer": "区总工会 王干事",
        "opinion": "区总代为推荐",
        "consent": "党政联席会议同意",
        "expected_version": str(before[1]),
    }
    unit_union = site.tree.unit.name
    reason = f"「单位工会推荐（经本单位党政同意）」应由{unit_union}办理（{ARTICLE}）"
    refused = _post_step(site.login("district"), app_id, typed)
    assert refused.status_code == 403
    assert reason in refused.text
    assert "未能办理，此事项不由本单位办理：" in refused.text  # not 「请按提示修改」
    assert "请按提示修改" not in refused.text
    assert 'name="consent"' not in refused.text  # no step form offered to the district
    assert _state(site, app_id) == before  # nothing written
    api = site.client().post(
        f"/api/v1/intake/applications/{app_id}/steps",
        headers=_token(site, "district"),
        json={k: v for k, v in typed.items() if k != "expected_version"},
    )
    assert api.status_code == 403
    assert (api.json()["error"]["code"], api.json()["error"]["message"]) == (
        "not_your_step",
        reason,
    )
    assert _state(site, app_id) == before


def test_the_city_opening_the_districts_call_on_the_page_reads_why_with_403(site: Site) -> None:
    city = site.login("city")
    page = city.get("/intake")
    typed = {
        "scheme": "yangpu-district",
        "year": "2027",
        "title": "2027年度杨浦区创新工作室申报（市总代发）",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-31",
    }
    refused = city.post(
        "/intake/calls", data={"csrf_token": csrf_of(page.text, "/intake/calls"), **typed}
    )
    assert refused.status_code == 403
    assert "申报通知应由" in refused.text
    assert "第七条" in refused.text
    assert 'value="2027年度杨浦区创新工作室申报（市总代发）"' in refused.text  # kept
    with site.uow() as u:
        calls = IntakeRepository(u.session).calls(Scope.everything(), site.tree.district.path)
        assert [c.title for c in calls if "市总代发" in c.title] == []
