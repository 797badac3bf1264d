"""Occasions of leaders: retirement warnings, Yangpu consent [Y13], the change owed once a leader
can no longer lead [Y3][S9][C], a title not on record [C 一（一）]."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from lifecycle.assessments.model import AssessmentOutcome
from lifecycle.calendar.retirement import legal_retirement
from lifecycle.citations import citation
from lifecycle.clock import chinese_date
from lifecycle.leaders.continuation import continuation_due, retired_early
from lifecycle.leaders.facts import LeaderFact
from lifecycle.leaders.titles import change_filed_pending, city_decided_title, delisting_pending
from lifecycle.occasions.facts import Ask, DesignationFacts
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import LeaderExitPolicy, SchemeSettings, leader_title_missing
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, HONOUR_LABELS, EmploymentStatus

# Days ahead of the legal retirement date the district union is warned (DOMAIN.md §3, §6).
WARNING_DAYS = (90, 30)


def _handled(facts: DesignationFacts, leader: LeaderFact) -> bool:
    """The leader's retirement is dealt with: recorded, consented, or a change request is open."""
    return (
        leader.employment_status is not EmploymentStatus.EMPLOYED
        or leader.event_recorded
        or leader.consented
        or bool(facts.change_requests)
    )


def retirement_warnings(ask: Ask) -> Iterator[Occasion]:
    """Warnings 90 and 30 days before the leader's legal retirement date, for the district union
    (国务院渐进式延迟法定退休年龄办法; then [Y13] consent or [S9]/[C] 附件3)."""
    facts, settings, window = ask.facts, ask.settings, ask.window
    leader = facts.leader
    if leader is None or settings.leader_exit_policy is LeaderExitPolicy.NONE:
        return
    retirement = legal_retirement(leader.birth_date, leader.retirement_group)
    done = _handled(facts, leader)
    # A warning is ahead of a retirement to come: none dated before the title was named or the
    # leader took it over (one past the age by then is asked for at once, ``consent_missing``).
    start = max(d for d in (facts.naming_date, leader.led_since, date.min) if d is not None)
    for days in WARNING_DAYS:
        due = retirement.date - timedelta(days=days)
        if due < start or not window.admits(due, done=done):
            continue
        yield ask.occasion(
            OccasionKind.LEADER_RETIREMENT,
            due_on=due,
            union_id=facts.district_union_id,
            title=(
                f"{settings.leader_word}{leader.name}将于{chinese_date(retirement.date)}"
                f"达到法定退休年龄"
                f"（{retirement.age.label}），提前{days}天提醒"
            ),
            key=f"{facts.id}:{leader.person_id}:{days}",
            done=done,
            standing=True,
        )


def consent_missing(ask: Ask) -> Iterator[Occasion]:
    """Past the legal age a Yangpu leader continues only with their and the unit's consent;
    without it the occasion is overdue the day after the retirement date [Y13]. A leader who
    retired before the legal age owes it from the day they retired (reading 42a)."""
    facts, settings, window = ask.facts, ask.settings, ask.window
    leader = facts.leader
    if leader is None or settings.leader_exit_policy is not LeaderExitPolicy.CONTINUE_WITH_CONSENT:
        return
    if leader.employment_status in _GONE:
        return  # a leader who left or died does not continue: ``change_request_due`` asks
    legal = legal_retirement(leader.birth_date, leader.retirement_group).date
    retired = continuation_due(legal, leader.retired_on)
    # Owed from the retirement, or from the day a leader already past it took the title over.
    due = max(retired, leader.led_since or date.min)
    if not window.admits(due, done=leader.consented):
        return
    word = settings.leader_word
    early = due == retired and retired_early(legal, leader.retired_on)
    reached = (
        f"接任时已超过法定退休年龄（{chinese_date(legal)}）"
        if due > retired
        else f"已于{chinese_date(retired)}退休（未到法定退休年龄，提前退休）"
        if early
        else "达到法定退休年龄"
    )
    # An early retirement is known to the service from the day its event was recorded (reading
    # P51a, as the change after a departure, P50a), a takeover past the legal age from the day
    # the change was recorded (reading P52d); the legal age alone is known from the naming.
    arose = (
        max(due, leader.retired_known_on or due)
        if early
        else max(due, leader.led_known_on or due)
        if due > retired
        else None
    )
    yield ask.occasion(
        OccasionKind.LEADER_CONSENT_MISSING,
        due_on=due,
        union_id=facts.district_union_id,
        title=(
            f"{word}{leader.name}{reached}：登记本人愿意继续领衔及所在单位同意，否则须变更{word}"
        ),
        key=f"{facts.id}:{leader.person_id}",
        done=leader.consented,
        arose_on=arose,
    )


