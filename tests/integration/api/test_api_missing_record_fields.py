"""A missing record is refused beside the path parameter that names it, on every read route;
instants are answered in UTC."""

from __future__ import annotations

from datetime import UTC

from fastapi.routing import APIRoute, iter_route_contexts

from lifecycle.vocab import Role
from tests.integration.api.conftest import NOW, Api

ABSENT = 2_147_483_000  # a possible id no record has


def _id_routes(api: Api) -> list[tuple[str, list[str]]]:
    """(path, parameter names) of the API's GET routes whose path parameters are all ids."""
    routes = []
    for context in iter_route_contexts(api.client.app.routes):  # type: ignore[attr-defined]
        route, path = context.original_route, context.path or ""
        if not isinstance(route, APIRoute) or "GET" not in (context.methods or ()):
            continue
        params = route.dependant.path_params
        ids = all(p.field_info.annotation is int for p in params)
        if path.startswith("/api/v1/") and params and ids:
            routes.append((path, [p.name for p in params]))
    return routes


def test_every_read_of_a_missing_record_names_its_path_parameter(api: Api) -> None:
    routes = _id_routes(api)
    assert len(routes) > 20
    answered = set()
    misnamed: set[tuple[str, str]] = set()
    for route, names in routes:
        path = route.format(**dict.fromkeys(names, ABSENT))
        for caller in api.callers.values():
            response = api.client.get(path, headers=caller.headers)
            if response.status_code != 404:
                continue
            error = response.json()["error"]
            named = [p["field"] for p in error["problems"]]
            if error["field"] not in names or named != [error["field"]]:
                misnamed.add((route, error["field"]))
            answered.add(route)
    assert misnamed == set()
    assert "/api/v1/designations/{designation_id}" in answered
    assert "/api/v1/change-requests/{request_id}/attachments/{attachment_id}" in answered


def test_a_just_written_instant_is_answered_in_utc_as_it_reads_back(api: Api) -> None:
    """The clock gives Shanghai time (NOW); the answer writes the instant as the read does."""
    caller = api.callers[Role.DISTRICT_OFFICER]
    issued = api.client.post("/api/v1/me/calendar-feed", headers=caller.headers)
    assert issued.status_code == 200, issued.text
    written = issued.json()["issued_at"]
    assert written == NOW.astimezone(UTC).isoformat().replace("+00:00", "Z")
    read = api.client.get("/api/v1/me/calendar-feed", headers=caller.headers).json()
    assert read["issued_at"] == written


def test_a_query_parameter_the_route_does_not_take_is_refused_beside_it(api: Api) -> None:
    """A misspelt filter or a key the list does not page by is not silently ignored."""
    officer = api.callers[Role.DISTRICT_OFFICER]
    misspelt = api.client.get("/api/v1/designations?stauts=named&limit=1", headers=officer.headers)
    assert misspelt.status_code == 422
    error = misspelt.json()["error"]
    assert (error["code"], error["field"]) == ("extra_forbidden", "stauts")
    assert [p["field"] for p in error["problems"]] == ["stauts"]
    not_keyed = api.client.get("/api/v1/inspections?after=1", headers=officer.headers)
    assert not_keyed.status_code == 422
    assert not_keyed.json()["error"]["field"] == "after"
    # Its own parameters, its dependencies' (paging) included, are taken as before.
    taken = api.client.get(
        f"/api/v1/designations?status=named&limit=1&offset=0&after=0&under={api.own.district}",
        headers=officer.headers,
    )
    assert taken.status_code == 200, taken.text
