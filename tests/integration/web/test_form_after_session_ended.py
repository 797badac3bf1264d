"""A form posted after the session ended (idle too long) is not lost: the login form carries
what was typed, the same user logging in again is taken back to the form page with it, nothing
is written until they submit again; another user, or a post from another site, gets nothing."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

from fastapi.testclient import TestClient

from lifecycle.ledgers.service import ledger_of
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import CSRF, NOW, Moving, Site, csrf_of, log_in

TYPED = {"held_on": "2026-11-20", "title": "数控技能比武", "participants": "18"}


def _browser(moving: tuple[TestClient, Moving]) -> TestClient:
    return TestClient(moving[0].app, follow_redirects=False)


def _activities(site: Site) -> list[str]:
    with site.uow() as uow:
        return [a.title for a in ledger_of(uow, site.designation.id, EVERYTHING).activities]


def _expired_post(site: Site, moving: tuple[TestClient, Moving], browser: TestClient):
    """``browser`` (logged in as the unit) opens the activity form, types, waits 21 minutes and
    submits: the answer."""
    d = site.designation
    log_in(browser, site.usernames["unit"], site.passwords["unit"])
    page = f"/designations/{d.id}/ledger/activity/new"
    form = browser.get(page)
    assert form.status_code == 200
    moving[1].at = NOW + timedelta(minutes=21)
    data = {"csrf_token": csrf_of(form.text), "form_key": "k" * 24, **TYPED}
    headers = {"referer": f"http://testserver{page}"}
    return browser.post(f"/designations/{d.id}/ledger/activity", data=data, headers=headers)


def _pending(html: str) -> dict[str, object]:
    found = re.search(r'name="pending" value="([^"]*)"', html)
    assert found is not None, html
    body: dict[str, object] = json.loads(unescape(found.group(1)))
    return body


def test_a_form_posted_after_the_session_ended_comes_back_filled_after_the_login(
    site: Site, moving: tuple[TestClient, Moving]
) -> None:
    browser = _browser(moving)
    d = site.designation
    answer = _expired_post(site, moving, browser)
    # The login form, at the address posted to: nothing typed goes into an address.
    assert answer.status_code == 200
    assert "location" not in answer.headers
    assert answer.headers["cache-control"] == "no-store"
    assert "您刚才提交的内容尚未保存" in answer.text
    assert "不会自动提交" in answer.text
    assert f'name="next" value="/designations/{d.id}/ledger/activity/new"' in answer.text
    pending = _pending(answer.text)
    assert pending["action"] == f"/designations/{d.id}/ledger/activity"
    fields = dict(pending["fields"])  # type: ignore[arg-type]
    assert fields == TYPED  # the old session's CSRF token and form key are not carried
    assert _activities(site) == []
    # A wrong password: the login form again, still carrying the form.
    token = CSRF.search(answer.text)
    assert token is not None
    login = {"csrf_token": token.group(1), "username": site.usernames["unit"], "next": "/x"}
    wrong = browser.post(
        "/login", data={**login, "password": "wrong", "pending": json.dumps(pending)}
    )
    assert wrong.status_code == 422
    assert _pending(wrong.text) == pending
    token = CSRF.search(wrong.text)
    assert token is not None
    login["csrf_token"] = token.group(1)
    right = browser.post(
        "/login",
        data={**login, "password": site.passwords["unit"], "pending": json.dumps(pending)},
    )
    # Logged in; the page after it hands the values to the tab and goes back to the form page.
    assert right.status_code == 200
    assert "workshops_session=" in "".join(right.headers.get_list("set-cookie"))
    carried = re.search(r'id="pending-form">(.*?)</script>', right.text, re.S)
    assert carried is not None
    assert json.loads(carried.group(1)) == pending
    assert f'href="/designations/{d.id}/ledger/activity/new"' in right.text
    assert _activities(site) == []  # nothing written until the user submits again
    assert browser.get(f"/designations/{d.id}/ledger/activity/new").status_code == 200


def test_another_user_logging_in_is_not_shown_what_was_typed(
    site: Site, moving: tuple[TestClient, Moving]
) -> None:
    browser = _browser(moving)
    answer = _expired_post(site, moving, browser)
    pending = _pending(answer.text)
    token = CSRF.search(answer.text)
    assert token is not None
    other = browser.post(
        "/login",
        data={
            "csrf_token": token.group(1),
            "username": site.usernames["district"],
            "password": site.passwords["district"],
            "next": "/dashboard",
            "pending": json.dumps(pending),
        },
    )
    assert other.status_code == 303
    assert other.headers["location"] == "/dashboard"
    assert "数控技能比武" not in other.text


def test_a_post_without_the_sessions_csrf_token_carries_nothing(
    site: Site, moving: tuple[TestClient, Moving]
) -> None:
    browser = _browser(moving)
    d = site.designation
    log_in(browser, site.usernames["unit"], site.passwords["unit"])
    moving[1].at = NOW + timedelta(minutes=21)
    planted = browser.post(
        f"/designations/{d.id}/ledger/activity", data={"csrf_token": "forged", **TYPED}
    )
    assert planted.status_code == 200
    assert "您刚才提交的内容未能保存" in planted.text
    assert 'name="pending"' not in planted.text
    assert "数控技能比武" not in planted.text
    # No cookie at all (a post from another site under SameSite=Lax): the same.
    bare = _browser(moving).post(f"/designations/{d.id}/ledger/activity", data=TYPED)
    assert bare.status_code == 200
    assert 'name="pending"' not in bare.text


def test_a_carried_page_that_would_leave_the_site_is_not_followed(
    site: Site, moving: tuple[TestClient, Moving]
) -> None:
    """A browser drops a tab or a newline from an address: ``/<TAB>/elsewhere`` is ``//elsewhere``,
    another site. A carried form naming such a page (edited in the login form) carries nothing."""
    browser = _browser(moving)
    answer = _expired_post(site, moving, browser)
    token = CSRF.search(answer.text)
    assert token is not None
    for page in ("/\t/evil.example/x", "/\n/evil.example/x", "//evil.example/x"):
        edited = {**_pending(answer.text), "page": page}
        login = {
            "csrf_token": token.group(1),
            "username": site.usernames["unit"],
            "password": "wrong",
            "next": page,
            "pending": json.dumps(edited),
        }
        refused = browser.post("/login", data=login)
        assert refused.status_code == 422
        assert 'name="pending"' not in refused.text
        assert 'name="next" value="/dashboard"' in refused.text
        token = CSRF.search(refused.text)
        assert token is not None
