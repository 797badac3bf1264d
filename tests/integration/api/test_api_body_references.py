"""A record a body names by id (a union, a person, a workshop, a title) that is missing or lies
in another district is the body's problem: 422 ``not_found`` beside its field, the same words
for both, nothing written; a record the path addresses stays 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api, World
from tests.integration.craftsman.api_forms import craftsman_form

MISSING = 99_999_999


@dataclass(frozen=True)
class Case:
    """One body field naming a record: where it is sent, by whom, and the body around it."""

    path: Callable[[World], str]
    field: str
    body: Callable[[World, int], dict[str, Any]]
    other: Callable[[World], int]  # the other district's record of the field's kind
    words: str  # what the message names
    role: Role = Role.DISTRICT_OFFICER
    many: bool = False  # a list of ids (``designation_ids``)


CASES = [
    Case(
        lambda w: "/api/v1/persons",
        "union_id",
        lambda w, i: {
            "name": "李师傅",
            "gender": "male",
            "birth_date": "1980-01-01",
            "union_id": i,
        },
        lambda o: o.unit,
        "所属工会",
    ),
    Case(
        lambda w: "/api/v1/workshops",
        "unit_union_id",
        lambda w, i: _workshop(i, w.person),
        lambda o: o.unit,
        "所在单位工会",
    ),
    Case(
        lambda w: "/api/v1/workshops",
        "leader_person_id",
        lambda w, i: _workshop(w.unit, i),
        lambda o: o.person,
        "带头人",
    ),
    Case(
        lambda w: f"/api/v1/workshops/{w.workshop}/members",
        "person_id",
        lambda w, i: {"person_id": i, "joined_on": "2024-01-01"},
        lambda o: o.person,
        "人员",
        role=Role.UNIT_CONTACT,
    ),
    Case(
        lambda w: f"/api/v1/workshops/{w.workshop}/ledger/member-developments",
        "person_id",
        lambda w, i: {
            "kind": "promotion",
            "occurred_on": "2026-11-01",
            "description": "晋升",
            "person_id": i,
        },
        lambda o: o.person,
        "人员",
    ),
    Case(
        lambda w: "/api/v1/designations/existing",
        "workshop_id",
        lambda w, i: {
            "workshop_id": i,
            "scheme": w.scheme,
            "title": "登记",
            "number": "登记-1",
            "naming_date": "2024-01-01",
            "decision_ref": "杨工〔2024〕1号",
        },
        lambda o: o.workshop,
        "工作室",
    ),
    Case(
        lambda w: f"/api/v1/designations/{w.designation}/leader-change",
        "new_leader_person_id",
        lambda w, i: {"new_leader_person_id": i, "effective_on": "2026-11-01", "reason": "调岗"},
        lambda o: o.person,
        "新带头人",
    ),
    Case(
        lambda w: f"/api/v1/craftsman-selections/{w.craftsman_selection}/local-selections",
        "union_id",
        lambda w, i: {"union_id": i, "participants": 10, "local_craftsmen": 1},
        lambda o: o.district,
        "工会或社团",
    ),
    Case(
        lambda w: f"/api/v1/craftsman-selections/{w.craftsman_selection}/applications",
        "person_id",
        lambda w, i: craftsman_form(i),
        lambda o: o.person,
        "申报人",
    ),
    *(
        Case(
            lambda w, route=route: f"/api/v1/bulk/{route}",  # type: ignore[misc]
            "designation_ids",
            lambda w, i, extra=extra: {"designation_ids": [i], **extra},  # type: ignore[misc]
            lambda o: o.designation,
            "命名记录",
            many=True,
        )
        for route, extra in (
            ("inspections", {"scheduled_on": "2026-12-10", "place": "现场", "inspectors": "王"}),
            ("reminders", {"message": "请办理", "due_on": "2026-12-31"}),
            ("export", {}),
        )
    ),
]


def _workshop(union_id: int, leader_id: int) -> dict[str, Any]:
    return {
        "name": "引用检查创新工作室",
        "host_unit_name": "某公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": union_id,
        "founded_on": "2021-01-01",
        "leader_person_id": leader_id,
    }


def test_a_missing_or_other_districts_record_named_in_a_body_is_422_beside_its_field(
    api: Api,
) -> None:
    failures = unseen_failures(api, CASES)
    assert not failures, "\n".join(failures)


def unseen_failures(api: Api, cases: list[Case]) -> list[str]:
    """How each case's field, sent a missing id and then the other district's record, is not
    answered 422 ``not_found`` beside it in the same words, nothing written."""
    failures: list[str] = []
    for case in cases:
        headers = api.callers[case.role].headers
        words = set()
        for label, record in (("missing", MISSING), ("other", case.other(api.other))):
            before = api.writes()
            answer = api.client.post(
                case.path(api.own), headers=headers, json=case.body(api.own, record)
            )
            where = f"{case.path(api.own)} {case.field} ({label}): {answer.status_code}"
            if answer.status_code != 422:
                failures.append(f"{where} {answer.text[:200]}")
                continue
            error = answer.json()["error"]
            if (error["field"], error["code"]) != (case.field, "not_found"):
                failures.append(f"{where} {error['field']} {error['code']}")
            if case.words not in error["message"] or "不存在" not in error["message"]:
                failures.append(f"{where} says {error['message']}")
            if api.writes() != before:
                failures.append(f"{where} wrote")
            # the other district's record is told apart from a missing one by nothing but its id
            words.add(error["message"].replace(str(record), "#"))
        if len(words) > 1:
            failures.append(f"{case.path(api.own)} {case.field} answers apart: {sorted(words)}")
    return failures


def test_a_record_the_path_addresses_stays_404(api: Api) -> None:
    officer = api.callers[Role.UNIT_CONTACT].headers
    answer = api.client.post(
        f"/api/v1/workshops/{api.other.workshop}/members",
        headers=officer,
        json={"person_id": api.own.person, "joined_on": "2024-01-01"},
    )
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["field"] == "workshop_id"
