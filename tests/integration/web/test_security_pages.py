"""Issue 16 in the pages: one's own password, an admin's reset and reactivation, security
headers on every response, Chinese 404/405 pages."""

from __future__ import annotations

from tests.integration.web.conftest import Site, csrf_of

HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def test_own_password_page_keeps_this_browser_and_ends_the_others(site: Site) -> None:
    here = site.login("district")
    there = site.login("district")
    page = here.get("/account/password")
    assert page.status_code == 200
    assert "修改密码" in page.text
    token = csrf_of(page.text, "/account/password")
    wrong = here.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "not-my-password",
            "new_password": "brand-new-password-1",
            "confirm_password": "brand-new-password-1",
        },
    )
    assert wrong.status_code == 422
    assert "当前密码不正确" in wrong.text
    assert there.get("/dashboard").status_code == 200  # nothing changed yet
    done = here.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": site.passwords["district"],
            "new_password": "brand-new-password-1",
            "confirm_password": "brand-new-password-1",
        },
    )
    assert done.status_code == 303
    assert here.get("/dashboard").status_code == 200
    assert there.get("/dashboard").status_code == 303  # logged out everywhere else
    site.passwords["district"] = "brand-new-password-1"
    assert site.login("district").get("/dashboard").status_code == 200


def test_admin_resets_a_password_and_reactivates_a_user_in_the_pages(site: Site) -> None:
    victim = site.login("finance")
    admin = site.login("admin")
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames["finance"])
        assert found is not None
        user_id = found.id
    form = admin.get(f"/admin/users/{user_id}/password")
    assert form.status_code == 200
    action = f"/admin/users/{user_id}/password"
    short = admin.post(action, data={"csrf_token": csrf_of(form.text, action), "password": "x"})
    assert short.status_code == 422
    assert "至少需要10个字符" in short.text
    assert victim.get("/dashboard").status_code == 200
    reset = admin.post(
        action,
        data={
            "csrf_token": csrf_of(form.text, action),
            "password": "reset-in-page-2026",
            "confirm_password": "reset-in-page-2026",
        },
    )
    assert reset.status_code == 303
    assert victim.get("/dashboard").status_code == 303
    listed = admin.get("/admin/users").text
    off = f"/admin/users/{user_id}/deactivate"
    assert admin.post(off, data={"csrf_token": csrf_of(listed, off)}).status_code == 303
    listed = admin.get("/admin/users").text
    on = f"/admin/users/{user_id}/reactivate"
    assert "重新启用" in listed
    assert admin.post(on, data={"csrf_token": csrf_of(listed, on)}).status_code == 303
    site.passwords["finance"] = "reset-in-page-2026"
    assert site.login("finance").get("/dashboard").status_code == 200


def test_the_admin_cannot_switch_itself_off(site: Site) -> None:
    admin = site.login("admin")
    with site.uow() as u:
        me = u.accounts.user_by_username(site.usernames["admin"])
        assert me is not None
        my_id = me.id
    listed = admin.get("/admin/users").text
    action = f"/admin/users/{my_id}/deactivate"
    token = csrf_of(listed, "/admin/users")
    refused = admin.post(action, data={"csrf_token": token})
    assert refused.status_code == 422
    assert "不能停用自己的账号" in refused.text
    assert admin.get("/admin/users").status_code == 200


def test_every_page_and_api_response_carries_the_security_headers(site: Site) -> None:
    browser = site.login("district")
    responses = [
        browser.get("/dashboard"),
        browser.get("/login"),
        browser.get("/static/app.css"),
        browser.get("/api/v1/me"),
        browser.get("/healthz"),
        browser.get("/no-such-page"),
        site.client().get("/api/v1/me"),  # 401
        browser.post("/logout"),  # 403 without the CSRF token
    ]
    for response in responses:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (response.url, name)
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "strict-transport-security" not in response.headers  # plain HTTP here
    secure = site.client("https://testserver").get("/login")
    assert secure.headers["strict-transport-security"].startswith("max-age=")


def test_pages_have_no_inline_script_or_style_for_the_policy_to_block(site: Site) -> None:
    browser = site.login("admin")
    for path in ("/dashboard", "/designations", "/finance", "/admin/users", "/account/password"):
        html = browser.get(path).text
        assert "<script>" not in html, path
        assert "<style" not in html, path
        assert " style=" not in html, path
        assert "javascript:" not in html, path


