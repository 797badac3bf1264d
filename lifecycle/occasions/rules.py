"""The occasion generators, one pure function per kind (leader, change-request and funding kinds
live with their aggregates), their registry and the rule applying them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date, timedelta
from functools import partial

from lifecycle.assessments.model import (
    ASSESSMENT_OUTCOME_LABELS,
    UNSETTLED_OUTCOMES,
    AssessmentOutcome,
)
from lifecycle.changes import occasions as change_occasions
from lifecycle.clock import chinese_date
from lifecycle.filings.model import FilingKind
from lifecycle.funding import occasions as funding_occasions
from lifecycle.leaders import occasions as leader_occasions
from lifecycle.notices.rules import (
    deadline_still_provisional,
    revocable_from,
    revocation_refusal,
)
from lifecycle.occasions.facts import Ask, DesignationFacts, NoticeFact, Window, month_day
from lifecycle.occasions.model import Occasion, OccasionKind, OccasionStatus
from lifecycle.schemes.authority import Act, authority_for
from lifecycle.schemes.base import LeaderExitPolicy, SchemeSettings, add_years

# 考核 outcomes that settle the year: passed, or the city has decided [S9].
_SETTLED = frozenset(set(AssessmentOutcome) - UNSETTLED_OUTCOMES)  # closed: the title lost


def cycle_inspections(ask: Ask) -> Iterator[Occasion]:
    """Cycle k ends at naming date + cycle_years·k; the district union inspects then [Y12]."""
    facts, years = ask.facts, ask.settings.cycle_years
    if not years:
        return
    assert facts.naming_date is not None
    k = 1
    while (due := add_years(facts.naming_date, years * k)) <= ask.window.end:
        # A failed cycle-end inspection is the inspection done; the 整改通知 takes over from it.
        done = k in facts.passed_cycles or k in facts.failed_cycles
        if ask.window.admits(due, done=done):
            # Scheduled is not held: the duty keeps its status until a result is recorded, and
            # says when it is arranged (reading 26a) and that its result is what it waits for,
            # words as true after that day as before it: the index stores titles generated for
            # its horizon, so they may not depend on as_of (reading 61e).
            on = facts.scheduled_cycles.get(k)
            arranged = f"（已安排于{chinese_date(on)}，结果待登记）" if on and not done else ""
            yield ask.occasion(
                OccasionKind.CYCLE_INSPECTION,
                due_on=due,
                union_id=facts.district_union_id,
                title=f"第{k}个管理周期末实地检查{arranged}",
                key=f"{facts.id}:{k}",
                done=done,
            )
        k += 1


def _yearly_filings(
    ask: Ask, *, kind: OccasionKind, filing: FilingKind, what: str
) -> Iterator[Occasion]:
    """One filing kind each owed year, due on ``yearly_filing_due``, filed by the unit union."""
    facts, due_md = ask.facts, ask.settings.yearly_filing_due
    if due_md is None:
        return
    for year in ask.years():
        due = month_day(year, due_md)
        done = (year, filing.value) in facts.filings
        if ask.window.admits(due, done=done):
            yield ask.occasion(
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


def annual_assessments(ask: Ask) -> Iterator[Occasion]:
    """年度考核 at year end: unit union, then district union, then the city on 摘牌 [S9]."""
    facts, due_md = ask.facts, ask.settings.annual_assessment_due
    if due_md is None:
        return
    for year in ask.years():
        due = month_day(year, due_md)
        recorded = facts.assessments.get(year)
        # Nothing recorded: the unit's own union assesses first [S9].
        outcome = AssessmentOutcome(recorded) if recorded else AssessmentOutcome.PENDING_UNIT
        done = outcome in _SETTLED
        if not ask.window.admits(due, done=done):
            continue
        if outcome is AssessmentOutcome.PENDING_UNIT:
            union_id = facts.unit_union_id
        elif outcome is AssessmentOutcome.REVOCATION_APPLIED:
            union_id = facts.naming_union_id
        else:
            union_id = facts.district_union_id
        yield ask.occasion(
            OccasionKind.ANNUAL_ASSESSMENT,
            due_on=due,
            union_id=union_id,
            title=f"{year}年度考核（{ASSESSMENT_OUTCOME_LABELS[outcome]}）",
            key=f"{facts.id}:{year}",
            done=done,
        )


def notice_link(notice: NoticeFact) -> str:
    """The notice's own page, where the 整改情况报告 is sent, the 整改复查 recorded and the
    撤牌 confirmed [Y12]: a 整改 duty's to-do line, calendar entry and mail link there."""
    return f"/notices/{notice.id}"