# Who is asked to report on 附件3 (reading 37: either may file) [C 三（六）][S9].
_FILERS = {"unit": "所在单位工会", "district": "区局（产业）工会"}
# A Yangpu leader who left or died cannot continue [Y3]; one who retires may, with consent [Y13].
_GONE = frozenset({EmploymentStatus.LEFT, EmploymentStatus.DECEASED})


def _stopped_on(
    facts: DesignationFacts, settings: SchemeSettings, leader: LeaderFact
) -> date | None:
    """The day the leader stopped leading, or None: a recorded event (Yangpu: not a retirement),
    else a person record no longer 在职 (Yangpu: 离职, 已故) that no event dates, counted from the
    title's naming or the cut-over, the earliest day the registry answers for."""
    status = leader.employment_status
    if settings.uses_change_request_form:
        stopped = leader.event_recorded or status is not EmploymentStatus.EMPLOYED
    else:
        stopped = status in _GONE or (leader.event_recorded and status is EmploymentStatus.EMPLOYED)
    if not stopped:
        return None
    assert facts.naming_date is not None
    return leader.event_on or max(facts.naming_date, facts.cutover_on or facts.naming_date)


def change_request_due(ask: Ask) -> Iterator[Occasion]:
    """A leader who can no longer lead leaves a duty: with the 附件3 form the unit's and the
    district's unions report on it until a request about that leader is filed [C 三（六）][S9];
    on a Yangpu title the district union changes the leader [Y3][Y13]. No period (「及时」)."""
    facts, settings, window = ask.facts, ask.settings, ask.window
    leader = facts.leader
    if leader is None or settings.leader_exit_policy is LeaderExitPolicy.NONE:
        return
    on = _stopped_on(facts, settings, leader)
    form = settings.uses_change_request_form
    done = form and (
        leader.request_filed or bool(facts.change_requests) or _delisting_applied(facts, settings)
    )
    if on is None or not window.admits(on, done=done):
        return
    word = settings.leader_word
    if leader.event_on is not None:
        since = f"已于{chinese_date(on)}"
    else:
        status = EMPLOYMENT_STATUS_LABELS[leader.employment_status]
        since = f"在人员信息中为{status}（未登记{word}情况，自{chinese_date(on)}起计），"
    asked = (("unit", facts.unit_union_id), ("district", facts.district_union_id))
    for role, union_id in asked if form else asked[1:]:
        # Each line names the union it asks: the two are the same duty, settled by either filing.
        wording = (
            f"请{_FILERS[role]}报送管理变更申请（附件3）（任一方报送即办结）"
            if form
            else _direct_change(facts)
        )
        yield ask.occasion(
            OccasionKind.CHANGE_REQUEST_DUE,
            due_on=on,
            union_id=union_id,
            title=f"{word}{leader.name}{since}不能继续领衔：{wording}",
            key=f"{facts.id}:{leader.event_id or f'p{leader.person_id}'}:{role}",
            done=done,
            standing=True,
            # Owed from the event, known to the service when it was recorded (reading P50a).
            arose_on=max(on, leader.event_known_on or on),
        )