def test_a_mistyped_page_is_a_chinese_404_page_and_the_api_keeps_json(site: Site) -> None:
    browser = site.login("district")
    page = browser.get("/designationz/12")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "页面不存在" in page.text
    wrong_method = browser.delete("/dashboard")
    assert wrong_method.status_code == 405
    assert "不支持的请求方式" in wrong_method.text
    api = browser.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"


def test_opening_an_address_only_a_form_posts_to_goes_to_the_form(site: Site) -> None:
    """Reading P36g: a GET of a form's target (a bookmark, a reload) is sent to the page that
    holds the form, its own ``…/new`` page or the nearest page above it; another method stays
    the Chinese 405 page, and the API keeps its JSON 405."""
    browser = site.login("district")
    for target, form_page in (
        ("/intake/calls", "/intake"),
        ("/designations/5/inspections", "/designations/5/inspections/new"),
        ("/intake/applications/9/withdraw", "/intake/applications/9"),
        ("/finance/designations/5/grants", "/finance/designations/5"),
    ):
        opened = browser.get(target)
        assert opened.status_code == 303, target
        assert opened.headers["location"] == form_page
    assert browser.get("/intake").status_code == 200  # where it leads is a page
    assert browser.delete("/intake/calls").status_code == 405
    api = browser.get("/api/v1/intake/applications/9/withdraw")
    assert api.status_code == 405
    assert api.json()["error"]["code"] == "method_not_allowed"


def test_an_unexpected_fault_is_the_chinese_page_or_the_json_error_with_headers(
    site: Site,
) -> None:
    app = site.app_client.app

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    app.add_api_route("/api/v1/boom", boom)  # type: ignore[attr-defined]
    client = site.client()
    page = client.get("/boom")
    assert page.status_code == 500
    assert "服务器内部错误" in page.text
    assert "a bug" not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    api = client.get("/api/v1/boom")
    assert api.status_code == 500
    assert api.json()["error"]["code"] == "internal_error"
    assert "content-security-policy" in api.headers


def test_own_password_form_names_every_bad_field_at_once_and_changes_nothing(site: Site) -> None:
    here = site.login("district")
    there = site.login("district")
    page = here.get("/account/password")
    token = csrf_of(page.text, "/account/password")
    wrong = here.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "not-my-password",
            "new_password": "short",
            "confirm_password": "shorter",
        },
    )
    assert wrong.status_code == 422
    for field, message in (
        ("current_password", "当前密码不正确"),
        ("new_password", "密码至少需要10个字符"),
        ("confirm_password", "两次输入的新密码不一致"),
    ):
        assert f'id="{field}-error">{message}</div>' in wrong.text
    assert "not-my-password" not in wrong.text  # passwords are never echoed
    assert "shorter" not in wrong.text
    # An empty current password is named beside the new one's problems and is no guess: six in
    # a row are not throttled like six wrong passwords would be.
    for _ in range(6):
        empty = here.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": "",
                "new_password": "short",
                "confirm_password": "short",
            },
        )
        assert empty.status_code == 422
        assert 'id="current_password-error">请输入当前密码</div>' in empty.text
        assert 'id="new_password-error">密码至少需要10个字符</div>' in empty.text
        assert 'id="confirm_password-error"' not in empty.text
    # The right current password with a mismatch: refused, nothing changed.
    mismatch = here.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": site.passwords["district"],
            "new_password": "brand-new-password-1",
            "confirm_password": "brand-new-password-2",
        },
    )
    assert mismatch.status_code == 422
    assert 'id="confirm_password-error">两次输入的新密码不一致</div>' in mismatch.text
    assert 'id="current_password-error"' not in mismatch.text
    assert there.get("/dashboard").status_code == 200  # no other session ended
    assert site.login("district").get("/dashboard").status_code == 200  # the old one still works


def test_own_password_form_refuses_a_guessable_password_by_its_field(site: Site) -> None:
    """Ten characters of one key, a keyboard run or a leaked favourite are refused beside the
    new password (OWASP ASVS 2.1.7), and the old password still logs in."""
    here = site.login("district")
    token = csrf_of(here.get("/account/password").text, "/account/password")
    refused = here.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": site.passwords["district"],
            "new_password": "qwertyuiop",
            "confirm_password": "qwertyuiop",
        },
    )
    assert refused.status_code == 422
    assert (
        'id="new_password-error">密码过于简单（重复字符、连续字符或常见密码），'
        "请换一个不易猜到的密码</div>"
    ) in refused.text
    assert "qwertyuiop" not in refused.text  # passwords are never echoed
    site.login("district")  # the old password still works