def rectification_deadlines(ask: Ask) -> Iterator[Occasion]:
    """The 整改 deadline of each notice [Y12]: its addressee (sector/street/direct) union's, to
    rectify and send its written report by then; once the report is sent, the issuing union's,
    to re-inspect (整改复查) by then."""
    for notice in ask.facts.notices:
        done = not notice.open
        if ask.window.admits(notice.deadline, done=done):
            if notice.reported_on is None:
                union_id, title = notice.addressee_union_id, f"整改期限（{notice.number}）"
            else:
                union_id = notice.issuing_union_id
                title = (
                    f"整改复查（{notice.number}）：整改情况报告已于"
                    f"{chinese_date(notice.reported_on)}报送，待复查"
                )
            yield ask.occasion(
                OccasionKind.RECTIFICATION_DEADLINE,
                due_on=notice.deadline,
                union_id=union_id,
                title=title,
                key=str(notice.id),
                done=done,
                # A closed notice's deadline no longer runs: not said to be provisional (done
                # occasions are never indexed, so the stored index is unchanged).
                provisional=deadline_still_provisional(notice.open, notice.provisional),
                # The addressee's duty arose with the notice, the issuing union's with the report.
                arose_on=notice.reported_on or notice.issued_on,
                link=notice_link(notice),
            )


def revocations_pending(ask: Ask) -> Iterator[Occasion]:
    """A notice still open after its deadline: the issuing union confirms the 撤牌 [Y12]."""
    for notice in ask.facts.notices:
        if revocation_refusal(notice.open, notice.deadline, ask.as_of) is not None:
            continue
        start = revocable_from(notice.deadline)
        if ask.window.admits(start, done=False):
            yield ask.occasion(
                OccasionKind.REVOCATION_PENDING,
                due_on=start,
                union_id=notice.issuing_union_id,
                title="逾期未整改，待确认撤牌",
                key=str(notice.id),
                standing=True,
                provisional=notice.provisional,
                link=notice_link(notice),
            )


# Drift warnings [Y3].
_NUMERALS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}


def no_project(ask: Ask) -> Iterator[Occasion]:
    """每年至少1个攻关项目 [Y3]: warn from ``drift_project_warning_from`` until one is recorded."""
    facts, window, as_of = ask.facts, ask.window, ask.as_of
    warn_md = ask.settings.drift_project_warning_from
    if warn_md is None:
        return
    assert facts.naming_date is not None
    # A year's warning lapses at its end (the cycle-end inspection then judges the year).
    for year in range(min(window.start.year, as_of.year), min(window.end.year, as_of.year) + 1):
        warn_on = month_day(year, warn_md)
        if warn_on > as_of or facts.naming_date >= warn_on or year in facts.project_years:
            continue
        if window.admits(warn_on, done=False):
            yield ask.occasion(
                OccasionKind.DRIFT_NO_PROJECT,
                due_on=warn_on,
                union_id=facts.unit_union_id,
                title=f"{year}年度尚未登记攻关项目",
                key=f"{facts.id}:{year}",
                standing=True,
                visible_until=date(year, 12, 31),
            )


