"""The generator registry: every kind has one, ended titles owe nothing, kinds are filterable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lifecycle.occasions.model import APPLICATION_KINDS, Occasion, OccasionKind, OccasionStatus
from lifecycle.occasions.rules import CAN_OWE, GENERATORS, occasions_for, scheme_kinds
from lifecycle.schemes import all_schemes, get_scheme
from lifecycle.vocab import DesignationStatus
from tests.unit.occasions.helpers import EVERYTHING_UNTIL_2030, YANGPU, facts, notice

LAPSED = facts(
    project_years=frozenset(),
    last_achievement_on=None,
    notices=(notice(),),
    status=DesignationStatus.RECTIFYING,
)


def test_every_kind_has_a_generator():
    # An application's occasions are made from the applications (lifecycle.intake.occasions).
    assert set(GENERATORS) == set(OccasionKind) - APPLICATION_KINDS


def test_a_lapsed_yangpu_title_yields_every_yangpu_kind():
    kinds = {
        o.kind for o in occasions_for(LAPSED, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 11, 21))
    }
    # Leader, change-request and funding kinds need facts this title does not have.
    assert kinds == {
        OccasionKind.CYCLE_INSPECTION,
        OccasionKind.SELF_CHECK_FILING,
        OccasionKind.UNIT_EVALUATION_FILING,
        OccasionKind.RECTIFICATION_DEADLINE,
        OccasionKind.REVOCATION_PENDING,
        OccasionKind.DRIFT_NO_PROJECT,
        OccasionKind.DRIFT_NO_ACHIEVEMENT,
    }


@pytest.mark.parametrize(
    "status",
    [
        DesignationStatus.REVOKED,
        DesignationStatus.EXITED,
        DesignationStatus.APPLIED,
        DesignationStatus.UNDER_REVIEW,
        DesignationStatus.REJECTED,
    ],
)
def test_titles_not_under_oversight_owe_nothing(status):
    ended = facts(LAPSED, status=status, ended_on=date(2025, 6, 1))
    assert occasions_for(ended, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 11, 21)) == []


def test_nothing_is_due_after_the_end_date():
    ending = facts(LAPSED, ended_on=date(2025, 6, 1))
    found = occasions_for(ending, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 11, 21))
    assert found
    assert all(o.due_on <= date(2025, 6, 1) for o in found)


def test_kinds_filter():
    only = {OccasionKind.CYCLE_INSPECTION}
    found = occasions_for(LAPSED, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 11, 21), kinds=only)
    assert {o.kind for o in found} == only


def test_a_new_kind_is_one_registry_entry_and_one_can_owe_line(monkeypatch):
    def leader_retirement(ask):
        """A stand-in for a later kind."""
        f = ask.facts
        yield Occasion(
            kind=OccasionKind.CYCLE_INSPECTION,
            designation_id=f.id,
            due_on=date(2027, 6, 1),
            union_id=f.district_union_id,
            status=OccasionStatus.UPCOMING,
            title="带头人即将退休",
            link=f"/designations/{f.id}#leader",
            key=f"leader_retirement:{f.id}",
            subject=f.subject,
        )

    monkeypatch.setattr("lifecycle.occasions.rules.GENERATORS", {"x": leader_retirement})
    monkeypatch.setattr("lifecycle.occasions.rules.CAN_OWE", {"x": lambda _settings: True})
    found = occasions_for(LAPSED, YANGPU, EVERYTHING_UNTIL_2030, date(2026, 11, 21))
    assert [o.key for o in found] == ["leader_retirement:7"]


def test_every_generated_kind_has_its_can_owe_line():
    assert set(CAN_OWE) == set(GENERATORS)


def test_the_kinds_a_scheme_can_produce_follow_from_its_settings():
    leshan = scheme_kinds(get_scheme("leshan-city").settings)
    # [L] sets no oversight, no leader exit rule, no matching: only its applications' steps,
    # and the audit findings on its money, as every scheme's (reading 33w).
    assert leshan == {OccasionKind.APPLICATION_STEP, OccasionKind.FUNDING_FINDING}
    yangpu = scheme_kinds(YANGPU)
    assert OccasionKind.CYCLE_INSPECTION in yangpu  # [Y12]
    assert OccasionKind.LEADER_CONSENT_MISSING in yangpu  # [Y13]
    assert OccasionKind.MATCHING_FUNDS not in yangpu  # the matching is [S10]'s
    craftsman = scheme_kinds(get_scheme("shanghai-craftsman").settings)
    assert {OccasionKind.MATCHING_FUNDS, OccasionKind.CHANGE_REQUEST_DUE} <= craftsman
    assert OccasionKind.CRAFTSMAN_STEP not in craftsman  # the 上海工匠 selection's, not a scheme's


@pytest.mark.parametrize("scheme", [s.settings for s in all_schemes()], ids=lambda s: s.code)
def test_a_title_yields_only_the_kinds_its_scheme_can_produce(scheme):
    # The generators are not gated by CAN_OWE: what they yield is checked against it. A scheme
    # without inspections has no 整改通知 (none can be issued, nor imported), so none is given.
    facts = LAPSED
    if OccasionKind.RECTIFICATION_DEADLINE not in scheme_kinds(scheme):
        facts = replace(LAPSED, notices=())
    found = {
        o.kind for o in occasions_for(facts, scheme, EVERYTHING_UNTIL_2030, date(2026, 11, 21))
    }
    assert found <= scheme_kinds(scheme)
