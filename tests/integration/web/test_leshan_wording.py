"""A 乐山 user reads roles in 乐山's words: its district-level unions are 县（市、区）总工会 [L 一],
not Shanghai's 区局（产业）工会, in the refusals of the pages and the JSON API alike (the demo,
both backends)."""

from __future__ import annotations

from api.deps import CSRF_HEADER
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import demo_fixture  # noqa: F401 - the fixture `demo`

LESHAN_FILING_REFUSAL = "市总工会干部无权办理此事项，须由县（市、区）总工会干部或基层单位联系人办理"
SHANGHAI_FILING_REFUSAL = "市总工会干部无权办理此事项，须由区局（产业）工会干部或基层单位联系人办理"


def _own_designation(browser) -> int:
    listed = browser.get("/api/v1/designations", params={"limit": 5}).json()
    assert listed["total"] > 0
    return int(listed["items"][0]["id"])


def test_a_leshan_officers_page_refusal_names_leshans_county_unions(demo):
    browser = demo.login("leshan")
    designation = _own_designation(browser)
    refused = browser.get(f"/designations/{designation}/filings/new")
    assert refused.status_code == 403
    assert LESHAN_FILING_REFUSAL in refused.text
    assert "区局（产业）工会" not in refused.text
    # The header names the user's own role in the same words (a city officer is one in both).
    assert "乐山市总工会 李干事（市总工会干部）" in refused.text


def test_a_leshan_officers_api_refusal_names_leshans_county_unions(demo):
    browser = demo.login("leshan")
    designation = _own_designation(browser)
    csrf = csrf_of(browser.get("/dashboard").text)
    refused = browser.post(
        f"/api/v1/designations/{designation}/filings", json={}, headers={CSRF_HEADER: csrf}
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == LESHAN_FILING_REFUSAL


def test_a_shanghai_officer_keeps_shanghais_words(demo):
    browser = demo.login("city")
    designation = _own_designation(browser)  # a Shanghai title: the city reads its own
    refused = browser.get(f"/designations/{designation}/filings/new")
    assert refused.status_code == 403
    assert SHANGHAI_FILING_REFUSAL in refused.text
    csrf = csrf_of(browser.get("/dashboard").text)
    api = browser.post(
        f"/api/v1/designations/{designation}/filings", json={}, headers={CSRF_HEADER: csrf}
    )
    assert api.status_code == 403
    assert api.json()["error"]["message"] == SHANGHAI_FILING_REFUSAL
