"""Over /api/v1: the lists that grow with a title's years (its occasions, 考核, spending,
findings, change requests), a team's members and leader events, a notice's reports, the person
search, one's tokens, the cut-overs and the calendar's override days page as every other list
does: items, total, limit (50 by default, at most 500), offset, in a stable order. Before: bare
arrays, every row at once."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import pytest
from sqlalchemy.orm import make_transient

from api.v1.access import RULES
from lifecycle.accounts.permissions import role_can
from lifecycle.adoption.model import UnionCutover
from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.changes.model import ChangeRequest, ChangeRequestStatus
from lifecycle.db.base import Base
from lifecycle.funding.model import Expenditure
from lifecycle.leaders.model import LeaderEvent, LeaderEventKind
from lifecycle.notices.model import RectificationReport
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

# Whom to ask: the first role that may read the list (the district officer where it may).
ROLES = (Role.DISTRICT_OFFICER, Role.FINANCE, Role.UNIT_CONTACT, Role.CITY_OFFICER, Role.ADMIN)
# Each list, with what it sends besides the window and the key its order follows.
LISTS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "/api/v1/designations/{designation_id}/occasions": ({}, ("due_on",)),
    "/api/v1/designations/{designation_id}/assessments": ({}, ("year",)),
    "/api/v1/designations/{designation_id}/expenditures": ({}, ("spent_on", "id")),
    "/api/v1/designations/{designation_id}/findings": ({}, ("occurred_on", "id")),
    "/api/v1/designations/{designation_id}/change-requests": ({}, ("id",)),
    "/api/v1/workshops/{workshop_id}/leader-events": ({}, ("occurred_on", "id")),
    "/api/v1/workshops/{workshop_id}/members": ({}, ("id",)),
    "/api/v1/notices/{notice_id}/reports": ({}, ("reported_on", "id")),
    "/api/v1/person-search": ({"q": "张"}, ("name", "id")),
    "/api/v1/me/tokens": ({}, ("id",)),
    "/api/v1/adoption/cutovers": ({}, ()),  # by the unions' places in the tree
    "/api/v1/calendar/overrides": ({}, ("day",)),
}


def _headers(api: Api, template: str) -> dict[str, str]:
    rule = RULES[f"GET {template}"]
    role = next(r for r in ROLES if rule.admits(partial(role_can, r)))
    return api.callers[role].headers


def _copy(row: Base, **changed: Any) -> Base:
    """A new row like ``row`` (another id), with ``changed``."""
    make_transient(row)
    for name, value in {"id": None, **changed}.items():
        setattr(row, name, value)
    return row


def _seed(api: Api) -> dict[str, int]:
    """A second row (at least) in each list of the world's records; the ids to read them at."""
    own = api.own
    with api.uow() as u:
        s = u.session
        request = s.get(ChangeRequest, own.change_request)
        event = s.get(LeaderEvent, own.leader_event)
        assert request is not None
        assert event is not None
        ids = {
            "designation_id": own.designation,
            "request_designation_id": request.designation_id,
            "workshop_id": own.workshop,
            "event_workshop_id": event.workshop_id,
            "notice_id": own.notice,
        }
        # Earlier than the world's rows: a page in the order of the list, not of the ids.
        other = next(k for k in LeaderEventKind if k is not event.kind)
        s.add(_copy(event, occurred_on=date(2020, 1, 2), kind=other))
        s.add(_copy(request, status=ChangeRequestStatus.WITHDRAWN))
        for report in s.query(RectificationReport).filter_by(id=own.report):
            s.add(_copy(report, reported_on=report.reported_on))
        for spent in s.query(Expenditure).filter_by(designation_id=own.designation):
            s.add(_copy(spent, spent_on=date(2025, 1, 3), receipt_ref="补-1"))
        for year in (2025, 2024):
            s.add(
                AnnualAssessment(
                    designation_id=own.designation,
                    year=year,
                    outcome=AssessmentOutcome.PASSED,
                    version=1,
                )
            )
        for union_id, day in ((own.unit, date(2026, 3, 1)), (own.district, date(2026, 1, 1))):
            s.add(UnionCutover(union_id=union_id, cutover_on=day, recorded_by="测试"))
        for day, kind in ((date(2027, 2, 7), "workday"), (date(2026, 10, 1), "holiday")):
            s.add(CalendarOverrideDay(day=day, kind=kind))
        u.commit()
    return ids


