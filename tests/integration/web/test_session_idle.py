"""A page session ends once idle for ``WORKSHOPS_SESSION_IDLE_MINUTES`` (OWASP ASVS 3.3.2), or
12 hours after the login however busy; the login page then says why."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lifecycle.config import Settings
from tests.integration.web.conftest import NOW, Moving, Site, log_in


def _signed_in(site: Site, browser: TestClient) -> TestClient:
    return log_in(browser, site.usernames["district"], site.passwords["district"])


def test_a_session_left_idle_ends_and_the_login_page_says_why(
    site: Site, moving: tuple[TestClient, Moving]
) -> None:
    browser, clock = moving
    _signed_in(site, browser)
    # Every page seen starts the idle time again: three visits 19 minutes apart keep it open.
    for step in (19, 38, 57):
        clock.at = NOW + timedelta(minutes=step)
        assert browser.get("/dashboard").status_code == 200
    # So does the pages' own JSON (the same cookie, from the same site).
    clock.at = NOW + timedelta(minutes=76)
    assert browser.get("/api/v1/me").status_code == 200
    clock.at = NOW + timedelta(minutes=96)
    gone = browser.get("/dashboard")
    assert gone.status_code == 303
    assert gone.headers["location"] == "/login?next=%2Fdashboard"
    assert browser.get("/api/v1/me").status_code == 401
    login = browser.get("/login?next=%2Fdashboard")
    assert login.status_code == 200
    assert "登录已失效（20分钟未操作、登录已满12小时或密码已更改），请重新登录" in login.text
    assert 'workshops_session=""' in "".join(login.headers.get_list("set-cookie"))
    # Logging in again opens a new session; the login page no longer warns.
    _signed_in(site, browser)
    assert browser.get("/dashboard").status_code == 200
    assert "登录已失效" not in browser.get("/login").text


def test_a_busy_session_still_ends_twelve_hours_after_the_login(
    site: Site, moving: tuple[TestClient, Moving]
) -> None:
    browser, clock = moving
    _signed_in(site, browser)
    moment = NOW
    while moment + timedelta(minutes=15) < NOW + timedelta(hours=12):
        moment += timedelta(minutes=15)
        clock.at = moment
        assert browser.get("/dashboard").status_code == 200, moment
    clock.at = NOW + timedelta(hours=12)
    assert browser.get("/dashboard").status_code == 303


def test_the_login_page_of_a_browser_never_signed_in_warns_of_nothing(
    moving: tuple[TestClient, Moving],
) -> None:
    browser, _ = moving
    page = browser.get("/login")
    assert page.status_code == 200
    assert "登录已失效" not in page.text


def test_the_idle_limit_is_a_setting_between_a_minute_and_twelve_hours() -> None:
    assert Settings(database_url="sqlite://").session_idle_minutes == 30
    for wrong in (0, 721):
        with pytest.raises(ValueError, match="session_idle_minutes"):
            Settings(database_url="sqlite://", session_idle_minutes=wrong)


def test_a_one_minute_limit_is_kept_open_by_a_request_every_half_minute(
    site: Site, tmp_path: Path
) -> None:
    clock = Moving()
    settings = Settings(
        database_url="sqlite://",
        files_dir=tmp_path,
        base_url="http://testserver",
        session_idle_minutes=1,
    )
    app = create_app(settings, clock=clock)
    with TestClient(app, follow_redirects=False) as browser:
        app.state.session_factory = site.factory
        _signed_in(site, browser)
        for seconds in range(30, 301, 30):
            clock.at = NOW + timedelta(seconds=seconds)
            assert browser.get("/dashboard").status_code == 200, seconds
        clock.at += timedelta(seconds=60)
        assert browser.get("/dashboard").status_code == 303
