"""Excellence project support [Y15]: a unit applies at the year-end filing, the district decides.

"可在年底向区总工会备案时，提出优秀创新成果项目扶持资金申请……经区总工会主席办公会议讨论审定后
下拨。同一成果只能提出一次扶持申请。" The unit files an application for one achievement; finance
staff of the district record the 主席办公会议 decision: approval with 文号 and amount (which
becomes the excellence grant) or rejection with the reason. One application per achievement,
approved or not (the database enforces it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems, ValidationFailed
from lifecycle.funding.excellence import (
    excellence_refusal,
    filing_refusal,
    status_refusal,
    support_year_refusal,
)
from lifecycle.funding.grants import RecordGrant, amount_problems, record_approved_support
from lifecycle.funding.model import ApplicationStatus, ExcellenceApplication
from lifecycle.funding.payer import require_support_decider
from lifecycle.funding.vocab import GrantKind
from lifecycle.money import parse_yuan
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text, year_problem

SUMMARY_MAX = 5000
REF_MAX = 200
REASON_MAX = 2000
SUPPORT_FIRST_YEAR = 2000  # no filing year of the support is older (as the API has taken it)
# The grant's field names as the decision form calls them.
_DECISION_FIELDS = {"approval_ref": "decision_ref", "approved_on": "decided_on"}


@dataclass(frozen=True)
class FileApplication:
    """An application for one achievement, made at the year-end filing of ``year``."""

    designation_id: int
    achievement_id: int
    year: int
    filed_on: date
    summary: str
    requested_yuan: str | None = None


@dataclass(frozen=True)
class DecideApplication:
    """The 主席办公会议 decision: approve (文号, amount) or reject (reason)."""

    application_id: int
    approve: bool
    decided_on: date
    expected_version: int | None = None
    decision_ref: str | None = None
    amount_yuan: str | None = None
    paid_on: date | None = None
    reason: str | None = None


def application_field_problems(
    year: int | None,
    filed_on: date | None,
    summary: str,
    requested_yuan: str | None,
    *,
    as_of: date,
) -> list[FieldProblem]:
    """What filing would refuse in these typed fields whatever the designation and achievement
    (year, a date after today, 申请理由, the amount; None: unreadable, already refused by the
    form): for a form refused before the use case runs, so every bad field shows at once [Y15]."""
    problems = Problems()
    if year is not None and (why := year_problem(year, "备案年度", SUPPORT_FIRST_YEAR, as_of.year)):
        problems.add("year", "invalid_year", why)
    not_after(problems, "filed_on", filed_on, as_of, "申请日期")
    # Dated before its year, as a filing [Y11]; a year refused above is the one to correct.
    if filed_on is not None and year is not None and filed_on.year < year <= as_of.year:
        problems.add("filed_on", "before_year", "申请日期不能早于备案年度")
    require_text(problems, "summary", summary, "申请理由", SUMMARY_MAX)
    problems.items += amount_problems(requested_yuan, "requested_yuan")
    return problems.items


def decision_field_problems(
    approve: bool | None,
    decided_on: date | None,
    decision_ref: str | None,
    amount_yuan: str | None,
    reason: str | None,
    *,
    as_of: date,
) -> list[FieldProblem]:
    """What deciding would refuse in these typed fields whatever the application: the date, and
    for an approval its 文号 and amount, for a rejection its reason (``approve`` None: no
    decision chosen, already refused by the form). For a form refused before the use case runs,
    so every bad field shows at once [Y15]."""
    problems = Problems()
    not_after(problems, "decided_on", decided_on, as_of, "审定日期")
    if approve:
        require_text(problems, "decision_ref", decision_ref, "主席办公会议审定文号", REF_MAX)
        if not (amount_yuan or "").strip():
            problems.add("amount_yuan", "required", "请填写审定的扶持金额（元）")
        problems.items += amount_problems(amount_yuan)
    elif approve is not None:
        require_text(problems, "reason", reason, "不予扶持的理由", REASON_MAX)
    return problems.items


def achievement_problems(
    uow: UnitOfWork,
    designation: Designation,
    achievement_id: int,
    *,
    year: int | None,
    filed_on: date | None,
    scope: Scope,
) -> list[FieldProblem]:
    """Why the achievement cannot be applied for on ``designation``'s behalf: not the team's, once
    applied for or funded already, made before the naming, not of the filing (``year`` and
    ``filed_on`` None: unreadable as typed, that check left to when they are) [Y15]."""
    problems = Problems()
    achievement = uow.ledgers.get_achievement(achievement_id, scope=scope)
    if achievement is None or achievement.workshop_id != designation.workshop_id:
        problems.add("achievement_id", "not_found", "该成果不属于本工作室")
    elif (
        uow.funding.application_for_achievement(achievement_id) is not None
        or uow.funding.grant_for_achievement(achievement_id) is not None
    ):
        problems.add(
            "achievement_id", "duplicate_application", "同一成果只能提出一次扶持申请（[Y15]）"
        )
    elif why := excellence_refusal(
        achieved_on=achievement.achieved_on, naming_date=designation.naming_date
    ):
        problems.add("achievement_id", "before_naming", why)
    elif (
        year is not None
        and filed_on is not None
        and (
            why := filing_refusal(achieved_on=achievement.achieved_on, year=year, filed_on=filed_on)
        )
    ):
        problems.add("achievement_id", "not_of_the_filing", why)
    return problems.items


def file_application(
    uow: UnitOfWork, cmd: FileApplication, *, actor: Actor, as_of: date, scope: Scope
) -> ExcellenceApplication:
    """File an application after checking the scheme, the title, the achievement, once [Y15]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    settings = get_scheme(designation.scheme_code).settings
    problems = Problems()
    if not settings.excellence_support:
        problems.add("designation_id", "no_excellence", f"{settings.name}不实行优秀成果项目扶持")
    elif why := status_refusal(designation.status):
        problems.add("designation_id", "not_named", why)
    problems.items += achievement_problems(
        uow, designation, cmd.achievement_id, year=cmd.year, filed_on=cmd.filed_on, scope=scope
    )
    problems.items += application_field_problems(
        cmd.year, cmd.filed_on, cmd.summary, cmd.requested_yuan, as_of=as_of
    )
    year_named = any(p.field == "year" for p in problems.items)
    if not year_named and (
        why := support_year_refusal(year=cmd.year, naming_date=designation.naming_date)
    ):
        problems.add("year", "before_naming_year", why)
    problems.raise_if_any()
    requested = _requested(cmd.requested_yuan)
    return uow.funding.add_application(
        ExcellenceApplication(
            designation_id=designation.id,
            achievement_id=cmd.achievement_id,
            year=cmd.year,
            filed_on=cmd.filed_on,
            summary=cmd.summary.strip(),
            requested_fen=requested,
            filed_by=actor.name,
            filed_by_user_id=actor.user_id,
            status=ApplicationStatus.PENDING,
        )
    )


