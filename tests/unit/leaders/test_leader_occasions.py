"""Pure generators of leader occasions: retirement warnings and Yangpu consent [Y13]."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.changes.facts import ChangeRequestFact
from lifecycle.changes.model import ChangeMeasure, ChangeRequestStatus, ChangeStep
from lifecycle.leaders.continuation import consent_opens, continuation_due, retired_early
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


def test_the_consent_is_due_on_the_earlier_of_the_legal_date_and_the_retirement():
    # Reading 42a: retiring before the legal age opens the [Y13] consent that day.
    legal = date(2043, 3, 2)
    assert continuation_due(legal, None) == legal
    assert continuation_due(legal, date(2026, 11, 2)) == date(2026, 11, 2)
    assert continuation_due(legal, date(2043, 6, 1)) == legal  # retired after the legal date
    assert retired_early(legal, date(2026, 11, 2))
    assert not retired_early(legal, legal)
    assert not retired_early(legal, None)
    assert consent_opens(legal, None, lead_days=90) == date(2042, 12, 2)
    assert consent_opens(legal, date(2026, 11, 2), lead_days=90) == date(2026, 11, 2)
    assert consent_opens(legal, date(2043, 1, 10), lead_days=90) == date(2042, 12, 2)


def test_a_yangpu_leader_retiring_early_owes_the_consent_from_that_day():
    # Legal date 2026-05-15; retired 2025-09-01 (提前退休): due then, overdue the day after.
    early = replace(
        LEADER,
        employment_status=EmploymentStatus.RETIRED,
        event_recorded=True,
        event_on=date(2025, 9, 1),
        retired_on=date(2025, 9, 1),
    )
    facts = replace(BASE, leader=early)
    (found,) = consent_missing(Ask(facts, YANGPU, EVERYTHING_UNTIL_2030, date(2025, 9, 2)))
    assert (found.due_on, found.status) == (date(2025, 9, 1), St.OVERDUE)
    assert found.title.startswith("带头人陈劳模已于2025年9月1日退休（未到法定退休年龄，提前退休）")
    # Retiring on or after the legal date changes nothing: due on the legal date.
    late = replace(early, event_on=date(2026, 6, 1), retired_on=date(2026, 6, 1))
    (due,) = consent_missing(
        Ask(replace(BASE, leader=late), YANGPU, EVERYTHING_UNTIL_2030, date(2026, 6, 1))
    )
    assert due.due_on == date(2026, 5, 15)
    assert "达到法定退休年龄" in due.title


def test_an_early_retirements_consent_arises_when_its_event_is_recorded():
    # Reading P51a: known to the service from the day the retirement was recorded (P50a's rule
    # for the change after a departure); the legal age's consent is known from the naming.
    early = replace(
        LEADER,
        employment_status=EmploymentStatus.RETIRED,
        event_recorded=True,
        event_on=date(2025, 9, 1),
        retired_on=date(2025, 9, 1),
    )
    as_of = date(2025, 9, 20)
    for known, arose in (
        (date(2025, 9, 15), date(2025, 9, 15)),  # recorded late: then
        (date(2025, 8, 20), date(2025, 9, 1)),  # recorded ahead: the day they retire
        (None, date(2025, 9, 1)),  # recorded before migration 0064: the day they retired
    ):
        leader = replace(early, event_known_on=known, retired_known_on=known)
        (found,) = consent_missing(
            Ask(replace(BASE, leader=leader), YANGPU, EVERYTHING_UNTIL_2030, as_of)
        )
        assert (found.due_on, found.arose_on) == (date(2025, 9, 1), arose)
    late = replace(early, event_on=date(2026, 6, 1), retired_on=date(2026, 6, 1))
    late = replace(late, retired_known_on=date(2026, 6, 10))
    (due,) = consent_missing(
        Ask(replace(BASE, leader=late), YANGPU, EVERYTHING_UNTIL_2030, date(2026, 6, 1))
    )
    assert (due.due_on, due.arose_on) == (date(2026, 5, 15), BASE.naming_date)


def test_a_takeover_past_the_legal_age_owes_the_consent_from_when_it_was_recorded():
    # Reading P52d: the consent a successor past the legal age owes from the takeover [Y13]
    # arises when the service learns of the change (``led_known_on``), as P50a and P51a.
    took_over = replace(LEADER, led_since=date(2026, 8, 1))  # past 2026-05-15 by then
    as_of = date(2026, 8, 20)
    for known, arose in (
        (date(2026, 8, 15), date(2026, 8, 15)),  # entered late: then
        (date(2026, 7, 25), date(2026, 8, 1)),  # entered ahead: the day it takes effect
        (None, date(2026, 8, 1)),  # entered before migration 0068: the takeover
    ):
        leader = replace(took_over, led_known_on=known)
        (found,) = consent_missing(
            Ask(replace(BASE, leader=leader), YANGPU, EVERYTHING_UNTIL_2030, as_of)
        )
        assert (found.due_on, found.arose_on) == (date(2026, 8, 1), arose)
        assert "接任时已超过法定退休年龄" in found.title
