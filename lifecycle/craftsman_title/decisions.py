"""The stage decisions of the 上海工匠 selection [G] 三: in order, never ahead of today; the
notice's end grants the title. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.craftsman_title import rules
from lifecycle.craftsman_title.model import CraftsmanApplication, StageRecord
from lifecycle.craftsman_title.rules import Channel
from lifecycle.craftsman_title.service import (
    NOT_EMPLOYED,
    Forbidden,
    get_application,
    get_selection,
    repo,
)
from lifecycle.craftsman_title.stages import (
    BY_STAGE,
    Stage,
    StageDef,
    Status,
    after,
    closing_stage,
    date_problems,
    lapsed,
    lapsed_pass_refusal,
    no_decision_message,
    owner_of,
)
from lifecycle.errors import FieldProblem, Problems, TransitionRefused
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, Honour, UnionLevel


@dataclass(frozen=True)
class Decide:
    """One stage's decision with opinion, signer and date [G] 三."""

    application_id: int
    stage: Stage
    passed: bool
    opinion: str
    signer: str
    decided_on: date
    credit_check_passed: bool | None = None
    interview_passed: bool | None = None
    notice_from: date | None = None
    notice_to: date | None = None
    objections: str | None = None
    # A self-applicant's 资格审查 by the city: the district union's opinion it solicited and the
    # day it was given [G] 三（一）.
    district_opinion: str | None = None
    district_opinion_on: date | None = None


# A stage's 审核意见 and 公示异议, as the API declares them and the page takes them.
OPINION_MAX = 2000
OBJECTIONS_MAX = 2000


def decision_field_problems(
    opinion: str, signer: str, objections: str | None = None
) -> list[FieldProblem]:
    """What deciding a stage would refuse in these typed fields whatever the stage: for a form
    refused before the use case runs (an unreadable date), so every bad field shows at once."""
    problems = Problems()
    if not opinion.strip():
        problems.add("opinion", "required", "请填写审核意见")
    elif len(opinion.strip()) > OPINION_MAX:
        problems.add("opinion", "too_long", f"审核意见不能超过{OPINION_MAX}个字符")
    if objections is not None and len(objections.strip()) > OBJECTIONS_MAX:
        problems.add(
            "objections", "too_long", f"公示期间异议及核实情况不能超过{OBJECTIONS_MAX}个字符"
        )
    if not signer.strip():
        problems.add("signer", "required", "请填写签署人")
    return problems.items


def stray_field_problems(stage: StageDef, cmd: Decide, *, self_channel: bool) -> list[FieldProblem]:
    """Answers a stage has no place for (the page never asks them; the API might send them):
    refused rather than kept on a record that would show them, e.g. a 公示期 on 专家复审 [G] 三."""
    problems = Problems()
    if not stage.needs_notice_period:
        for name, value in (("notice_from", cmd.notice_from), ("notice_to", cmd.notice_to)):
            if value is not None:
                problems.add(name, "not_this_stage", f"{stage.label}没有公示期，请勿填写公示日期")
        if (cmd.objections or "").strip():
            problems.add(
                "objections", "not_this_stage", f"{stage.label}没有公示期，请勿填写公示异议"
            )
    if not stage.needs_credit_check and cmd.credit_check_passed is not None:
        problems.add(
            "credit_check_passed",
            "not_this_stage",
            f"诚信审核在市总审定时记录，{stage.label}请勿填写",
        )
    if cmd.interview_passed is not None and not (
        stage.stage == Stage.QUALIFICATION and self_channel
    ):
        problems.add("interview_passed", "not_this_stage", "海选面试仅在个人自荐的资格审查时记录")
    if not (stage.stage == Stage.QUALIFICATION and self_channel):
        typed = bool((cmd.district_opinion or "").strip())
        for name, given in (
            ("district_opinion", typed),
            ("district_opinion_on", cmd.district_opinion_on is not None),
        ):
            if given:
                problems.add(
                    name, "not_this_stage", "区局（产业）工会意见仅在个人自荐的资格审查时记录"
                )
    return problems.items


DISTRICT_OPINION_MAX = 2000