def no_achievement(ask: Ask) -> Iterator[Occasion]:
    """每两年至少1项有效益并推广应用的创新成果 [Y3]: warn the day after N years without one."""
    facts, every = ask.facts, ask.settings.achievement_every_years
    if every is None:
        return
    assert facts.naming_date is not None
    base = facts.last_achievement_on or facts.naming_date
    warn_on = add_years(base, every) + timedelta(days=1)
    if facts.cutover_on is not None and warn_on < facts.cutover_on:
        # Nothing before the cut-over was recorded here: the years are counted from it.
        base = facts.cutover_on
        warn_on = add_years(base, every) + timedelta(days=1)
    if warn_on <= ask.as_of and ask.window.admits(warn_on, done=False):
        yield ask.occasion(
            OccasionKind.DRIFT_NO_ACHIEVEMENT,
            due_on=warn_on,
            union_id=facts.unit_union_id,
            title=f"近{_NUMERALS.get(every, str(every))}年无创新成果",
            # A new achievement starts a new episode: a new key, so a new reminder.
            key=f"{facts.id}:{base.isoformat()}",
            standing=True,
        )


# A new kind is an OccasionKind member, one pure generator, one line here and one in CAN_OWE;
# every reader goes through occasions_for. A generator may use as_of only for the status and for
# when a standing warning shows (``Occasion.visible_on``): the occasion index relies on it.
GENERATORS: dict[OccasionKind, Callable[[Ask], Iterable[Occasion]]] = {
    OccasionKind.CYCLE_INSPECTION: cycle_inspections,
    OccasionKind.SELF_CHECK_FILING: self_check_filings,
    OccasionKind.UNIT_EVALUATION_FILING: unit_evaluation_filings,
    OccasionKind.ANNUAL_ASSESSMENT: annual_assessments,
    OccasionKind.RECTIFICATION_DEADLINE: rectification_deadlines,
    OccasionKind.REVOCATION_PENDING: revocations_pending,
    OccasionKind.DRIFT_NO_PROJECT: no_project,
    OccasionKind.DRIFT_NO_ACHIEVEMENT: no_achievement,
    OccasionKind.LEADER_RETIREMENT: leader_occasions.retirement_warnings,
    OccasionKind.LEADER_CONSENT_MISSING: leader_occasions.consent_missing,
    OccasionKind.CHANGE_REQUEST_STEP: change_occasions.steps_waiting,
    OccasionKind.MATCHING_FUNDS: funding_occasions.matching_funds,
    OccasionKind.CHANGE_REQUEST_DUE: leader_occasions.change_request_due,
    OccasionKind.LEADER_TITLE_MISSING: leader_occasions.title_missing,
    OccasionKind.FUNDING_FINDING: funding_occasions.open_findings,
}


def _inspects(s: SchemeSettings) -> bool:
    """整改通知 follow a failed inspection [Y12]: only a scheme with inspections (a union named to
    inspect) has them (``inspections.service.inspection_unavailable``)."""
    return authority_for(s.authorities, Act.INSPECT) is not None


