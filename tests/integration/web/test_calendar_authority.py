"""The holiday calendar (放假 and 调休 days) is one for the whole service: every union's
working-day deadlines count by it. An admin of a district reads it but does not replace it, on
the page or over the API; nor does a city's admin while the service holds another city's tree
(before: 乐山's admin replaced the days 上海's deadlines count by); the admin of the only city
tree does, and the server's operator always may (``workshops calendar import``)."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.vocab import Role
from tests.factories import leshan_tree, user
from tests.integration.web.conftest import Site, csrf_of

GOOD = "date,kind\n2027-01-01,休\n2027-02-07,班\n".encode()


def _days(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(CalendarOverrideDay)) or 0)


def _admin_of(site: Site, union_id: int, who: str) -> str:
    with site.uow() as u:
        principal, password = user(u, Role.ADMIN, union_id)
        u.commit()
    site.usernames[who] = principal.username
    site.passwords[who] = password
    return who


def _district_admin(site: Site) -> str:
    return _admin_of(site, site.tree.district.id, "district-admin")


def _bearer(site: Site, who: str) -> dict[str, str]:
    token = site.app_client.post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames[who], "password": site.passwords[who]},
    ).json()["token"]
    return {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}


def test_a_district_admin_reads_the_calendar_but_cannot_replace_it(site: Site) -> None:
    browser = site.login(_district_admin(site))
    before = _days(site)
    page = browser.get("/admin/calendar")
    assert page.status_code == 200
    assert 'action="/admin/calendar"' not in page.text  # no import form offered
    assert "只能由管辖全部工会的系统管理员导入" in page.text
    # Posted anyway (the CSRF token of any form of the session): refused, nothing written.
    token = csrf_of(page.text)
    refused = browser.post(
        "/admin/calendar",
        data={"csrf_token": token},
        files={"file": ("good.csv", GOOD, "text/csv")},
    )
    assert refused.status_code == 403
    assert "只能由管辖全部工会的系统管理员导入" in refused.text
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
    assert "只能由管辖全部工会的系统管理员导入" not in page.text
    done = browser.post(
        "/admin/calendar",
        data={"csrf_token": csrf_of(page.text, "/admin/calendar")},
        files={"file": ("good.csv", GOOD, "text/csv")},
    )
    assert done.status_code == 200
    assert "已导入：2027年 2 天" in done.text


def test_a_city_admin_cannot_replace_it_while_another_citys_unions_count_by_it(site: Site) -> None:
    with site.uow() as u:
        leshan = leshan_tree(u)
        u.commit()
    before = _days(site)
    for who in ("admin", _admin_of(site, leshan.city.id, "leshan-admin")):
        browser = site.login(who)
        page = browser.get("/admin/calendar")
        assert page.status_code == 200
        assert 'action="/admin/calendar"' not in page.text
        assert "包括不归您管辖的工会" in page.text
        assert "workshops calendar import" in page.text  # who does it instead
        refused = browser.post(
            "/admin/calendar",
            data={"csrf_token": csrf_of(page.text)},
            files={"file": ("good.csv", GOOD, "text/csv")},
        )
        assert refused.status_code == 403, who
        assert "只能由管辖全部工会的系统管理员导入" in refused.text
        over_api = site.app_client.put(
            "/api/v1/calendar/overrides", content=GOOD, headers=_bearer(site, who)
        )
        assert over_api.status_code == 403, over_api.text
        assert over_api.json()["error"]["code"] == "calendar_not_yours"
        assert _days(site) == before
    # Both still read it.
    listed = site.app_client.get(
        "/api/v1/calendar/overrides", headers=_bearer(site, "leshan-admin")
    )
    assert listed.status_code == 200
