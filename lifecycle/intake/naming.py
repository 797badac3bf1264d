"""The naming decision: one 文号 names many applications, each a `named` title [Y7][C 二]."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor, on_behalf_of
from lifecycle.clock import chinese_date
from lifecycle.designations.eligibility import application_facts
from lifecycle.designations.model import Designation
from lifecycle.designations.naming import NameDesignation, name_designation
from lifecycle.designations.recommendation import NewCityTitle, SourceTitle, source_problems
from lifecycle.designations.service import check_new_title, place
from lifecycle.errors import FieldProblem, NotFound, NotYourStep, Problems
from lifecycle.funding.grants import RecordGrant, amount_problems, record_decided_grant
from lifecycle.funding.vocab import GrantKind, grant_kind_label
from lifecycle.intake.calls import visible_call
from lifecycle.intake.citations import with_citation
from lifecycle.intake.model import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    IntakeCall,
    NamingDecision,
)
from lifecycle.intake.packs import IntakePack, intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action, StageKind
from lifecycle.intake.service import last_step, log_step, not_before_last_step, step_floor
from lifecycle.money import format_fen, parse_yuan
from lifecycle.occasions.model import Occasion, OccasionKind
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import Scheme, TitleKind
from lifecycle.schemes.numbers import next_title_number, year_prefix
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after
from lifecycle.vocab import UnionLevel

# "The first cycle or assessment" of a new title: the first cycle-end inspection [Y12] or 考核 [S9].
OVERSIGHT_KINDS = frozenset({OccasionKind.CYCLE_INSPECTION, OccasionKind.ANNUAL_ASSESSMENT})


@dataclass(frozen=True)
class NameApplications:
    """主席办公会议审定: the applications named, the 文号, the date and the signer."""

    call_id: int
    application_ids: tuple[int, ...]
    document_ref: str
    decided_on: date
    signer: str
    grant_amount_yuan: str | None = None  # only where the scheme sets no amount ([L 三])


@dataclass(frozen=True)
class Named:
    """One title created by the decision, with its grant due and first oversight duty."""

    application_id: int
    designation: Designation
    grant_fen: int
    first_occasion: Occasion | None


NAMING_REF = RequiredText("命名文号", 200)
NAMING_SIGNER = RequiredText("签署人", 100)


DECIDED_ON_LABEL = "审定日期"


def latest_step(
    uow: UnitOfWork, ticked: list[Application]
) -> tuple[Application, ApplicationStep] | None:
    """Of the ticked applications, the one whose last step is latest, with that step: the naming
    decision is dated on or after it (:func:`~lifecycle.intake.service.step_floor`)."""
    lasts = [(app, last) for app in ticked if (last := last_step(uow, app)) is not None]
    return max(lasts, key=lambda p: (p[1].decided_on, p[1].id), default=None)


def decided_on_hint(
    uow: UnitOfWork, ticked: list[Application], name_of: Callable[[Application], str]
) -> str:
    """The naming form's date hint, from the rule the refusal applies: the earliest day the
    ticked applications allow, and why (which one's last step it follows), and not after today."""
    latest = latest_step(uow, ticked)
    floor = step_floor(*latest) if latest is not None else None
    if latest is None or floor is None:
        return f"{DECIDED_ON_LABEL}不能晚于今天"
    day = chinese_date(floor[0])
    return (
        f"最早可填{day}：{DECIDED_ON_LABEL}不能早于所勾选申报上一环节的办理，其中最晚的是"
        f"{name_of(latest[0])}的{floor[1]}（{day}）；也不能晚于今天。改变勾选后以所勾选的为准"
    )


def naming_field_problems(
    document_ref: str, signer: str, application_ids: tuple[int, ...]
) -> list[FieldProblem]:
    """What the naming decision would refuse in these typed fields whatever the call: for a form
    refused before the use case runs (an unreadable date), so every bad field shows at once."""
    problems = Problems()
    NAMING_REF.check(problems, "document_ref", document_ref)
    NAMING_SIGNER.check(problems, "signer", signer)
    if not application_ids:
        problems.add("application_ids", "required", "请选择审定命名的申报")
    return problems.items


def entered_grant_problems(amount_yuan: str | None) -> list[FieldProblem]:
    """The one-off reward a scheme names no amount for ([L 三] 「给予一次性奖励」) is entered with
    the decision: required, readable, more than zero; named by the decision's own field."""
    if amount_yuan is None or not amount_yuan.strip():
        return [FieldProblem("grant_amount_yuan", "required", "请填写一次性奖励金额（元）")]
    return amount_problems(amount_yuan, field="grant_amount_yuan")


def fixed_grant_problems(scheme_code: str, amount_yuan: str | None) -> list[FieldProblem]:
    """An amount typed where the scheme fixes the one-off grant ([Y14] 1万, [S10] 贰万元): the
    scheme's amount is granted; another, or an unreadable one, is refused beside the typed
    field with the other bad fields, before anything is named (not by the grant afterwards)."""
    settings = get_scheme(scheme_code).settings
    fixed = settings.one_off_grant_fen
    if fixed is None or amount_yuan is None or not amount_yuan.strip():
        return []
    unreadable = amount_problems(amount_yuan, field="grant_amount_yuan")
    if unreadable or parse_yuan(amount_yuan, field="grant_amount_yuan") == fixed:
        return unreadable
    basis = f"（{settings.one_off_article}）" if settings.one_off_article else ""
    word = grant_kind_label(GrantKind.ONE_OFF, settings)
    return [
        FieldProblem(
            "grant_amount_yuan",
            "amount_not_scheme",
            f"{settings.name}的{word}为 {format_fen(fixed)} 元{basis}，命名时按此核定，无需填写",
        )
    ]


def name_applications(
    uow: UnitOfWork,
    cmd: NameApplications,
    *,
    acting_union_id: int,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> tuple[NamingDecision, list[Named]]:
    """Name every listed application waiting for the decision, as the call's naming union."""
    own = uow.unions.get(acting_union_id, scope=EVERYTHING)
    if own is None:
        raise NotFound("办理工会不存在", field="acting_union_id")
    call = visible_call(uow, cmd.call_id, scope, own.path)
    pack = intake_pack(call.scheme_code)
    decision_stage = pack.route.stages[-1]
    if call.naming_union_id != acting_union_id:
        union = uow.unions.get(call.naming_union_id, scope=EVERYTHING)
        raise NotYourStep(
            f"「{decision_stage.label}」应由{union.name if union else '命名工会'}办理"
            f"（{decision_stage.article}）",
            field="stage",
        )
    problems = Problems(naming_field_problems(cmd.document_ref, cmd.signer, cmd.application_ids))
    not_after(problems, "decided_on", cmd.decided_on, as_of, DECIDED_ON_LABEL)
    if get_scheme(call.scheme_code).settings.one_off_grant_fen is None:
        problems.items += entered_grant_problems(cmd.grant_amount_yuan)
    else:
        problems.items += fixed_grant_problems(call.scheme_code, cmd.grant_amount_yuan)
    repo = IntakeRepository(uow.session)
    chosen: list[Application] = []
    for i, application_id in enumerate(dict.fromkeys(cmd.application_ids)):
        app = repo.application(application_id, scope)
        if app is None:
            message = f"申报 {application_id} 不存在或不在管辖范围内"
            problems.add(f"application_ids.{i}", "not_found", message)
        elif (
            app.call_id != call.id
            or app.status is not ApplicationStatus.IN_REVIEW
            or app.stage != decision_stage.code
        ):
            problems.add(
                f"application_ids.{i}",
                "not_waiting",
                f"申报 {application_id} 不在「{decision_stage.label}」环节",
            )
        else:
            _no_second_title(uow, problems, app, i, on=cmd.decided_on, as_of=as_of, scope=scope)
            _held_title_bars(uow, problems, app, i, pack, on=cmd.decided_on)
            chosen.append(app)
    # The decision follows the step that brought each application to it; the latest is named.
    if (latest := latest_step(uow, chosen)) is not None:
        not_before_last_step(problems, latest[0], latest[1], cmd.decided_on, DECIDED_ON_LABEL)
    problems.raise_if_any()
    assert decision_stage.kind is StageKind.DECISION
    decision = repo.add(
        NamingDecision(
            call_id=call.id,
            document_ref=cmd.document_ref.strip(),
            decided_on=cmd.decided_on,
            signer=cmd.signer.strip(),
            actor_name=actor.name,
            actor_user_id=actor.user_id,
        )
    )
    named: list[Named] = []
    for app in chosen:
        designation, grant_fen = _create_title(
            uow,
            app,
            call,
            pack=pack,
            decision=decision,
            cmd=cmd,
            actor=actor,
            as_of=as_of,
            scope=scope,
        )
        app.status = ApplicationStatus.NAMED
        app.stage = None
        app.decision_id = decision.id
        app.designation_id = designation.id
        log_step(
            uow,
            app,
            decision_stage.code,
            Action.NAME,
            cmd.decided_on,
            actor=actor,
            signer=cmd.signer.strip(),
            opinion=f"审定命名（{decision.document_ref}）：{designation.title}，编号{designation.number}",
            union_id=acting_union_id,
        )
        named.append(
            Named(app.id, designation, grant_fen, _first_occasion(uow, designation, as_of))
        )
    uow.flush()
    return decision, named


def _no_second_title(
    uow: UnitOfWork,
    problems: Problems,
    app: Application,
    i: int,
    *,
    on: date,
    as_of: date,
    scope: Scope,
) -> None:
    """A team that holds (or held) the scheme's title is not named again ([Y7], reading I1):
    said of the application itself, with the way out, 不予命名 on its own page."""
    found = Problems()
    placement = place(uow, app.workshop_id, app.scheme_code, scope)
    check_new_title(
        uow,
        found,
        placement,
        app.scheme_code,
        number=None,
        naming_date=on,
        as_of=as_of,
        scope=scope,
    )
    for p in found.items:
        if p.code in {"already_named", "already_open"}:
            problems.add(
                f"application_ids.{i}",
                p.code,
                f"申报 {app.id}（{app.form.get('studio_name') or placement.workshop.name}）："
                f"{p.message}；请在该申报页面作出“不予命名”决定",
            )


def _held_title_bars(
    uow: UnitOfWork, problems: Problems, app: Application, i: int, pack: IntakePack, *, on: date
) -> None:
    """What the application passed when submitted and fails on the naming date bars the naming
    as it would have barred the application: a title the team came to hold since
    (已获得“上海市劳模创新工作室”称号的不参加 [C 一（二）]), or a leader who retired, left, died
    or no longer holds what the scheme asks [Y3][Y13][S3][C 一（一）][L 二（一）] (before, a
    refusal beside no application, 「leader」); said of the application, with the way out
    (不予命名)."""
    if any(p.field == f"application_ids.{i}" for p in problems.items):
        return  # already refused for a title of the scheme itself (_no_second_title)
    facts = application_facts(
        uow, app.workshop_id, app.scheme_code, pack.declare(app.form), as_of=on
    )
    for failed in get_scheme(app.scheme_code).standing_failures(facts, on):
        name = app.form.get("studio_name") or f"工作室 {app.workshop_id}"
        problems.add(
            f"application_ids.{i}",
            failed.rule,
            f"申报 {app.id}（{name}）：{with_citation(failed.message, failed.article)}；"
            "请在该申报页面作出“不予命名”决定",
        )


def _create_title(
    uow: UnitOfWork,
    app: Application,
    call: IntakeCall,
    *,
    pack: IntakePack,
    decision: NamingDecision,
    cmd: NameApplications,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> tuple[Designation, int]:
    """The one place intake creates a title, through the naming use case, and its grant due."""
    scheme = get_scheme(call.scheme_code)
    workshop = uow.workshops.get(app.workshop_id, scope)
    assert workshop is not None
    series, year = scheme.settings.number_prefix, cmd.decided_on.year
    taken = IntakeRepository(uow.session).numbers_starting(
        scheme.settings.code, year_prefix(series, year)
    )
    number = next_title_number(series, year, taken)
    designation = name_designation(
        uow,
        NameDesignation(
            workshop_id=workshop.id,
            scheme=scheme.settings.code,
            title=title_of(app, pack, scheme, workshop.leader.name),
            number=number,
            naming_date=cmd.decided_on,
            decision_ref=decision.document_ref,
            recommended_from_id=_recommended_from(uow, workshop.id, scheme, cmd.decided_on),
            reason=f"{pack.route.stages[-1].label}，{call.title}",
            applied_on=app.submitted_on,
        ),
        # name_applications checked that the acting union is the call's naming union.
        actor=on_behalf_of(actor, call.naming_union_id, UnionLevel(scheme.settings.level.value)),
        as_of=as_of,
        scope=scope,
    )
    grant = record_decided_grant(
        uow,
        RecordGrant(
            designation_id=designation.id,
            kind=GrantKind.ONE_OFF,
            approval_ref=decision.document_ref,
            approved_on=cmd.decided_on,
            amount_yuan=cmd.grant_amount_yuan,
            note=f"命名时核定的{grant_kind_label(GrantKind.ONE_OFF, scheme.settings)}",
        ),
        actor=actor,
        as_of=as_of,
        scope=scope,
    )
    return designation, grant.amount_fen


def title_of(app: Application, pack: IntakePack, scheme: Scheme, leader_name: str) -> str:
    """The title naming ``app`` gives: the scheme's title format where it has one, from the
    leader's name and the form's 攻关方向 and 称号类别 [Y8][S2][L 附件1], else the form's studio
    name (the naming list shows it before the decision)."""
    form = app.form
    kind = form.get(pack.title_kind_field) if pack.title_kind_field else None
    title = scheme.title_for(
        leader_name,
        form.get(pack.direction_field) if pack.direction_field else None,
        TitleKind(kind) if kind else None,
        unit_name=form.get("unit_name"),
    )
    return str(title or form.get(pack.studio_field) or "").strip()


def _recommended_from(uow: UnitOfWork, workshop_id: int, scheme: Scheme, on: date) -> int | None:
    """A city title remembers the district title it was recommended from: the workshop's own one
    the [S7] rule accepts on the naming date (none where it has no such title)."""
    settings = scheme.settings
    if settings.level.value != "city":
        return None
    title = NewCityTitle(
        workshop_id, "city", on, recorded=False, running_years=settings.source_running_years
    )
    for d in uow.designations.for_workshop(workshop_id):
        level = get_scheme(d.scheme_code).settings.level.value
        if not source_problems(title, SourceTitle(d.workshop_id, level, d.status, d.naming_date)):
            return d.id
    return None


def _first_occasion(uow: UnitOfWork, designation: Designation, as_of: date) -> Occasion | None:
    """The first oversight duty the naming date sets; none under 动态管理 [C 三（六）]."""
    found = occasions_for_designation(uow, designation.id, as_of, scope=Scope.everything())
    due = [o for o in found if o.kind in OVERSIGHT_KINDS]
    return min(due, key=lambda o: o.due_on) if due else None