# Whether a title of a scheme can ever owe a kind, from the scheme's settings alone, for the
# 待办 filters: each generator's own precondition says it, and yields nothing otherwise; the
# generators are not gated by this table, so a test finding one yielding a kind its scheme
# "cannot" owe shows the table wrong (``test_registry.py``, every scheme).
CAN_OWE: dict[OccasionKind, Callable[[SchemeSettings], bool]] = {
    OccasionKind.CYCLE_INSPECTION: lambda s: bool(s.cycle_years),  # [Y12]
    OccasionKind.SELF_CHECK_FILING: lambda s: s.yearly_filing_due is not None,  # [Y11]
    OccasionKind.UNIT_EVALUATION_FILING: lambda s: s.yearly_filing_due is not None,  # [Y11]
    OccasionKind.ANNUAL_ASSESSMENT: lambda s: s.annual_assessment_due is not None,  # [S9]
    OccasionKind.RECTIFICATION_DEADLINE: _inspects,
    OccasionKind.REVOCATION_PENDING: _inspects,
    OccasionKind.DRIFT_NO_PROJECT: lambda s: s.drift_project_warning_from is not None,  # [Y3]
    OccasionKind.DRIFT_NO_ACHIEVEMENT: lambda s: s.achievement_every_years is not None,  # [Y3]
    OccasionKind.LEADER_RETIREMENT: lambda s: s.leader_exit_policy is not LeaderExitPolicy.NONE,
    OccasionKind.LEADER_CONSENT_MISSING: (
        lambda s: s.leader_exit_policy is LeaderExitPolicy.CONTINUE_WITH_CONSENT  # [Y13]
    ),
    OccasionKind.CHANGE_REQUEST_STEP: lambda s: s.uses_change_request_form,  # [C 附件3]
    OccasionKind.MATCHING_FUNDS: lambda s: s.matching_ratio is not None,  # [S10]
    OccasionKind.CHANGE_REQUEST_DUE: lambda s: s.leader_exit_policy is not LeaderExitPolicy.NONE,
    OccasionKind.LEADER_TITLE_MISSING: lambda s: s.leader_title is not None,  # [C 一（一）]
    # Every scheme funds its titles and has its money audited [Y16][S10][C 一（五）][L].
    OccasionKind.FUNDING_FINDING: lambda _: True,
}


def scheme_kinds(settings: SchemeSettings) -> frozenset[OccasionKind]:
    """Every kind the scheme can produce: its titles' (``CAN_OWE``) and, where it takes
    applications (a review step [Y7][S7][C 二（四）][L 一]), their steps."""
    kinds = {kind for kind, can in CAN_OWE.items() if can(settings)}
    if authority_for(settings.authorities, Act.REVIEW) is not None:
        kinds.add(OccasionKind.APPLICATION_STEP)
    return frozenset(kinds)


# What an ended title still owes: the district matching that fell due while it held the title
# stands until met [S10][C 三（一）], as its audit finding stays open (reading P35c); and every
# open audit finding, whenever found (spending after the end is one, reading 33w).
OWED_AFTER_END = frozenset({OccasionKind.MATCHING_FUNDS, OccasionKind.FUNDING_FINDING})
# Owed by a title whatever its state and dates (an audit finding is on money recorded, reading
# 33w): not bounded by the end, nor by a naming date.
OWED_WHATEVER_STATE = frozenset({OccasionKind.FUNDING_FINDING})


def generated(
    facts: DesignationFacts,
    settings: SchemeSettings,
    window: Window,
    as_of: date,
    kinds: Collection[OccasionKind] | None = None,
) -> Iterator[Occasion]:
    """Every generator's occasions (of ``kinds``) up to the title's end; an ended title owes
    only ``OWED_AFTER_END`` that fell due by its end and is still unmet (an audit finding
    whenever found), any other title not held only ``OWED_WHATEVER_STATE``."""
    if not facts.active:
        owed = OWED_AFTER_END if facts.ended else OWED_WHATEVER_STATE
        kinds = owed if kinds is None else owed.intersection(kinds)
    ask = Ask(facts, settings, window, as_of)
    for kind, generate in GENERATORS.items():
        if kinds is None or kind in kinds:
            bounded = kind not in OWED_WHATEVER_STATE
            for o in generate(ask):
                if bounded and facts.ended_on is not None and o.due_on > facts.ended_on:
                    continue
                if facts.active or o.status is not OccasionStatus.DONE:
                    yield o


def occasions_for(
    facts: DesignationFacts,
    settings: SchemeSettings,
    window: Window,
    as_of: date,
    *,
    kinds: Collection[OccasionKind] | None = None,
    outstanding_only: bool = False,
) -> list[Occasion]:
    """What one designation owes in ``window`` as of ``as_of``, showing on that day."""
    return [
        o
        for o in generated(facts, settings, window, as_of, kinds)
        if o.visible_on(as_of)
        and not (outstanding_only and o.status is OccasionStatus.DONE)
        and window.admits(o.due_on, done=o.status is OccasionStatus.DONE)
    ]
