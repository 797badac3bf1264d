"""Pages of a session are never stored by the browser (``Cache-Control: no-store``): after a
logout, going back to a page fetches it again and gets the login page, not the team's data."""

from __future__ import annotations

from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of


def test_a_page_read_before_logout_is_not_kept_and_asks_for_a_login_after(site: Site) -> None:
    browser = site.login("district")
    workshop = site.designation.workshop_id
    with site.uow() as u:
        found = u.workshops.get(workshop, EVERYTHING)
        assert found is not None
        leader = found.leader_person_id
    page = browser.get(f"/workshops/{workshop}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    person = browser.get(f"/persons/{leader}")
    assert person.headers["cache-control"] == "no-store"
    dashboard = browser.get("/dashboard")
    assert dashboard.headers["cache-control"] == "no-store"
    out = browser.post("/logout", data={"csrf_token": csrf_of(dashboard.text, "/logout")})
    assert out.status_code == 303
    again = browser.get(f"/workshops/{workshop}")
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login")
    assert again.headers["cache-control"] == "no-store"
    login = browser.get("/login")
    assert login.headers["cache-control"] == "no-store"
    assert "cache-control" not in browser.get("/static/app.css").headers