def decide_application(
    uow: UnitOfWork,
    cmd: DecideApplication,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> ExcellenceApplication:
    """Record the decision; an approval records the excellence grant in the same unit [Y15]."""
    application = uow.funding.get_application(cmd.application_id, scope)
    if application is None:
        raise NotFound("扶持申请不存在或不在可见范围内", field="application_id")
    if cmd.expected_version is not None and cmd.expected_version != application.version:
        raise ConflictError("该扶持申请已被他人处理，请刷新后重试", field="expected_version")
    designation = uow.designations.get(application.designation_id, scope=scope)
    assert designation is not None  # the application's foreign key, in scope with it
    require_support_decider(uow, designation, actor)  # approval or rejection alike [Y15]
    problems = Problems()
    if application.status is not ApplicationStatus.PENDING:
        problems.add("application_id", "already_decided", "该扶持申请已审定")
    problems.items += decision_field_problems(
        cmd.approve, cmd.decided_on, cmd.decision_ref, cmd.amount_yuan, cmd.reason, as_of=as_of
    )
    if cmd.decided_on < application.filed_on:
        filed = chinese_date(application.filed_on)
        problems.add("decided_on", "before_filing", f"审定日期不能早于申请日期（{filed}）")
    problems.raise_if_any()
    if cmd.approve:
        application.grant_id = _grant(uow, application, cmd, actor=actor, as_of=as_of)
        application.decision_ref = (cmd.decision_ref or "").strip()
    else:
        application.decision_note = (cmd.reason or "").strip()
    application.status = ApplicationStatus.APPROVED if cmd.approve else ApplicationStatus.REJECTED
    application.decided_on = cmd.decided_on
    application.decided_by = actor.name
    application.decided_by_user_id = actor.user_id
    uow.flush()
    return application


def _grant(
    uow: UnitOfWork,
    application: ExcellenceApplication,
    cmd: DecideApplication,
    *,
    actor: Actor,
    as_of: date,
) -> int:
    """The approved amount as the excellence grant, with every check of recording a grant."""
    grant = RecordGrant(
        designation_id=application.designation_id,
        kind=GrantKind.EXCELLENCE,
        approval_ref=cmd.decision_ref or "",
        approved_on=cmd.decided_on,
        paid_on=cmd.paid_on,
        amount_yuan=cmd.amount_yuan,
        achievement_id=application.achievement_id,
    )
    try:
        return record_approved_support(uow, grant, application, actor=actor, as_of=as_of).id
    except ValidationFailed as err:
        renamed = [
            FieldProblem(_DECISION_FIELDS.get(p.field, p.field), p.code, p.message)
            for p in err.problems
        ]
        first = renamed[0].field if renamed else None
        raise ValidationFailed(err.message, code=err.code, field=first, problems=renamed) from None


def _requested(text: str | None) -> int | None:
    """The requested amount in fen (checked by ``application_field_problems``)."""
    if text is None or not text.strip():
        return None
    return parse_yuan(text, field="requested_yuan")
