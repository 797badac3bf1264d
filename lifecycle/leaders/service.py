"""Use cases on leaders: events, Yangpu continuation consent, leader change [Y13][S9][C]."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm.attributes import flag_modified

from lifecycle.actors import Actor
from lifecycle.calendar.retirement import legal_retirement
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import NotAuthorised, require_authority
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.errors import ConflictError, DomainError, FieldProblem, NotFound, Problems
from lifecycle.leaders.continuation import consent_date_problems, consent_opens
from lifecycle.leaders.events import after_end_refusal
from lifecycle.leaders.history import tenures_of
from lifecycle.leaders.model import (
    EVENT_EMPLOYMENT,
    ContinuationConsent,
    LeaderChange,
    LeaderEvent,
    LeaderEventKind,
)
from lifecycle.leaders.occasions import WARNING_DAYS
from lifecycle.leaders.rules import new_leader, with_team_leader_rules
from lifecycle.leaders.texts import CHANGE_REASON, LEADER_SIGNER, SOURCE, UNIT_SIGNER, details_text
from lifecycle.leaders.titles import (
    HeldTitle,
    city_decided_refusal,
    city_decided_title,
    leader_exit_route,
    team_titles,
)
from lifecycle.persons.model import Person
from lifecycle.plausible_dates import leading_age_problems
from lifecycle.schemes import LeaderExitPolicy, get_scheme
from lifecycle.schemes.authority import ACT_LABELS, Act, authority_for
from lifecycle.schemes.base import SchemeSettings
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after
from lifecycle.vocab import Role
from lifecycle.workshops.model import Workshop


@dataclass(frozen=True)
class RecordLeaderEvent:
    """A workshop's leader retired, left, died or otherwise stopped leading, and who says so."""

    workshop_id: int
    kind: LeaderEventKind
    occurred_on: date
    source: str  # e.g. 单位工会书面报告（2026-05-20）
    details: str | None = None


@dataclass(frozen=True)
class RecordConsent:
    """The leader's and the host unit's consent to continue past the legal age [Y13]."""

    designation_id: int
    leader_consented_on: date
    leader_signer: str
    unit_consented_on: date
    unit_signer: str
    file_id: int  # the signed consent, stored first with lifecycle.files.storage.store_upload
    notes: str | None = None


@dataclass(frozen=True)
class ChangeLeader:
    """Replace the leader directly, for schemes without the 附件3 form (Yangpu [Y13])."""

    designation_id: int
    new_leader_person_id: int
    effective_on: date
    reason: str
    document_ref: str | None = None
    expected_version: int | None = None


def event_field_problems(
    kind: LeaderEventKind | None,
    occurred_on: date | None,
    source: str,
    details: str | None,
    *,
    as_of: date,
) -> list[FieldProblem]:
    """What recording an event refuses in the typed fields (None: not chosen or unreadable,
    already refused by the form): also for a form refused before the use case runs."""
    problems = Problems()
    SOURCE.check(problems, "source", source)
    not_after(problems, "occurred_on", occurred_on, as_of, "发生日期")
    if (required := details_text(kind)) is not None:
        required.check(problems, "details", details)
    elif details is not None and len(details.strip()) > 4000:
        problems.add("details", "too_long", "具体情况不能超过4000个字符")
    return problems.items


def consent_field_problems(
    leader_consented_on: date | None,
    leader_signer: str,
    unit_consented_on: date | None,
    unit_signer: str,
    *,
    as_of: date,
) -> list[FieldProblem]:
    """What recording a consent refuses in the typed fields (None: unreadable, already refused
    by the form): also for a form refused before the use case runs [Y13]."""
    problems = Problems()
    LEADER_SIGNER.check(problems, "leader_signer", leader_signer)
    UNIT_SIGNER.check(problems, "unit_signer", unit_signer)
    not_after(problems, "leader_consented_on", leader_consented_on, as_of, "本人同意日期")
    not_after(problems, "unit_consented_on", unit_consented_on, as_of, "单位同意日期")
    return problems.items


