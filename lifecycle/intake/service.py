"""Applications: draft, submit (form, rules, deadline), decide each stage, resubmit [DOMAIN §7]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.designations.eligibility import check_application
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems, UnseenReference
from lifecycle.intake.acting import require_acting
from lifecycle.intake.applying import InReview, apply_refusal, in_review_refusal
from lifecycle.intake.attachments import missing_attachments
from lifecycle.intake.calls import visible_call
from lifecycle.intake.citations import with_citation
from lifecycle.intake.forms import clean_form
from lifecycle.intake.model import (
    APPLICATION_STATUS_LABELS,
    Application,
    ApplicationStatus,
    ApplicationStep,
    BatchStatus,
)
from lifecycle.intake.packs import IntakePack, intake_pack
from lifecycle.intake.recommenders import chosen_recommender
from lifecycle.intake.registered import fill_from_register, register_problems, team_record
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action, Stage, action_refusal, reason_required
from lifecycle.intake.rules import within_window
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, signer_problems
from lifecycle.vocab import UnitNature

EDITABLE = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})


@dataclass(frozen=True)
class NewApplication:
    call_id: int
    workshop_id: int
    form: dict[str, Any]
    # The 社团 the unit applies through (None: its 区局（产业）工会) [C 二（二）].
    recommender_id: int | None = None


@dataclass(frozen=True)
class SaveForm:
    application_id: int
    form: dict[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class StepDecision:
    """One union's opinion at a stage: approve, skip, return (with reasons) or reject."""

    application_id: int
    stage: str
    action: Action
    decided_on: date
    signer: str
    opinion: str
    consent: str | None = None
    expected_version: int | None = None


def _get(
    uow: UnitOfWork, application_id: int, scope: Scope, *, applicant: bool = False
) -> Application:
    """The application inside ``scope``; ``applicant``: inside the applying unit's own subtree
    (the 社团 it applies through reads and recommends it, but edits nothing of it [C 二（二）])."""
    found = IntakeRepository(uow.session).application(application_id, scope)
    if found is not None and applicant and not scope.covers_path(found.union_path):
        found = None
    if found is None:
        raise NotFound("申报不存在或不在管辖范围内", field="application_id")
    return found


def _version(application: Application, expected: int | None) -> None:
    if expected is not None and expected != application.version:
        raise ConflictError("该申报已在您打开后被修改，请刷新后重试", field="expected_version")


def start_application(
    uow: UnitOfWork,
    cmd: NewApplication,
    *,
    actor: Actor,
    now: datetime,
    scope: Scope,
    own_path: str,
) -> Application:
    """A draft for a team of the caller's subtree answering a call of a union above it, begun
    at ``now`` (the service's clock: the draft waits for its unit union from that day on,
    ``intake.occasions``, and is told as a new duty from it)."""
    as_of = to_shanghai(now).date()
    call = visible_call(uow, cmd.call_id, scope, own_path)
    pack = intake_pack(call.scheme_code)
    workshop = uow.workshops.get(cmd.workshop_id, scope=scope)
    unit = uow.unions.get(workshop.unit_union_id, scope) if workshop else None
    if workshop is None or unit is None:  # a body's reference: 422 beside it, as the API's
        raise UnseenReference("工作室不存在或不在管辖范围内", field="workshop_id")
    problems = Problems()
    if not unit.path.startswith(call.union_path):
        problems.add("workshop_id", "outside_call", "该工作室不在发布通知的工会管辖范围内")
    repo = IntakeRepository(uow.session)
    refusal = apply_refusal(
        uow.designations.for_workshop(workshop.id),
        call.scheme_code,
        applied_here=workshop.id in repo.open_to_call(call.id, [workshop.id]),
        other_call=other_in_review(uow, workshop.id, call.scheme_code, None),
        # A team with no lower-level title to be recommended from by the last day it may be
        # submitted [S7] could never be: refused now, as the call page does not offer it.
        source_on=max(as_of, call.deadline),
    )
    if refusal is not None:
        problems.add("workshop_id", refusal.code, refusal.message)
    recommender = chosen_recommender(
        uow, call, cmd.recommender_id, problems, scope=scope, own_path=own_path
    )
    # The form starts with the register's facts it restates (单位性质, 创建时间, 人数).
    raw = fill_from_register(pack.form, cmd.form, team_record(workshop, as_of))
    data, form_problems = clean_form(pack.form, raw, complete=False, as_of=as_of)
    problems.items.extend(form_problems.items)
    problems.raise_if_any()
    return repo.add(
        Application(
            call_id=call.id,
            scheme_code=call.scheme_code,
            workshop_id=workshop.id,
            unit_union_id=unit.id,
            union_path=unit.path,
            recommender_union_id=recommender.id if recommender else None,
            recommender_path=recommender.path if recommender else None,
            status=ApplicationStatus.DRAFT,
            round=0,
            form=data,
            created_by=actor.name,
            created_at=now,
        )
    )


