"""Intake bodies naming a record by id (the call's naming union, the applying team, the 社团 it
goes through, the applications a naming decision names) are refused as every body reference of
the API is: 422 ``not_found`` beside the field, a missing record and another district's alike,
nothing written; the call the path addresses stays 404."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api, World
from tests.integration.api.test_api_body_references import Case, unseen_failures


def _call(w: World, union_id: int) -> dict[str, Any]:
    return {
        "scheme": w.scheme,
        "year": 2027,
        "title": "引用检查申报通知",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-31",
        "naming_union_id": union_id,
    }


def _naming(application_id: int) -> dict[str, Any]:
    return {
        "application_ids": [application_id],
        "document_ref": "杨工〔2026〕9号",
        "decided_on": "2026-11-20",
        "signer": "王",
    }


def _fresh_team(api: Api) -> int:
    """A team of the own district's unit that may still apply to the world's call."""
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        u.commit()
        return shop.id


def test_intake_bodies_refuse_a_missing_or_other_districts_record_beside_the_field(
    api: Api,
) -> None:
    team = _fresh_team(api)
    cases = [
        Case(
            lambda w: "/api/v1/intake/calls",
            "naming_union_id",
            _call,
            lambda o: o.district,
            "发布通知的工会",
        ),
        Case(
            lambda w: f"/api/v1/intake/calls/{w.call}/applications",
            "workshop_id",
            lambda w, i: {"workshop_id": i, "form": {}},
            lambda o: o.workshop,
            "工作室",
            role=Role.UNIT_CONTACT,
        ),
        Case(
            lambda w: f"/api/v1/intake/calls/{w.call}/applications",
            "recommender_union_id",
            lambda w, i: {"workshop_id": team, "form": {}, "recommender_union_id": i},
            lambda o: o.district,
            "推荐单位",
            role=Role.UNIT_CONTACT,
        ),
        Case(
            lambda w: f"/api/v1/intake/calls/{w.call}/naming",
            "application_ids.0",
            lambda w, i: _naming(i),
            lambda o: o.intake,
            "申报",
        ),
    ]
    failures = unseen_failures(api, cases)
    assert not failures, "\n".join(failures)


def test_a_union_seen_that_recommends_nothing_is_told_so_and_the_call_in_the_path_stays_404(
    api: Api,
) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    # Its own union and the district above it are seen: the Yangpu route goes through no 社团
    # [Y7], which it is told.
    team = _fresh_team(api)
    for seen in (api.own.unit, api.own.district):
        answer = api.client.post(
            f"/api/v1/intake/calls/{api.own.call}/applications",
            headers=contact,
            json={"workshop_id": team, "recommender_union_id": seen},
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "no_associations"
    # Another district's call, addressed by the path, is not found (404), whatever the body.
    answer = api.client.post(
        f"/api/v1/intake/calls/{api.other.call}/applications",
        headers=contact,
        json={"workshop_id": api.own.workshop},
    )
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["field"] == "call_id"