@pytest.fixture
def ids(api: Api) -> dict[str, int]:
    return _seed(api)


def _url(template: str, ids: dict[str, int]) -> str:
    named = dict(ids)
    if "change-requests" in template:
        named["designation_id"] = ids["request_designation_id"]
    if "leader-events" in template:
        named["workshop_id"] = ids["event_workshop_id"]
    return template.format(**named)


def _read(api: Api, ids: dict[str, int], template: str, **window: int) -> dict[str, Any]:
    params, _ = LISTS[template]
    got = api.client.get(
        _url(template, ids), headers=_headers(api, template), params={**params, **window}
    )
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


@pytest.mark.parametrize("template", list(LISTS))
def test_a_list_is_paged_with_its_total_a_second_page_and_its_order(
    api: Api, ids: dict[str, int], template: str
) -> None:
    body = _read(api, ids, template)
    assert set(body) == {"items", "total", "limit", "offset"}
    assert (body["limit"], body["offset"]) == (50, 0)
    assert body["total"] == len(body["items"]) >= 2
    pages = [_read(api, ids, template, limit=1, offset=n) for n in range(body["total"] + 1)]
    assert [p["total"] for p in pages] == [body["total"]] * len(pages)
    assert [len(p["items"]) for p in pages[:-1]] == [1] * body["total"]
    assert [item for p in pages for item in p["items"]] == body["items"]
    assert pages[-1]["items"] == []  # past the end: an empty page, still its total
    _, key = LISTS[template]
    if key:
        keys = [tuple(str(item[k]) for k in key) for item in body["items"]]
        assert keys == sorted(keys)


@pytest.mark.parametrize("template", list(LISTS))
def test_a_list_refuses_a_bad_window_as_every_list_does(
    api: Api, ids: dict[str, int], template: str
) -> None:
    url, headers = _url(template, ids), _headers(api, template)
    params, _ = LISTS[template]
    for window, field in (
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "x"}, "limit"),
    ):
        refused = api.client.get(url, headers=headers, params={**params, **window})
        assert refused.status_code == 422, (window, refused.text)
        assert refused.json()["error"]["field"] == field
    repeated = api.client.get(
        url, headers=headers, params=[*params.items(), ("limit", 1), ("limit", 2)]
    )
    assert repeated.status_code == 422
    error = repeated.json()["error"]
    assert (error["code"], error["field"]) == ("repeated_parameter", "limit")


# The lists the rules bound, answered whole as arrays, and the reason their description gives.
BOUNDED = {
    "/api/v1/change-requests/{request_id}/steps": "附件3的程序",
    "/api/v1/craftsman-selections/applications/{craftsman_application_id}/stages": "五个环节",
    "/api/v1/schemes": "不随使用增长",
    "/api/v1/intake/applications/{intake_id}/attachments": "类别规定的上限",
}


@pytest.mark.parametrize("template", list(BOUNDED))
def test_a_list_the_rules_bound_stays_an_array_and_says_why(api: Api, template: str) -> None:
    own = api.own
    url = template.format(
        request_id=own.change_request,
        craftsman_application_id=own.craftsman_application,
        intake_id=own.intake,
    )
    got = api.client.get(url, headers=_headers(api, template))
    assert got.status_code == 200, got.text
    assert isinstance(got.json(), list)
    described = api.client.get("/openapi.json").json()["paths"][template]["get"]["description"]
    assert "一次返回全部（数组，不分页）" in described
    assert BOUNDED[template] in described