def save_form(uow: UnitOfWork, cmd: SaveForm, *, as_of: date, scope: Scope) -> Application:
    """Save the form as typed (limits checked, blanks allowed) while a draft or returned."""
    application = _get(uow, cmd.application_id, scope, applicant=True)
    _version(application, cmd.expected_version)
    if application.status not in EDITABLE:
        raise ConflictError("申报已提交，审核中不能修改", field="status", code="not_editable")
    pack = intake_pack(application.scheme_code)
    workshop = uow.workshops.get(application.workshop_id, scope=scope)
    assert workshop is not None
    raw = fill_from_register(pack.form, cmd.form, team_record(workshop, as_of))
    data, problems = clean_form(pack.form, raw, complete=False, as_of=as_of)
    problems.raise_if_any()
    application.form = data
    uow.flush()
    return application


def submit(
    uow: UnitOfWork,
    application_id: int,
    *,
    actor: Actor,
    now: datetime,
    scope: Scope,
    expected_version: int | None = None,
    form: dict[str, Any] | None = None,
) -> Application:
    """Submit or resubmit: every required field, every limit, every rule, the deadline at once.

    ``form``: the form as just typed, saved with the submission, so that a number typed wrong
    does not hide the fields left blank (one check, complete, of what was typed); None submits
    the form as saved."""
    application = _get(uow, application_id, scope, applicant=True)
    _version(application, expected_version)
    if application.status not in EDITABLE:
        raise ConflictError("该申报不在可提交状态", field="status", code="not_editable")
    call = visible_call(uow, application.call_id, scope, application.union_path)
    pack = intake_pack(application.scheme_code)
    on = to_shanghai(now).date()
    workshop = uow.workshops.get(application.workshop_id, scope=scope)
    assert workshop is not None
    # The rules read the register: a field restating it takes its value, or is refused.
    record = team_record(workshop, on)
    typed = fill_from_register(pack.form, application.form if form is None else form, record)
    data, problems = clean_form(pack.form, typed, complete=True, as_of=on, as_saved=form is None)
    register_problems(pack.form, data, record, problems)
    first = application.status is ApplicationStatus.DRAFT
    if first:
        # The call's deadline binds the first submission; a return reopens only what was asked.
        window = within_window(call.opens_on, call.deadline, on, pack.deadline_article)
        if not window.passed:
            problems.add("deadline", window.rule, window.message)
    report = check_application(
        uow, application.workshop_id, application.scheme_code, pack.declare(data), as_of=on
    )
    missing_attachments(uow, application, problems)
    _one_in_review(uow, problems, application.workshop_id, application.scheme_code, application.id)
    for failed in report.failures:
        problems.add(
            f"eligibility.{failed.rule}", failed.rule, with_citation(failed.message, failed.article)
        )
    problems.raise_if_any()
    application.form = data
    application.non_public = workshop.host_unit_nature is UnitNature.NON_PUBLIC
    application.preference = sum(1 for r in report.results if r.advisory and r.passed)
    application.round += 1
    application.submitted_on = application.submitted_on or on
    stage = pack.route.first.code if first else (application.returned_stage or "")
    application.stage = stage
    application.status = ApplicationStatus.IN_REVIEW
    application.returned_stage = None
    application.returned_reason = None
    _log(
        uow,
        application,
        stage,
        Action.SUBMIT,
        on,
        actor=actor,
        signer=actor.name,
        opinion="提交申报" if first else "补充材料后重新提交",
        snapshot=data,
    )
    return application


