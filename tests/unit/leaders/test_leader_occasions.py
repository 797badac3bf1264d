"""Pure generators of leader occasions: retirement warnings and Yangpu consent [Y13]."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.changes.facts import ChangeRequestFact
from lifecycle.changes.model import ChangeMeasure, ChangeRequestStatus, ChangeStep
from lifecycle.leaders.facts import LeaderFact
from lifecycle.leaders.occasions import consent_missing, retirement_warnings
from lifecycle.occasions.facts import Ask
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.rules import occasions_for
from lifecycle.schemes import get_scheme
from lifecycle.vocab import DesignationStatus, EmploymentStatus, RetirementGroup
from tests.unit.occasions.helpers import (
    BASE,
    DISTRICT,
    EVERYTHING_UNTIL_2030,
    SHANGHAI,
    SHANGHAI_BASE,
    YANGPU,
)

LEADER = LeaderFact(
    person_id=11,
    name="陈劳模",
    birth_date=date(1966, 1, 15),  # 60 years 4 months → 2026-05-15
    retirement_group=RetirementGroup.MALE,
    employment_status=EmploymentStatus.EMPLOYED,
)
LESHAN = get_scheme("leshan-city").settings


def _warnings(facts, as_of, settings=SHANGHAI):
    return list(retirement_warnings(Ask(facts, settings, EVERYTHING_UNTIL_2030, as_of)))


def test_warnings_90_and_30_days_before_the_legal_retirement_date():
    found = _warnings(replace(SHANGHAI_BASE, leader=LEADER), date(2026, 5, 1))
    assert [o.due_on for o in found] == [date(2026, 2, 14), date(2026, 4, 15)]
    assert {o.union_id for o in found} == {DISTRICT}
    assert [o.key for o in found] == ["leader_retirement:8:11:90", "leader_retirement:8:11:30"]
    assert {o.status for o in found} == {St.DUE}


def test_warnings_are_done_once_handled():
    retired = replace(LEADER, employment_status=EmploymentStatus.RETIRED)
    request = ChangeRequestFact(
        1, ChangeRequestStatus.PENDING_UNIT, ChangeStep.UNIT, date(2026, 5, 1), 1,
        ChangeMeasure.LEADER_CHANGE,
    )  # fmt: skip
    for facts in (
        replace(SHANGHAI_BASE, leader=retired),
        replace(SHANGHAI_BASE, leader=replace(LEADER, event_recorded=True)),
        replace(SHANGHAI_BASE, leader=LEADER, change_requests=(request,)),
    ):
        assert {o.status for o in _warnings(facts, date(2026, 5, 1))} == {St.DONE}


def test_no_warnings_without_a_leader_exit_policy_or_a_leader():
    assert _warnings(replace(SHANGHAI_BASE, leader=LEADER), date(2026, 5, 1), LESHAN) == []
    assert _warnings(SHANGHAI_BASE, date(2026, 5, 1)) == []


def test_warnings_stop_with_the_title():
    exited = replace(SHANGHAI_BASE, leader=LEADER, status=DesignationStatus.EXITED)
    assert occasions_for(exited, SHANGHAI, EVERYTHING_UNTIL_2030, date(2026, 5, 1)) == []


def test_yangpu_consent_is_overdue_the_day_after_retirement():
    facts = replace(BASE, leader=LEADER)

    def status(as_of):
        (found,) = consent_missing(Ask(facts, YANGPU, EVERYTHING_UNTIL_2030, as_of))
        assert found.due_on == date(2026, 5, 15)
        return found.status

    assert status(date(2026, 5, 15)) is St.DUE
    assert status(date(2026, 5, 16)) is St.OVERDUE
    consented = replace(BASE, leader=replace(LEADER, consented=True))
    (done,) = consent_missing(Ask(consented, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 6, 1)))
    assert done.status is St.DONE
    # A leader who left does not continue: the change is owed instead (``change_request_due``).
    left = replace(BASE, leader=replace(LEADER, employment_status=EmploymentStatus.LEFT))
    assert list(consent_missing(Ask(left, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 6, 1)))) == []


def test_consent_is_a_yangpu_rule_only():
    facts = replace(SHANGHAI_BASE, leader=LEADER)
    assert (
        list(consent_missing(Ask(facts, SHANGHAI, EVERYTHING_UNTIL_2030, date(2026, 6, 1)))) == []
    )