def _delisting_applied(facts: DesignationFacts, settings: SchemeSettings) -> bool:
    """The unions already applied to the city for the title's 摘牌 on a year's 考核, which waits
    for the city's decision: 「领衔劳模已故、离职、退休等…须向上海市总工会申请摘牌」 is that
    application [S9] 第九条, so no 附件3 is owed besides it (the city's 保留 asks for it again)."""
    applied = AssessmentOutcome.REVOCATION_APPLIED.value
    return settings.leader_exit_policy is LeaderExitPolicy.REVOKE and any(
        outcome == applied for outcome in facts.assessments.values()
    )


def _direct_change(facts: DesignationFacts) -> str:
    """What the district is asked on a title whose leader it changes itself [Y13]: unless another
    live title of the team changes the leader only by the city's 附件3 decision (reading 43a).
    That decision changes this title's leader too where it may change the leader ([C 三（六）]);
    where it may only 摘牌 ([S9]: 领衔劳模…须向上海市总工会申请摘牌), the district changes this
    title's leader itself once that title is 摘牌, as the change refused meanwhile says; its 考核
    having applied for that 摘牌 [S9] 第九条, the item names the application awaiting the city."""
    other = city_decided_title(facts.team_titles, facts.id)
    if other is None:
        return "请区总工会变更带头人"
    other_settings = get_scheme(other.scheme_code).settings
    name, word = other_settings.name, other_settings.leader_word
    held = f"本工作室同时持有{name}{other.label}"
    if other_settings.leader_exit_policy is LeaderExitPolicy.REVOKE and other.delisting_applied:
        # Its 考核 already applied for the 摘牌: as the change refused meanwhile says, no 附件3.
        pending = delisting_pending(other_settings, other.delisting_applied)
        return (
            f"{held}，{pending}，不再另报管理变更申请（附件3）（{citation('[S9]')}）；"
            "该称号摘牌后，请区总工会变更本称号带头人"
        )
    if other_settings.leader_exit_policy is LeaderExitPolicy.REVOKE and other.change_filed:
        # Its 附件3 is filed: named, not asked for again, as the change refused meanwhile says.
        return (
            f"{held}，{change_filed_pending(other.change_filed)}（{citation('[S9]')}）；"
            "该称号摘牌后，请区总工会变更本称号带头人"
        )
    if other_settings.leader_exit_policy is LeaderExitPolicy.REVOKE:
        return (
            f"{held}，其{word}不能继续领衔的，该称号须经管理变更申请（附件3）由市总工会审定摘牌"
            f"（{citation('[S9]')}）；该称号摘牌后，请区总工会变更本称号带头人"
        )
    return (
        f"{held}，{word}须经该称号的管理变更申请（附件3）由市总工会审定后变更"
        f"（{citation('[C 三（六）]')}），本称号随之变更"
    )


def title_missing(ask: Ask) -> Iterator[Occasion]:
    """A title whose leader is not on record with the personal title every leader of the scheme
    must hold (领衔人必须是“上海工匠” [C 一（一）]): a standing item for the naming union, which
    completes the record or decides a change of leader, until the honour is entered. A gap only
    while it is open: a leader on record with the title leaves no item, not even a done one
    (its title said 「…未登记…：请补登其称号」 of every title whose leader held it all along)."""
    facts, settings, window = ask.facts, ask.settings, ask.window
    leader, required = facts.leader, settings.leader_title
    if leader is None or required is None or facts.naming_date is None:
        return
    if not leader_title_missing(settings, leader.honours):
        return
    word = settings.leader_word
    if not window.admits(facts.naming_date, done=False):
        return
    yield ask.occasion(
        OccasionKind.LEADER_TITLE_MISSING,
        due_on=facts.naming_date,
        union_id=facts.naming_union_id,
        title=(
            f"{word}{leader.name}未登记“{HONOUR_LABELS[required.honour]}”称号"
            f"（{citation(required.article)}）：请补登其称号，或经管理变更申请（附件3）变更{word}"
        ),
        key=f"{facts.id}:{leader.person_id}",
        done=False,
        standing=True,
    )