def change_field_problems(
    reason: str, effective_on: date | None, *, as_of: date
) -> list[FieldProblem]:
    """What a direct leader change refuses in the typed fields (None: unreadable, already
    refused by the form): also for a form refused before the use case runs [Y13]."""
    problems = Problems()
    CHANGE_REASON.check(problems, "reason", reason)
    not_after(problems, "effective_on", effective_on, as_of, "生效日期")
    return problems.items


def record_leader_event(
    uow: UnitOfWork, cmd: RecordLeaderEvent, *, actor: Actor, as_of: date, scope: Scope
) -> LeaderEvent:
    """Record a leader event with date and source; the leader's employment status follows it."""
    workshop = uow.workshops.get(cmd.workshop_id, scope)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    _require_event_recorder(uow, workshop, actor)
    leader = workshop.leader
    problems = Problems(
        event_field_problems(cmd.kind, cmd.occurred_on, cmd.source, cmd.details, as_of=as_of)
    )
    if cmd.occurred_on < leader.birth_date:
        problems.add("occurred_on", "before_birth", "发生日期不能早于带头人出生日期")
    elif cmd.occurred_on < (led_since := leading_since(uow, workshop)):
        # The event ends (or may end) this leader's tenure: it befell them while leading.
        problems.add(
            "occurred_on",
            "before_leading",
            f"发生日期不能早于{leader.name}开始担任带头人的日期（{chinese_date(led_since)}）",
        )

    def taken() -> FieldProblem | None:
        """The leader's event of this kind on record, else the leader's end (their status)."""
        events = uow.leaders.events_for_workshop(workshop.id)
        if any(e.person_id == leader.id and e.kind is cmd.kind for e in events):
            return FieldProblem("kind", "duplicate", f"已登记过带头人{leader.name}的该类情况")
        ended = after_end_refusal(leader.name, leader.employment_status, cmd.kind)
        return None if ended is None else FieldProblem("kind", "leader_gone", ended)

    if problem := taken():
        problems.items.append(problem)
    problems.raise_if_any()
    # The same event, or another changing the leader's status, recorded meanwhile by another
    # request: refused as here (the status read again).
    return uow.leaders.add_event(
        LeaderEvent(
            workshop_id=workshop.id, person_id=leader.id, kind=cmd.kind,
            occurred_on=cmd.occurred_on, recorded_on=as_of, source=cmd.source.strip(),
            details=(cmd.details or "").strip() or None,
            actor_name=actor.name, actor_user_id=actor.user_id,
        ),
        taken=taken, status=EVENT_EMPLOYMENT.get(cmd.kind),
    )  # fmt: skip


def leading_since(uow: UnitOfWork, workshop: Workshop) -> date:
    """The day the current leader took the lead: the start of the leader history's last tenure
    (``history.tenures_of``, the one reading of the tenures)."""
    changes = uow.leaders.history(workshop.id)
    leader = (workshop.leader_person_id, "")
    return tenures_of(leader, workshop.founded_on, changes, {})[-1].starts_on


# Whose report of a leader event each scheme names: the unit's and the district union's dynamic
# management [S9], the district union reports to the city [C 三（六）], the district union keeps
# or changes a Yangpu leader [Y13].
_EVENT_ARTICLE = {
    LeaderExitPolicy.REVOKE: "[S9]",
    LeaderExitPolicy.CHANGE_REQUEST: "[C 三（六）]",
    LeaderExitPolicy.CONTINUE_WITH_CONSENT: "[Y13]",
}


def may_record_event(
    unit_union_id: int,
    district_union_ids: frozenset[int],
    union_id: int | None,
    role: Role | None,
) -> bool:
    """Whether a user of ``role`` acting for ``union_id`` may record the team's leader event:
    the contact of the team's own unit union or an officer of a district union that oversees
    one of its titles (RULES.md reading 46); a street (sector) union's officer may not."""
    if role is Role.UNIT_CONTACT and union_id == unit_union_id:
        return True
    return role is Role.DISTRICT_OFFICER and union_id in district_union_ids


