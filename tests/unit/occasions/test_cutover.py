"""The cut-over rule on hand-built facts: before it settled, after it live, records decide."""

from __future__ import annotations

from datetime import date

from lifecycle.occasions.facts import effective_cutover, settled_by_cutover
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.rules import occasions_for
from tests.unit.occasions.helpers import (
    DISTRICT,
    EVERYTHING_UNTIL_2030,
    SECTOR,
    SHANGHAI,
    SHANGHAI_BASE,
    UNIT,
    YANGPU,
    facts,
    notice,
)

CUTOVER = date(2026, 12, 1)
AS_OF = date(2026, 12, 3)


def test_yangpu_duties_before_the_cutover_are_done_and_after_it_live() -> None:
    named_2019 = facts(naming_date=date(2019, 6, 1), project_years=frozenset(), cutover_on=CUTOVER)
    found = occasions_for(named_2019, YANGPU, EVERYTHING_UNTIL_2030, AS_OF)
    before = [o for o in found if o.due_on < CUTOVER]
    assert before
    assert {o.status for o in before} == {OccasionStatus.DONE}
    after = sorted((o for o in found if o.due_on >= CUTOVER), key=lambda o: o.due_on)
    assert after[0].kind is OccasionKind.SELF_CHECK_FILING
    assert after[0].status is OccasionStatus.DUE
    without = occasions_for(
        facts(naming_date=date(2019, 6, 1)), YANGPU, EVERYTHING_UNTIL_2030, AS_OF
    )
    assert [o for o in without if o.status is OccasionStatus.OVERDUE]


def test_an_open_notice_before_the_cutover_stays_live() -> None:
    rectifying = facts(cutover_on=CUTOVER, notices=(notice(deadline=date(2026, 5, 20)),))
    found = occasions_for(rectifying, YANGPU, EVERYTHING_UNTIL_2030, AS_OF)
    kinds = {
        o.kind: o.status
        for o in found
        if o.due_on < CUTOVER and o.status is not OccasionStatus.DONE
    }
    assert kinds[OccasionKind.RECTIFICATION_DEADLINE] is OccasionStatus.OVERDUE
    assert kinds[OccasionKind.REVOCATION_PENDING] is OccasionStatus.OVERDUE


def test_an_imported_assessment_outcome_decides_its_year() -> None:
    title = facts(SHANGHAI_BASE, cutover_on=CUTOVER, assessments={2025: "revocation_applied"})
    assert not settled_by_cutover(title, OccasionKind.ANNUAL_ASSESSMENT, date(2025, 12, 31))
    assert settled_by_cutover(title, OccasionKind.ANNUAL_ASSESSMENT, date(2024, 12, 31))
    found = occasions_for(title, SHANGHAI, EVERYTHING_UNTIL_2030, AS_OF)
    pending = [
        o for o in found if o.kind is OccasionKind.ANNUAL_ASSESSMENT and o.due_on.year == 2025
    ]
    assert pending[0].status is OccasionStatus.OVERDUE


def test_the_drift_count_starts_again_at_the_cutover() -> None:
    title = facts(naming_date=date(2019, 6, 1), last_achievement_on=None, cutover_on=CUTOVER)
    found = occasions_for(title, YANGPU, EVERYTHING_UNTIL_2030, date(2028, 12, 5))
    drift = [o for o in found if o.kind is OccasionKind.DRIFT_NO_ACHIEVEMENT]
    assert [(o.due_on, o.status) for o in drift] == [(date(2028, 12, 2), OccasionStatus.DUE)]


def test_the_nearest_union_with_a_cutover_decides() -> None:
    cutovers = {DISTRICT: date(2026, 12, 1), SECTOR: date(2027, 1, 1)}
    assert effective_cutover(cutovers, (UNIT, SECTOR, DISTRICT, DISTRICT)) == date(2027, 1, 1)
    assert effective_cutover(cutovers, (UNIT, None, DISTRICT, DISTRICT)) == date(2026, 12, 1)
    assert effective_cutover({}, (UNIT, SECTOR, DISTRICT, DISTRICT)) is None
