"""Each user's own ICS subscription address: replacing one stops nobody else's; a user switched
off, given a new password, moved to another union or given another role loses theirs at once,
and a moved user never reads the old union through it."""

from __future__ import annotations

import re

from icalendar import Calendar

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api, Caller

FEED = "/api/v1/me/calendar-feed"
BASE = "http://testserver"


def _issue(api: Api, caller: Caller) -> str:
    """Make (or replace) the caller's address through the API; the path it answers on."""
    answer = api.client.post(FEED, headers=caller.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    url = answer.json()["url"]
    assert url.startswith(f"{BASE}/calendar/")
    assert url.endswith(".ics")
    return str(url).removeprefix(BASE)


def _designations(api: Api, path: str) -> set[int] | None:
    """The designations the feed at ``path`` links to, or None when it answers 404."""
    answer = api.client.get(path)
    if answer.status_code == 404:
        assert "BEGIN:VCALENDAR" not in answer.text  # nothing of the calendar is told
        return None
    assert answer.status_code == 200, answer.text
    events = Calendar.from_ical(answer.content).walk("VEVENT")
    return {int(m) for e in events for m in re.findall(r"/designations/(\d+)", str(e["url"]))}


def test_two_users_of_one_union_each_have_their_own_address(api: Api) -> None:
    officer, finance = api.callers[Role.DISTRICT_OFFICER], api.callers[Role.FINANCE]
    assert api.client.get(FEED, headers=finance.headers).json() == {
        "union_id": api.own.district,
        "live": False,
        "issued_at": None,
    }
    mine, theirs = _issue(api, officer), _issue(api, finance)
    assert mine != theirs
    for path in (mine, theirs):
        shown = _designations(api, path)
        assert shown is not None
        assert api.own.designation in shown
        assert api.other.designation not in shown  # 浦东's titles are not Yangpu's to read
    state = api.client.get(FEED, headers=finance.headers).json()
    assert state["live"] is True
    assert state["issued_at"] is not None
    assert "url" not in state  # only the hash is kept: the address is shown once
    # Finance replaces its address: its old one stops, the officer's keeps working.
    renewed = _issue(api, finance)
    assert _designations(api, theirs) is None
    assert _designations(api, renewed) is not None
    assert _designations(api, mine) is not None
    # Finance stops its address without a new one; the officer's still works.
    assert api.client.delete(FEED, headers=finance.headers).status_code == 204
    assert _designations(api, renewed) is None
    assert api.client.get(FEED, headers=finance.headers).json()["live"] is False
    assert _designations(api, mine) is not None


def test_deactivation_and_either_password_change_stop_the_address_at_once(api: Api) -> None:
    admin = api.callers[Role.ADMIN]
    officer, finance = api.callers[Role.DISTRICT_OFFICER], api.callers[Role.FINANCE]
    unit = api.callers[Role.UNIT_CONTACT]
    officers, finances, units = _issue(api, officer), _issue(api, finance), _issue(api, unit)
    untouched = _issue(api, api.callers[Role.CITY_OFFICER])

    off = api.client.post(f"/api/v1/users/{officer.principal.user_id}/deactivate", **_as(admin))
    assert off.status_code == 200, off.text
    assert _designations(api, officers) is None
    on = api.client.post(f"/api/v1/users/{officer.principal.user_id}/reactivate", **_as(admin))
    assert on.status_code == 200, on.text
    assert _designations(api, officers) is None  # reactivating brings no old address back

    reset = api.client.post(
        f"/api/v1/users/{finance.principal.user_id}/password",
        json={"password": "a-new-password-1"},
        **_as(admin),
    )
    assert reset.status_code == 200, reset.text
    assert _designations(api, finances) is None

    own = api.client.post(
        "/api/v1/me/password",
        json={"current_password": api.passwords[Role.UNIT_CONTACT], "new_password": "mine-anew-1"},
        headers=unit.headers,
    )
    assert own.status_code == 204, own.text
    assert _designations(api, units) is None
    assert _designations(api, untouched) is not None  # nobody else's address stopped


def test_a_moved_user_never_reads_the_old_union_and_a_new_role_stops_the_address(
    api: Api,
) -> None:
    admin = api.callers[Role.ADMIN]
    officer, finance = api.callers[Role.DISTRICT_OFFICER], api.callers[Role.FINANCE]
    yangpu, pudong_finance = _issue(api, officer), _issue(api, finance)
    user = f"/api/v1/users/{officer.principal.user_id}"
    moved = api.client.patch(user, json={"union_id": api.other.district}, **_as(admin))
    assert moved.status_code == 200, moved.text
    assert _designations(api, yangpu) is None  # neither Yangpu's calendar nor Pudong's
    # The officer, now in 浦东 (its API token still works: it acts for its new union), makes
    # a new address: it shows 浦东's titles and none of Yangpu's.
    pudong = _issue(api, officer)
    shown = _designations(api, pudong)
    assert shown is not None
    assert api.other.designation in shown
    assert api.own.designation not in shown
    # Moved back to Yangpu: the 浦东 address stops, the old Yangpu one does not come back.
    back = api.client.patch(user, json={"union_id": api.own.district}, **_as(admin))
    assert back.status_code == 200, back.text
    assert _designations(api, pudong) is None
    assert _designations(api, yangpu) is None
    # Finance given another role in the same union: its address stops too.
    role = api.client.patch(
        f"/api/v1/users/{finance.principal.user_id}",
        json={"role": "district_officer"},
        **_as(admin),
    )
    assert role.status_code == 200, role.text
    assert _designations(api, pudong_finance) is None


def test_an_edit_of_the_email_alone_keeps_the_address(api: Api) -> None:
    admin, officer = api.callers[Role.ADMIN], api.callers[Role.DISTRICT_OFFICER]
    path = _issue(api, officer)
    edited = api.client.patch(
        f"/api/v1/users/{officer.principal.user_id}",
        json={"email": "officer.new@example.cn"},
        **_as(admin),
    )
    assert edited.status_code == 200, edited.text
    assert _designations(api, path) is not None


def _as(caller: Caller) -> dict[str, dict[str, str]]:
    return {"headers": caller.headers}
