"""The change-request step occasion is addressed to the union whose step waits [C]."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.changes.facts import ChangeRequestFact
from lifecycle.changes.model import ChangeMeasure, ChangeRequestStatus, ChangeStep
from lifecycle.changes.occasions import steps_waiting
from lifecycle.occasions.facts import Ask
from lifecycle.occasions.model import OccasionStatus as St
from tests.unit.occasions.helpers import (
    CITY,
    DISTRICT,
    EVERYTHING_UNTIL_2030,
    SHANGHAI,
    SHANGHAI_BASE,
    UNIT,
)


def _request(status, step, since=date(2026, 6, 1), rnd=1):
    return ChangeRequestFact(5, status, step, since, rnd, ChangeMeasure.EXIT_KEEPING_TITLE)


def test_each_waiting_step_goes_to_its_union_with_a_key_per_round():
    cases = [
        (ChangeRequestStatus.PENDING_UNIT, ChangeStep.UNIT, 1, UNIT),
        (ChangeRequestStatus.PENDING_DISTRICT, ChangeStep.DISTRICT, 1, DISTRICT),
        (ChangeRequestStatus.PENDING_CITY, ChangeStep.CITY, 1, CITY),
        (ChangeRequestStatus.RETURNED, ChangeStep.UNIT, 1, UNIT),
        (ChangeRequestStatus.PENDING_UNIT, ChangeStep.UNIT, 2, UNIT),
    ]
    keys = set()
    for status, step, rnd, union in cases:
        facts = replace(SHANGHAI_BASE, change_requests=(_request(status, step, rnd=rnd),))
        (found,) = steps_waiting(Ask(facts, SHANGHAI, EVERYTHING_UNTIL_2030, date(2026, 6, 5)))
        assert found.union_id == union
        # Waiting since 1 June, with no deadline [C 三（六）]: due, never late (reading P34c).
        assert (found.status, found.undated) == (St.DUE, True)
        assert found.due_on == date(2026, 6, 1)
        (today,) = steps_waiting(Ask(facts, SHANGHAI, EVERYTHING_UNTIL_2030, date(2026, 6, 1)))
        assert today.status is St.DUE
        keys.add(found.key)
    assert len(keys) == len(cases)  # reminders fire again for each new wait


def test_no_open_request_no_occasion():
    assert (
        list(steps_waiting(Ask(SHANGHAI_BASE, SHANGHAI, EVERYTHING_UNTIL_2030, date(2026, 6, 5))))
        == []
    )