def district_opinion_problems(
    cmd: Decide, *, applied_on: date, year: int, clause: str
) -> list[FieldProblem]:
    """The city passes a self-applicant to the next stage only after soliciting the opinion of
    the applicant's district union [G] 三（一）: its opinion and the day it was given, required to
    pass, given no later than the decision and no earlier than the application (reading G13)."""
    problems = Problems()
    opinion = (cmd.district_opinion or "").strip()
    if cmd.passed and not opinion:
        problems.add(
            "district_opinion",
            "required",
            rules.cited("个人自荐须征求其所在区局（产业）工会意见后方可进入下阶段评选程序，"
                        "请填写区局（产业）工会意见", year, clause),
        )  # fmt: skip
    elif len(opinion) > DISTRICT_OPINION_MAX:
        problems.add(
            "district_opinion",
            "too_long",
            f"区局（产业）工会意见不能超过{DISTRICT_OPINION_MAX}个字符",
        )
    given = cmd.district_opinion_on
    if given is None and (cmd.passed or opinion):
        problems.add(
            "district_opinion_on",
            "required",
            rules.cited("请填写区局（产业）工会出具意见的日期", year, clause),
        )
    elif given is not None and given > cmd.decided_on:
        problems.add(
            "district_opinion_on",
            "after_decision",
            f"区局（产业）工会意见应在资格审查前征求，日期不能晚于审核日期（{chinese_date(cmd.decided_on)}）",
        )
    elif given is not None and given < applied_on:
        problems.add(
            "district_opinion_on",
            "before_application",
            f"区局（产业）工会意见日期不能早于申报日期（{chinese_date(applied_on)}）",
        )
    return problems.items


def may_decide(
    stage: StageDef, *, level: UnionLevel, union_id: int, district_id: int, self_channel: bool
) -> bool:
    """Whether a union of ``level`` decides ``stage``: the level owning it (a self-applicant's
    qualification: the city's [G] 三（一）), and for a district stage the applicant's own district
    (``district_id``) [G] 三."""
    owner = owner_of(stage, self_channel=self_channel)
    if level != owner:
        return False
    return owner != UnionLevel.DISTRICT or union_id == district_id


def decision_refusal(
    uow: UnitOfWork,
    app: CraftsmanApplication,
    stage: StageDef,
    deciding_union_id: int,
    *,
    year: int,
    scope: Scope,
) -> str | None:
    """Why the union ``deciding_union_id`` may not decide ``stage`` of ``app``, naming who does
    (None: it may) [G] 三."""
    self_channel = app.channel == Channel.SELF
    decider = uow.unions.get(deciding_union_id, scope)
    if decider is not None and may_decide(
        stage,
        level=decider.level,
        union_id=decider.id,
        district_id=app.district_union_id,
        self_channel=self_channel,
    ):
        return None
    if self_channel and stage.stage == Stage.QUALIFICATION:
        message = (
            "个人自荐的资格审查（资格审核、海选面试）由上海工匠培养选树申报办公室（市总工会）"
            "办理，并征求申请人所在区局（产业）工会意见"
        )
        return rules.cited(message, year, stage.clause)
    owner = "申请人所在区局（产业）工会" if stage.owner == UnionLevel.DISTRICT else "市总工会"
    return rules.cited(f"{stage.label}由{owner}办理", year, stage.clause)


def _previous(uow: UnitOfWork, app: CraftsmanApplication, scope: Scope) -> tuple[str, date]:
    """The step a decision follows: the last stage recorded, else the application itself."""
    records = repo(uow).stage_records(app.id, scope)
    if not records:
        return "申报", app.applied_on
    last = records[-1]
    return BY_STAGE[last.stage].label, last.decided_on