def other_in_review(
    uow: UnitOfWork, workshop_id: int, scheme_code: str, own_id: int | None
) -> InReview | None:
    """Another application of the team under the scheme in review (or returned to it), any
    call: its call, id and stage; None where there is none."""
    repo = IntakeRepository(uow.session)
    return repo.in_review_calls(scheme_code, [workshop_id], own_id).get(workshop_id)


def _one_in_review(
    uow: UnitOfWork, problems: Problems, workshop_id: int, scheme_code: str, own_id: int | None
) -> None:
    """One application of a team per scheme in review at a time ([Y7] 不再重复申报, [L 一];
    reading I1): ``in_review_refusal``."""
    refusal = in_review_refusal(
        uow.designations.for_workshop(workshop_id),
        scheme_code,
        other_in_review(uow, workshop_id, scheme_code, own_id),
    )
    if refusal is not None:
        problems.add("workshop_id", refusal.code, refusal.message)


# A step's recorded consent (the workshop leader's, the host unit's), as the API declares it.
CONSENT_MAX = 2000


def opinion_problems(action: object, opinion: str, stage: Stage | None) -> list[FieldProblem]:
    """A step's opinion: required to return or not agree (the applicant reads why), in the words
    of what ``stage`` decides (``reason_required``: 不予命名, 不予推荐), 5000 characters at most."""
    if action in (Action.RETURN, Action.REJECT) and not opinion.strip():
        return [FieldProblem("opinion", "required", reason_required(stage, Action(str(action))))]
    if len(opinion) > 5000:
        return [FieldProblem("opinion", "too_long", "意见不能超过5000字")]
    return []


def step_field_problems(
    stage: Stage | None, action: Action | None, signer: str, opinion: str, consent: str | None
) -> list[FieldProblem]:
    """What deciding a step would refuse in these typed fields (None: no stage waiting, no action
    chosen): for a form refused before the use case runs (an unreadable date, no action), so
    every bad field shows at once [Y7][C 二]."""
    problems = Problems(signer_problems(signer) + opinion_problems(action, opinion, stage))
    if (
        stage is not None
        and stage.consent_label
        and action is Action.APPROVE
        and not (consent or "").strip()
    ):
        problems.add("consent", "required", f"须记录{stage.consent_label}（{stage.article}）")
    elif consent is not None and len(consent.strip()) > CONSENT_MAX:
        label = stage.consent_label if stage is not None and stage.consent_label else "同意意见"
        problems.add("consent", "too_long", f"{label}不能超过{CONSENT_MAX}个字符")
    return problems.items


def last_step(uow: UnitOfWork, application: Application) -> ApplicationStep | None:
    """The application's latest recorded step (its submission, the previous stage's opinion)."""
    steps = IntakeRepository(uow.session).steps(application.id)
    return max(steps, key=lambda s: (s.decided_on, s.id), default=None)


def step_floor(application: Application, last: ApplicationStep | None) -> tuple[date, str] | None:
    """The earliest day a step or the naming decision on the application may be dated, and what
    it follows in the user's words (「提交日期」, 「「区局工会推荐」的办理日期」): its history
    runs forward [Y7][C 二]. None: nothing recorded yet."""
    if last is None:
        return None
    if last.action == Action.SUBMIT:
        return last.decided_on, "提交日期"
    stage = intake_pack(application.scheme_code).route.stage(last.stage).label
    return last.decided_on, f"「{stage}」的办理日期"


def not_before_last_step(
    problems: Problems, application: Application, last: ApplicationStep | None, on: date, label: str
) -> None:
    """A step or the naming decision is dated on or after the application's last recorded step
    (:func:`step_floor`)."""
    floor = step_floor(application, last)
    if floor is None or on >= floor[0]:
        return
    assert last is not None
    code = "before_submission" if last.action == Action.SUBMIT else "before_previous_step"
    problems.add("decided_on", code, f"{label}不能早于{floor[1]}（{chinese_date(floor[0])}）")


