"""Cookie login: HttpOnly + SameSite session cookie (Secure over HTTPS), throttled, CSRF-guarded."""

from __future__ import annotations

from tests.integration.web.conftest import csrf_of


def test_login_sets_a_httponly_samesite_cookie_and_opens_the_dashboard(site):
    browser = site.client()
    form = browser.get("/login")
    assert form.status_code == 200
    response = browser.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": site.usernames["district"],
            "password": site.passwords["district"],
            "next": "/dashboard",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("workshops_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie
    page = browser.get("/dashboard")
    assert page.status_code == 200
    assert "工作台" in page.text


def test_the_cookie_is_secure_when_served_over_https(site):
    browser = site.client("https://testserver")
    form = browser.get("/login")
    response = browser.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": site.usernames["district"],
            "password": site.passwords["district"],
        },
    )
    assert response.status_code == 303
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("workshops_session=")
    )
    assert "Secure" in cookie


def test_a_wrong_password_is_shown_beside_the_field_and_keeps_the_username(site):
    browser = site.client()
    form = browser.get("/login")
    response = browser.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": site.usernames["district"],
            "password": "nope",
        },
    )
    assert response.status_code == 422
    assert 'class="error"' in response.text
    assert "用户名或密码" in response.text
    assert f'value="{site.usernames["district"]}"' in response.text
    assert "workshops_session=" not in "".join(response.headers.get_list("set-cookie"))


def test_an_empty_login_form_names_both_fields(site):
    browser = site.client()
    form = browser.get("/login")
    response = browser.post("/login", data={"csrf_token": csrf_of(form.text)})
    assert response.status_code == 422
    assert "请输入用户名" in response.text
    assert "请输入密码" in response.text


def test_a_login_post_without_its_token_is_refused(site):
    browser = site.client()
    browser.get("/login")
    response = browser.post(
        "/login",
        data={"username": site.usernames["district"], "password": site.passwords["district"]},
    )
    assert response.status_code == 403
    assert "校验码" in response.text
    assert "workshops_session=" not in "".join(response.headers.get_list("set-cookie"))


def test_pages_send_an_anonymous_visitor_to_the_login_form(site):
    response = site.client().get("/designations/1?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fdesignations%2F1%3Fx%3D1"


def test_the_login_form_follows_only_local_next_urls(site):
    page = site.client().get("/login", params={"next": "//evil.example/x"})
    assert 'name="next" value="/dashboard"' in page.text


def test_logout_ends_the_session_on_the_server(site):
    browser = site.login("district")
    page = browser.get("/dashboard")
    token = browser.cookies.get("workshops_session")
    response = browser.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303
    replay = site.client()
    replay.cookies.set("workshops_session", token)
    assert replay.get("/dashboard").status_code == 303


def test_logout_without_the_token_is_refused(site):
    browser = site.login("district")
    assert browser.post("/logout", data={}).status_code == 403
    assert browser.get("/dashboard").status_code == 200


def test_logging_in_again_in_one_browser_ends_the_session_it_held(site):
    browser = site.login("district")
    before = browser.cookies.get("workshops_session")
    assert browser.get("/dashboard").status_code == 200
    site.login("finance", browser)  # someone else at the same desk
    after = browser.cookies.get("workshops_session")
    assert after is not None
    assert after != before
    assert browser.get("/dashboard").status_code == 200
    # The earlier cookie, kept by anyone who copied it, opens nothing any more.
    stale = site.client()
    stale.cookies.set("workshops_session", before)
    assert stale.get("/dashboard").status_code == 303


def test_a_next_address_a_browser_would_read_as_another_site_is_not_followed(site):
    for target in ("/\t/evil.example/x", "/\r\n/evil.example", "/\\evil.example", "/ /x"):
        page = site.client().get("/login", params={"next": target})
        assert 'name="next" value="/dashboard"' in page.text, target
