"""Generators of the scheduled duties: cycle inspections, yearly filings, 考核, 整改 deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial

from lifecycle.assessments.model import ASSESSMENT_OUTCOME_LABELS, AssessmentOutcome
from lifecycle.filings.model import FilingKind
from lifecycle.occasions.facts import (
    DesignationFacts,
    Window,
    month_day,
    obligation_years,
    occasion,
)
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.schemes.base import SchemeSettings, add_years

# 考核 outcomes that settle the year: passed, or the city has decided [S9].
_SETTLED = frozenset({AssessmentOutcome.PASSED, AssessmentOutcome.KEPT, AssessmentOutcome.REVOKED})


def cycle_inspections(
    facts: DesignationFacts, settings: SchemeSettings, window: Window, as_of: date
) -> Iterator[Occasion]:
    """Cycle k ends at naming date + cycle_years·k; the district union inspects then [Y12]."""
    years = settings.cycle_years
    if not years:
        return
    assert facts.naming_date is not None
    k = 1
    while (due := add_years(facts.naming_date, years * k)) <= window.end:
        # A failed cycle-end inspection is the inspection done; the 整改通知 takes over from it.
        done = k in facts.passed_cycles or k in facts.failed_cycles
        if window.admits(due, done=done):
            yield occasion(
                facts,
                settings,
                as_of,
                OccasionKind.CYCLE_INSPECTION,
                due_on=due,
                union_id=facts.district_union_id,
                title=f"第{k}个管理周期末实地检查",
                key=f"{facts.id}:{k}",
                done=done,
            )
        k += 1


def _yearly_filings(
    facts: DesignationFacts,
    settings: SchemeSettings,
    window: Window,
    as_of: date,
    *,
    kind: OccasionKind,
    filing: FilingKind,
    what: str,
) -> Iterator[Occasion]:
    """One filing kind each owed year, due on ``yearly_filing_due``, filed by the unit union."""
    due_md = settings.yearly_filing_due
    if due_md is None:
        return
    code = filing.value
    for year in obligation_years(facts, settings, window):
        due = month_day(year, due_md)
        done = (year, code) in facts.filings
        if window.admits(due, done=done):
            yield occasion(
                facts,
                settings,
                as_of,
                kind,
                due_on=due,
                union_id=facts.unit_union_id,
                title=f"{year}年度{what}备案",
                key=f"{facts.id}:{year}",
                done=done,
            )


# 工作室自查 and 所在单位工会评估, each filed every year before 31 December [Y11].
self_check_filings = partial(
    _yearly_filings,
    kind=OccasionKind.SELF_CHECK_FILING,
    filing=FilingKind.SELF_CHECK,
    what="工作室自查",
)
unit_evaluation_filings = partial(
    _yearly_filings,
    kind=OccasionKind.UNIT_EVALUATION_FILING,
    filing=FilingKind.UNIT_EVALUATION,
    what="单位工会评估",
)


def annual_assessments(
    facts: DesignationFacts, settings: SchemeSettings, window: Window, as_of: date
) -> Iterator[Occasion]:
    """年度考核 at year end: unit union, then district union, then the city on 摘牌 [S9]."""
    due_md = settings.annual_assessment_due
    if due_md is None:
        return
    for year in obligation_years(facts, settings, window):
        due = month_day(year, due_md)
        recorded = facts.assessments.get(year)
        # Nothing recorded: the unit's own union assesses first [S9].
        outcome = AssessmentOutcome(recorded) if recorded else AssessmentOutcome.PENDING_UNIT
        done = outcome in _SETTLED
        if not window.admits(due, done=done):
            continue
        if outcome is AssessmentOutcome.PENDING_UNIT:
            union_id = facts.unit_union_id
        elif outcome is AssessmentOutcome.REVOCATION_APPLIED:
            union_id = facts.naming_union_id
        else:
            union_id = facts.district_union_id
        yield occasion(
            facts,
            settings,
            as_of,
            OccasionKind.ANNUAL_ASSESSMENT,
            due_on=due,
            union_id=union_id,
            title=f"{year}年度考核（{ASSESSMENT_OUTCOME_LABELS[outcome]}）",
            key=f"{facts.id}:{year}",
            done=done,
        )


def rectification_deadlines(
    facts: DesignationFacts, settings: SchemeSettings, window: Window, as_of: date
) -> Iterator[Occasion]:
    """The 整改 deadline of each notice, for its addressee (sector/street/direct) union [Y12]."""
    for notice in facts.notices:
        done = not notice.open
        if window.admits(notice.deadline, done=done):
            yield occasion(
                facts,
                settings,
                as_of,
                OccasionKind.RECTIFICATION_DEADLINE,
                due_on=notice.deadline,
                union_id=notice.addressee_union_id,
                title=f"整改期限（{notice.number}）",
                key=str(notice.id),
                done=done,
                provisional=notice.provisional,
            )


def revocations_pending(
    facts: DesignationFacts, settings: SchemeSettings, window: Window, as_of: date
) -> Iterator[Occasion]:
    """A notice still open after its deadline: the issuing union confirms the 撤牌 [Y12]."""
    for notice in facts.notices:
        if not notice.open or as_of <= notice.deadline:
            continue
        start = notice.deadline + timedelta(days=1)
        if window.admits(start, done=False):
            yield occasion(
                facts,
                settings,
                as_of,
                OccasionKind.REVOCATION_PENDING,
                due_on=start,
                union_id=notice.issuing_union_id,
                title="逾期未整改，待确认撤牌",
                key=str(notice.id),
                standing=True,
                provisional=notice.provisional,
            )