def event_recorder_refusal(
    uow: UnitOfWork, workshop: Workshop, actor: Actor
) -> NotAuthorised | None:
    """The refusal of ``actor`` recording the team's leader event, naming who may record it and
    the articles (None: they may); the use case and the event form both ask it."""
    titles = uow.designations.for_workshop(workshop.id)
    districts = frozenset(d.district_union_id for d in titles)
    if may_record_event(workshop.unit_union_id, districts, actor.union_id, actor.role):
        return None
    names = [
        u.name
        for i in (workshop.unit_union_id, *sorted(districts))
        if (u := uow.unions.get(i, EVERYTHING)) is not None  # only the names, in the refusal
    ]
    policies = {get_scheme(d.scheme_code).settings.leader_exit_policy for d in titles}
    articles = "".join(a for p, a in _EVENT_ARTICLE.items() if p in policies)
    return NotAuthorised(
        f"带头人情况应由{'或'.join(names)}登记" + (f"（{articles}）" if articles else ""),
        field="actor",
    )


def _require_event_recorder(uow: UnitOfWork, workshop: Workshop, actor: Actor) -> None:
    refused = event_recorder_refusal(uow, workshop, actor)
    if refused is not None:
        raise refused


_CONSENT = LeaderExitPolicy.CONTINUE_WITH_CONSENT


def leader_consented(uow: UnitOfWork, designation: Designation) -> bool:
    """Whether the present leader's consent to continue is on record for ``designation`` [Y13]."""
    leader_id = designation.workshop.leader_person_id
    return uow.leaders.consent(designation.id, leader_id) is not None


def leader_retired_on(uow: UnitOfWork, designation: Designation) -> date | None:
    """The day the present leader retired, by a retirement event recorded for the team (None:
    none recorded) [Y13]."""
    workshop = designation.workshop
    return next(
        (
            e.occurred_on
            for e in uow.leaders.events_for_workshop(workshop.id)
            if e.person_id == workshop.leader_person_id and e.kind is LeaderEventKind.RETIREMENT
        ),
        None,
    )


def consent_unavailable(
    designation: Designation,
    settings: SchemeSettings,
    as_of: date,
    *,
    consented: bool,
    retired_on: date | None,
) -> str | None:
    """Why no continuation consent may be recorded for ``designation``, or None: only a scheme
    letting a leader past the legal age continue with the unit's consent has it [Y13] (a
    Shanghai leader's retirement goes to 摘牌 [S9] or the 附件3 request [C]), only while the
    title is under management, once per leader (``consented``: the present leader's is on
    record), and only once the leader's legal retirement is near: from the first retirement
    warning (``WARNING_DAYS`` before the date) on, not years ahead — or at once once the leader
    has retired (``retired_on``, a recorded retirement), even before the legal age (reading
    42a)."""
    if settings.leader_exit_policy is LeaderExitPolicy.NONE:
        # 乐山's notice names no leader leaving [L]: its city union enters a new 带头人 (Act
        # CHANGE_LEADER), it has no 附件3 management change to point to [C 三（六）].
        word = settings.leader_word
        unset = cite(f"（{settings.naming_article}未作规定）") if settings.naming_article else ""
        return (
            f"{settings.name}不适用{word}退休后继续担任的同意登记{unset}；"
            f"{word}变更由{settings.namer.name}在命名记录页的「变更{word}」中办理"
        )
    if settings.leader_exit_policy is not LeaderExitPolicy.CONTINUE_WITH_CONSENT:
        # Each city scheme's own route: [S9] 摘牌, [C 三（六）] the 附件3 measures.
        return f"{settings.name}不适用退休后继续领衔：{leader_exit_route(settings)}"
    if not is_active(designation.status):
        return "该工作室不在管理序列中"
    leader = designation.workshop.leader
    if consented:
        return f"已登记带头人{leader.name}继续领衔的同意"
    retirement = legal_retirement(leader.birth_date, leader.retirement_group).date
    opens = consent_opens(retirement, retired_on, lead_days=max(WARNING_DAYS))
    if as_of < opens:
        return (
            f"带头人{leader.name}将于{chinese_date(retirement)}达到法定退休年龄，"
            f"自{chinese_date(opens)}起可登记退休后继续领衔同意（[Y13]）"
        )
    return None