def not_waiting_at(application: Application, stage: str, pack: IntakePack) -> str | None:
    """Why ``application`` takes no step at ``stage`` now (None: it waits there): a draft is not
    yet submitted, a returned one waits for the applicant, a closed one is done, and one in
    review waits at the stage it names."""
    if application.status is ApplicationStatus.DRAFT:
        return "该申报尚未提交，单位提交后方可办理审核"
    if application.status is ApplicationStatus.RETURNED:
        return "该申报已退回补充材料，单位重新提交后方可办理审核"
    if application.status is not ApplicationStatus.IN_REVIEW:
        return f"该申报{APPLICATION_STATUS_LABELS[application.status]}，不再办理审核"
    if application.stage == stage:
        return None
    waiting = pack.route.stage(application.stage).label if application.stage else "—"
    return f"该申报当前在「{waiting}」环节，不在此审核环节，请刷新后查看"


def decide_step(
    uow: UnitOfWork,
    cmd: StepDecision,
    *,
    acting_union_id: int,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> Application:
    """Record the acting union's opinion at the stage the application waits at [Y7][C 二][S7][L]."""
    application = _get(uow, cmd.application_id, scope)
    _version(application, cmd.expected_version)
    pack = intake_pack(application.scheme_code)
    if (why := not_waiting_at(application, cmd.stage, pack)) is not None:
        raise ConflictError(why, field="stage")
    stage = pack.route.stage(cmd.stage)
    call = visible_call(uow, application.call_id, scope, application.union_path)
    union = require_acting(uow, application, call, stage, acting_union_id)
    problems = Problems()
    allowed = pack.route.actions(stage.code)
    if cmd.action not in allowed:  # with every typed field's problem; what it may be instead
        problems.add("action", "action_not_allowed", action_refusal(stage, allowed))
    problems.items += step_field_problems(stage, cmd.action, cmd.signer, cmd.opinion, cmd.consent)
    not_after(problems, "decided_on", cmd.decided_on, as_of, "办理日期")
    not_before_last_step(
        problems, application, last_step(uow, application), cmd.decided_on, "办理日期"
    )
    problems.raise_if_any()
    if cmd.action is Action.RETURN:
        application.status = ApplicationStatus.RETURNED
        application.returned_stage = stage.code
        application.returned_reason = cmd.opinion.strip()
    elif cmd.action is Action.REJECT:
        application.status = ApplicationStatus.REJECTED
        application.stage = None
        leave_draft_batch(uow, application)
    else:
        application.stage = pack.route.after(stage.code).code
    _log(
        uow,
        application,
        stage.code,
        cmd.action,
        cmd.decided_on,
        actor=actor,
        signer=cmd.signer.strip(),
        opinion=cmd.opinion.strip(),
        union_id=union.id,
        consent=(cmd.consent or "").strip() or None,
    )
    return application


def leave_draft_batch(uow: UnitOfWork, application: Application) -> None:
    """A closed application leaves the draft batch it was put in (a submitted batch keeps its
    record: its members moved on when it was submitted)."""
    if application.batch_id is None:
        return
    batch = IntakeRepository(uow.session).batch(application.batch_id, Scope.everything())
    if batch is not None and batch.status is BatchStatus.DRAFT:
        application.batch_id = None
        application.rank = None


def _log(
    uow: UnitOfWork,
    application: Application,
    stage: str,
    action: Action,
    on: date,
    *,
    actor: Actor,
    signer: str,
    opinion: str,
    union_id: int | None = None,
    consent: str | None = None,
    snapshot: dict[str, Any] | None = None,
) -> None:
    """One history row; the form as submitted is kept with each submission (every round)."""
    IntakeRepository(uow.session).add(
        ApplicationStep(
            application_id=application.id,
            round=application.round,
            stage=stage,
            action=action.value,
            acting_union_id=union_id,
            decided_on=on,
            signer=signer,
            opinion=opinion,
            consent=consent,
            form_snapshot=snapshot,
            actor_name=actor.name,
            actor_user_id=actor.user_id,
        )
    )


log_step = _log
