"""The holiday calendar (放假 and 调休 days) is one for the whole service: every union's
working-day deadlines count by it. An admin of a district reads it but does not replace it, on
the page or over the API; the city's admin does (before: any admin replaced whole years)."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.vocab import Role
from tests.factories import user
from tests.integration.web.conftest import Site, csrf_of

GOOD = "date,kind\n2027-01-01,休\n2027-02-07,班\n".encode()


def _days(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(CalendarOverrideDay)) or 0)


def _district_admin(site: Site) -> str:
    with site.uow() as u:
        principal, password = user(u, Role.ADMIN, site.tree.district.id)
        u.commit()
    site.usernames["district-admin"] = principal.username
    site.passwords["district-admin"] = password
    return "district-admin"


def test_a_district_admin_reads_the_calendar_but_cannot_replace_it(site: Site) -> None:
    browser = site.login(_district_admin(site))
    before = _days(site)
    page = browser.get("/admin/calendar")
    assert page.status_code == 200
    assert 'action="/admin/calendar"' not in page.text  # no import form offered
    assert "只能由市总工会的系统管理员导入" in page.text
    # Posted anyway (the CSRF token of any form of the session): refused, nothing written.
    token = csrf_of(page.text)
    refused = browser.post(
        "/admin/calendar",
        data={"csrf_token": token},
        files={"file": ("good.csv", GOOD, "text/csv")},
    )
    assert refused.status_code == 403
    assert "只能由市总工会的系统管理员导入" in refused.text
    assert _days(site) == before

    bearer = site.app_client.post(
        "/api/v1/auth/tokens",
        json={
            "username": site.usernames["district-admin"],
            "password": site.passwords["district-admin"],
        },
    ).json()["token"]
    over_api = site.app_client.put(
        "/api/v1/calendar/overrides",
        content=GOOD,
        headers={"Authorization": f"Bearer {bearer}", "Content-Type": "text/csv"},
    )
    assert over_api.status_code == 403, over_api.text
    assert over_api.json()["error"]["code"] == "calendar_not_yours"
    assert _days(site) == before


def test_the_city_admin_still_replaces_it(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/calendar")
    assert "只能由市总工会的系统管理员导入" not in page.text
    done = browser.post(
        "/admin/calendar",
        data={"csrf_token": csrf_of(page.text, "/admin/calendar")},
        files={"file": ("good.csv", GOOD, "text/csv")},
    )
    assert done.status_code == 200
    assert "已导入：2027年 2 天" in done.text