def change_blocker(
    designation: Designation, settings: SchemeSettings, held: Sequence[HeldTitle]
) -> tuple[str, str] | None:
    """Why the district may not change the leader directly (code, message), or None: where the
    附件3 form applies the city decides a leader change on it [C 三（六）]; a scheme with no such
    step has none; only under management; and not while another live title of the team may
    only change its leader by the city's 附件3 decision [S9][C 三（六）] (reading 43a)."""
    if settings.uses_change_request_form:
        return (
            "use_change_request",
            f"{settings.name}不能直接变更领衔人：{leader_exit_route(settings)}",
        )
    if authority_for(settings.authorities, Act.CHANGE_LEADER) is None:
        return "no_such_step", f"{settings.name}没有“{ACT_LABELS[Act.CHANGE_LEADER]}”环节"
    if not is_active(designation.status):
        return "not_active", "该工作室不在管理序列中"
    other = city_decided_title(held, designation.id)
    if other is not None:
        return "city_title_live", city_decided_refusal(other)
    return None


def change_unavailable(
    designation: Designation, settings: SchemeSettings, held: Sequence[HeldTitle]
) -> str | None:
    """The message of ``change_blocker``: what the page says instead of the form."""
    blocker = change_blocker(designation, settings, held)
    return blocker[1] if blocker is not None else None


