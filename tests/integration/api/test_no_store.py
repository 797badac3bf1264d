"""Nothing read with a session or token is kept by a browser or proxy (``Cache-Control:
no-store``): pages, exports, notice PDFs, filing files, API JSON; the static files stay
cacheable. The API reference pages need a login; the schema they read stays public."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _browser(api: Api, role: Role = Role.DISTRICT_OFFICER) -> TestClient:
    browser = TestClient(api.client.app, follow_redirects=False)
    token = CSRF.search(browser.get("/login").text)
    assert token is not None
    caller = api.callers[role]
    form = {
        "csrf_token": token.group(1),
        "username": caller.principal.username,
        "password": api.passwords[role],
        "next": "/dashboard",
    }
    assert browser.post("/login", data=form).status_code == 303
    return browser


def test_every_page_export_and_file_of_a_session_says_no_store(api: Api) -> None:
    own = api.own
    browser = _browser(api)
    pages = [
        "/dashboard",
        f"/persons/{own.person}",
        f"/workshops/{own.workshop}",
        f"/designations/{own.designation}",
        f"/notices/{own.notice}",
        f"/notices/{own.notice}.pdf",
        f"/designations/{own.designation}/filings/{own.filing}/file",
        "/designations.xlsx",
        "/adoption/export.xlsx",
        "/docs",
    ]
    for url in pages:
        response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.headers["cache-control"] == "no-store", url
    # Refusals and redirects of a session too (a 404 page shows the user's menu).
    assert browser.get("/persons/999999").headers["cache-control"] == "no-store"
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    for url in (
        f"/api/v1/designations/{own.designation}",
        "/api/v1/adoption/export",
        f"/api/v1/notices/{own.notice}",
    ):
        response = api.client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text)
        assert response.headers["cache-control"] == "no-store", url


def test_static_files_stay_cacheable(api: Api) -> None:
    css = api.client.get("/static/app.css")
    assert css.status_code == 200
    assert "cache-control" not in css.headers
    assert css.headers.get("etag") or css.headers.get("last-modified")


def test_the_api_reference_needs_a_login_and_the_schema_stays_public(api: Api) -> None:
    anonymous = TestClient(api.client.app, follow_redirects=False)
    for url in ("/docs", "/redoc"):
        refused = anonymous.get(url)
        assert refused.status_code == 303, url
        assert refused.headers["location"].startswith("/login")
    page = _browser(api, Role.UNIT_CONTACT).get("/docs")
    assert page.status_code == 200
    assert "/openapi.json" in page.text
    schema = anonymous.get("/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/designations" in schema.json()["paths"]


def test_the_api_reference_is_a_page_of_our_own_from_the_schema_loading_nothing_from_elsewhere(
    api: Api,
) -> None:
    browser = _browser(api, Role.UNIT_CONTACT)
    page = browser.get("/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "http" not in policy  # no other origin
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing fetched from elsewhere
    assert "<script" not in page.text.replace('<script src="/static/', "")
    # Every operation of the schema, with its fields as the schema gives them.
    paths = api.client.get("/openapi.json").json()["paths"]
    count = sum(
        1 for item in paths.values() for m in item if m in ("get", "post", "put", "patch", "delete")
    )
    assert f"共 {count} 个接口" in page.text
    grants = page.text.split('id="post-api-v1-designations--designation-id--grants"')[1]
    grants = grants.split("</details>")[0]
    assert "<code>POST /api/v1/designations/{designation_id}/grants</code>" in grants
    row = "<code>{}</code></td><td>{}</td><td>{}</td><td>是</td>"
    assert row.format("approval_ref", "body", "string 至少1个字符 至多200个字符") in grants
    assert row.format("designation_id", "path", "integer ≥ 1 ≤ 2147483647") in grants
    assert "422" in grants
    assert "Authorization: Bearer" in page.text
    moved = browser.get("/redoc")
    assert moved.status_code == 303
    assert moved.headers["location"] == "/docs"