def decide_stage(
    uow: UnitOfWork,
    cmd: Decide,
    *,
    deciding_union_id: int,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> CraftsmanApplication:
    """A stage decided by the union level owning it, in order and not ahead of ``as_of``; the
    notice's end grants the title [G] 三."""
    app = get_application(uow, cmd.application_id, scope)
    selection = get_selection(uow, app.selection_id)
    year = selection.year
    stage = closing_stage(app.status, selection.union_deadline, as_of)
    if stage is None:
        raise TransitionRefused(no_decision_message(app.status), code="wrong_stage", field="stage")
    if stage.stage != cmd.stage:
        raise TransitionRefused(
            f"该申报当前在{stage.label}环节，不能记录{BY_STAGE[cmd.stage].label}",
            code="wrong_stage",
            field="stage",
        )
    refusal = decision_refusal(uow, app, stage, deciding_union_id, year=year, scope=scope)
    if refusal is not None:
        raise Forbidden(refusal)
    if app.status is Status.AWAITING_MEMBERSHIP and cmd.passed:
        raise TransitionRefused(
            "申报人未完成入会，逾期只能作不予推荐办理", code="awaiting_membership", field="passed"
        )
    self_channel = app.channel == Channel.SELF
    if cmd.passed and lapsed(
        app.status, selection.union_deadline, as_of, self_channel=self_channel
    ):
        # Past the unions' deadline it can no longer be submitted: only closed (reading G9).
        raise TransitionRefused(
            rules.cited(lapsed_pass_refusal(selection.union_deadline), year, "五（四）"),
            code="lapsed",
            field="passed",
        )
    decider = uow.unions.get(deciding_union_id, scope)
    assert decider is not None  # the refusal above covers a union out of scope
    problems = Problems(decision_field_problems(cmd.opinion, cmd.signer, cmd.objections))
    problems.items += stray_field_problems(stage, cmd, self_channel=self_channel)
    if stage.stage == Stage.QUALIFICATION and self_channel:
        problems.items += district_opinion_problems(
            cmd, applied_on=app.applied_on, year=year, clause=stage.clause
        )
    for p in date_problems(
        stage,
        decided_on=cmd.decided_on,
        previous=_previous(uow, app, scope),
        as_of=as_of,
        notice_from=cmd.notice_from,
        notice_to=cmd.notice_to,
    ):
        problems.add(
            p.field, p.code, rules.cited(p.message, year, p.clause) if p.clause else p.message
        )
    if stage.needs_credit_check and cmd.passed and cmd.credit_check_passed is not True:
        problems.add(
            "credit_check_passed",
            "credit_check",
            rules.cited("通过市总审定须经诚信审核", year, stage.clause),
        )
    if (
        stage.stage == Stage.QUALIFICATION
        and app.channel == Channel.SELF
        and cmd.passed
        and cmd.interview_passed is not True
    ):
        problems.add(
            "interview_passed",
            "interview",
            rules.cited("个人自荐须通过海选面试方可进入下阶段", year, stage.clause),
        )
    person = uow.persons.get(app.person_id, EVERYTHING)  # a fact of the decision, not shown
    if cmd.passed and person is not None and person.employment_status in NOT_EMPLOYED:
        label = EMPLOYMENT_STATUS_LABELS[person.employment_status]
        problems.add("passed", "not_in_service", rules.not_employed_pass_refusal(label, year))
    problems.raise_if_any()
    repo(uow).add(
        StageRecord(
            application_id=app.id,
            stage=cmd.stage,
            passed=cmd.passed,
            opinion=cmd.opinion.strip(),
            signer=cmd.signer.strip(),
            decided_on=cmd.decided_on,
            deciding_union_id=decider.id,
            credit_check_passed=cmd.credit_check_passed,
            interview_passed=cmd.interview_passed,
            notice_from=cmd.notice_from,
            notice_to=cmd.notice_to,
            objections=(cmd.objections or "").strip() or None,
            district_opinion=(cmd.district_opinion or "").strip() or None,
            district_opinion_on=cmd.district_opinion_on,
            actor_name=actor.name,
        )
    )
    app.status = after(cmd.stage) if cmd.passed else Status.NOT_SELECTED
    if app.status == Status.GRANTED:
        add_honour(
            uow,
            app.person_id,
            HonourInput(
                Honour.SHANGHAI_CRAFTSMAN,
                year,
                rules.grant_reference(year, cmd.notice_from, cmd.notice_to, cmd.decided_on, app.id),
            ),
            as_of=cmd.decided_on,
            scope=scope,
        )
    uow.session.flush()
    return app