def record_continuation_consent(
    uow: UnitOfWork, cmd: RecordConsent, *, actor: Actor, as_of: date, scope: Scope
) -> ContinuationConsent:
    """Past the legal age the leader may continue if willing and the unit agrees [Y13]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    settings = get_scheme(designation.scheme_code).settings
    if settings.leader_exit_policy is _CONSENT:
        # The district union or the unit's own union, not a street union [Y13] (reading 46).
        require_authority(uow, designation, Act.CONSENT, actor)
    retired_on = leader_retired_on(uow, designation)

    def unavailable(consented: bool) -> FieldProblem | None:
        why = consent_unavailable(designation, settings, as_of, consented=consented,
                                  retired_on=retired_on)  # fmt: skip
        code = (
            "no_continuation"
            if settings.leader_exit_policy is not _CONSENT
            else "not_active"
            if not is_active(designation.status)
            else "duplicate"
            if consented
            else "not_yet_retiring"
        )
        return None if why is None else FieldProblem("designation_id", code, why)

    problems = Problems([p] if (p := unavailable(leader_consented(uow, designation))) else [])
    problems.items += consent_field_problems(
        cmd.leader_consented_on, cmd.leader_signer, cmd.unit_consented_on, cmd.unit_signer,
        as_of=as_of,
    )  # fmt: skip
    led_since, leader = leading_since(uow, designation.workshop), designation.workshop.leader
    problems.items += consent_date_problems(
        leader.name, led_since, cmd.leader_consented_on, cmd.unit_consented_on
    )
    if uow.files.get(cmd.file_id) is None:
        problems.add("file_id", "not_found", "同意书文件不存在，请先上传")
    problems.raise_if_any()
    return uow.leaders.add_consent(
        ContinuationConsent(
            designation_id=designation.id,
            workshop_id=designation.workshop_id,
            person_id=designation.workshop.leader_person_id,
            leader_consented_on=cmd.leader_consented_on,
            leader_signer=cmd.leader_signer.strip(),
            unit_consented_on=cmd.unit_consented_on,
            unit_signer=cmd.unit_signer.strip(),
            file_id=cmd.file_id,
            notes=(cmd.notes or "").strip() or None,
            actor_name=actor.name,
            actor_user_id=actor.user_id,
        ),
        # The leader's consent recorded meanwhile by another request: refused as above.
        taken=lambda: unavailable(True) if leader_consented(uow, designation) else None,
    )


def change_date_problems(
    naming_date: date | None, led_since: date, effective_on: date | None
) -> list[FieldProblem]:
    """A leader change of a named title takes effect while the title is held and the present
    leader leads [Y13][S9][L]: not before the naming, nor before the present leader took over
    (the leader history's tenures would run backwards)."""
    problems = Problems()
    if effective_on is None:
        return []
    if naming_date is not None and effective_on < naming_date:
        message = f"生效日期不能早于该工作室的命名日期（{chinese_date(naming_date)}）"
        problems.add("effective_on", "before_naming", message)
    elif effective_on < led_since:
        message = f"生效日期不能早于现任带头人开始担任带头人的日期（{chinese_date(led_since)}）"
        problems.add("effective_on", "before_leading", message)
    return problems.items


def change_leader(
    uow: UnitOfWork, cmd: ChangeLeader, *, actor: Actor, as_of: date, scope: Scope
) -> LeaderChange:
    """A direct leader change where no 附件3 form applies; the new leader must pass the rule."""
    designation = uow.designations.require(cmd.designation_id, scope)
    settings = get_scheme(designation.scheme_code).settings
    if cmd.expected_version is not None and cmd.expected_version != designation.version:
        raise ConflictError("该命名记录已在您打开后被修改，请刷新后重试", field="expected_version")
    blocker = change_blocker(designation, settings, team_titles(uow, designation.workshop_id))
    if blocker is None or blocker[0] not in ("use_change_request", "no_such_step"):
        # Only the district union that oversees the title, not a street union [Y13].
        require_authority(uow, designation, Act.CHANGE_LEADER, actor)
    problems = Problems()
    if blocker is not None:
        problems.add("designation_id", *blocker)
    problems.items += change_field_problems(cmd.reason, cmd.effective_on, as_of=as_of)
    problems.items += change_date_problems(
        designation.naming_date, leading_since(uow, designation.workshop), cmd.effective_on
    )
    word = settings.leader_word  # 带头人 on a Yangpu or Leshan title [Y3][L 二（一）]
    field = "new_leader_person_id"
    person = new_leader(
        uow, problems, designation.workshop, cmd.new_leader_person_id, scope, word=word
    )
    if person is not None:  # takes over at working age, as a member joins [劳动法 15]
        birth = person.birth_date
        leading_age_problems(
            problems, field, cmd.effective_on, birth, when="接任时", label=f"新{word}"
        )
    # Every live title of the team is led by the new leader: each scheme's rule binds, and a
    # failure is named with every other bad field [Y3].
    with_team_leader_rules(uow, problems, designation, person, cmd.effective_on, field=field)
    assert person is not None
    return apply_leader_change(
        uow,
        designation,
        person,
        effective_on=cmd.effective_on,
        reason=cmd.reason.strip(),
        document_ref=cmd.document_ref,
        change_request_id=None,
        actor=actor,
        recorded_on=as_of,
    )


def apply_leader_change(
    uow: UnitOfWork,
    designation: Designation,
    person: Person,
    *,
    effective_on: date,
    reason: str,
    document_ref: str | None,
    change_request_id: int | None,
    actor: Actor,
    recorded_on: date,
) -> LeaderChange:
    """Make ``person`` the workshop's leader and append old → new to the leader history, with
    ``recorded_on``, the service's day it learnt of the change (what it owes arose then)."""
    workshop = designation.workshop
    old = workshop.leader_person_id
    if old == person.id:
        raise DomainError(
            "新领衔人与现任领衔人相同", code="same_leader", field="new_leader_person_id"
        )
    workshop.leader_person_id = person.id
    # A leader change is a change of the designation: bump its version (optimistic locking).
    flag_modified(designation, "title")
    change = uow.leaders.add_change(
        LeaderChange(
            designation_id=designation.id,
            workshop_id=workshop.id,
            old_person_id=old,
            new_person_id=person.id,
            effective_on=effective_on,
            reason=reason,
            document_ref=(document_ref or "").strip() or None,
            change_request_id=change_request_id,
            actor_name=actor.name,
            actor_user_id=actor.user_id,
            recorded_on=recorded_on,
        )
    )
    uow.session.refresh(workshop)
    return change
