"""The registry of occasion generators, one pure function per kind, and the rule applying them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date

from lifecycle.changes import occasions as change_occasions
from lifecycle.funding import occasions as funding_occasions
from lifecycle.leaders import occasions as leader_occasions
from lifecycle.occasions import drift, oversight
from lifecycle.occasions.facts import DesignationFacts, Window
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.schemes.base import SchemeSettings

Generator = Callable[[DesignationFacts, SchemeSettings, Window, date], Iterable[Occasion]]

# A new kind is an OccasionKind member, one pure generator and one line here; the service,
# the dashboard, the reminders and the ICS feed read every kind through occasions_for.
GENERATORS: dict[OccasionKind, Generator] = {
    OccasionKind.CYCLE_INSPECTION: oversight.cycle_inspections,
    OccasionKind.SELF_CHECK_FILING: oversight.self_check_filings,
    OccasionKind.UNIT_EVALUATION_FILING: oversight.unit_evaluation_filings,
    OccasionKind.ANNUAL_ASSESSMENT: oversight.annual_assessments,
    OccasionKind.RECTIFICATION_DEADLINE: oversight.rectification_deadlines,
    OccasionKind.REVOCATION_PENDING: oversight.revocations_pending,
    OccasionKind.DRIFT_NO_PROJECT: drift.no_project,
    OccasionKind.DRIFT_NO_ACHIEVEMENT: drift.no_achievement,
    OccasionKind.LEADER_RETIREMENT: leader_occasions.retirement_warnings,
    OccasionKind.LEADER_CONSENT_MISSING: leader_occasions.consent_missing,
    OccasionKind.CHANGE_REQUEST_STEP: change_occasions.steps_waiting,
    OccasionKind.MATCHING_FUNDS: funding_occasions.matching_funds,
    OccasionKind.CHANGE_REQUEST_DUE: leader_occasions.change_request_due,
}


def occasions_for(
    facts: DesignationFacts,
    settings: SchemeSettings,
    window: Window,
    as_of: date,
    *,
    kinds: Collection[OccasionKind] | None = None,
    outstanding_only: bool = False,
) -> list[Occasion]:
    """What one designation owes in ``window`` as of ``as_of``; an ended title owes nothing.

    A generator may use ``as_of`` only for the status and for when a standing warning shows
    (``Occasion.visible_on``): the materialised index (``lifecycle.occasions.index``) relies on it.
    """
    if not facts.active:
        return []
    found: list[Occasion] = []
    for kind, generate in GENERATORS.items():
        if kinds is not None and kind not in kinds:
            continue
        for o in generate(facts, settings, window, as_of):
            if facts.ended_on is not None and o.due_on > facts.ended_on:
                continue
            if not o.visible_on(as_of) or (outstanding_only and o.status is OccasionStatus.DONE):
                continue
            if window.admits(o.due_on, done=o.status is OccasionStatus.DONE):
                found.append(o)
    return found
