"""Use cases on the Shanghai annual 考核: unit step, district step, city decision on 摘牌 [S9]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lifecycle.actors import Actor
from lifecycle.assessments.closing import close_unsettled
from lifecycle.assessments.model import (
    ASSESSMENT_OUTCOME_LABELS,
    AnnualAssessment,
    AssessmentOutcome,
)
from lifecycle.assessments.steps_done import refuse_if_done
from lifecycle.changes.amend import close_on_lost_title
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import require_authority
from lifecycle.designations.delisting import CityDecision, delist
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.errors import ConflictError, FieldProblem, Problems, ValidationFailed
from lifecycle.schemes import OversightKind, get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.schemes.base import add_years, first_owed_year
from lifecycle.schemes.texts import unset_note
from lifecycle.schemes.words import designation_status_label
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after, year_problem

# A step's 考核意见, as the API declares it and the page takes it.
OPINION_MAX = 4000
# A step's signer and 考核意见, as recording it checks them [S9].
SIGNER = RequiredText("签署人", 100)
OPINION = RequiredText("考核意见", OPINION_MAX)


class Step(StrEnum):
    """The three steps of a year's 考核 [S9]."""

    UNIT = "unit"
    DISTRICT = "district"
    CITY = "city"


@dataclass(frozen=True)
class AssessmentStep:
    """One step's verdict: pass, or (unit/district) fail = apply for 摘牌, (city) revoke or keep."""

    designation_id: int
    year: int
    step: Step
    passed: bool
    decided_on: date
    signer: str
    opinion: str
    decision_ref: str | None = None
    expected_version: int | None = None


# Who records each step: the unit's own union, the district union, the city [S9].
STEP_ACT = {
    Step.UNIT: Act.ASSESS_UNIT,
    Step.DISTRICT: Act.ASSESS_DISTRICT,
    Step.CITY: Act.ASSESS_CITY,
}

_WAITING = {
    Step.UNIT: AssessmentOutcome.PENDING_UNIT,
    Step.DISTRICT: AssessmentOutcome.PENDING_DISTRICT,
    Step.CITY: AssessmentOutcome.REVOCATION_APPLIED,
}


def next_step(outcome: AssessmentOutcome) -> Step | None:
    """The step a year's 考核 waits for, or None once it is settled [S9]."""
    for step, waiting in _WAITING.items():
        if waiting is outcome:
            return step
    return None


@dataclass(frozen=True)
class Floor:
    """The earliest date a step may carry, and why (the message refusing an earlier one)."""

    on: date
    message: str


def step_floor(
    step: Step,
    year: int,
    naming_date: date | None,
    assessment: AnnualAssessment | None,
    opens: tuple[int, int] = (1, 1),
) -> Floor:
    """The earliest date of ``step`` in ``year``'s 考核 [S9]: the 考核 is of that year at its
    end (「每年期末」), so not before ``opens`` of it (the scheme's ``annual_assessment_opens``,
    reading D1b); of a named title, so not before the naming; and in order, unit → district →
    city, so not before the previous step (the city decides on the district's application for
    摘牌)."""
    opens_on = add_years(date(2000, *opens), year - 2000)  # 2000: a leap year
    floors = [Floor(opens_on, _opens_message(year, opens_on))]
    if naming_date is not None:
        floors.append(Floor(naming_date, f"日期不能早于命名日期（{chinese_date(naming_date)}）"))
    previous = _previous_step(step, assessment)
    if previous is not None:
        label, on = previous
        floors.append(Floor(on, f"日期不能早于上一环节（{label} {chinese_date(on)}）"))
    return max(floors, key=lambda f: f.on)


def _opens_message(year: int, opens_on: date) -> str:
    if (opens_on.month, opens_on.day) == (1, 1):
        return f"{year}年度考核的日期不能早于{chinese_date(opens_on)}"
    return cite(
        f"{year}年度考核于年度期末进行，日期不能早于{chinese_date(opens_on)}（[S9]「每年期末」）"
    )


def _previous_step(step: Step, assessment: AnnualAssessment | None) -> tuple[str, date] | None:
    if assessment is None:
        return None
    if step == Step.DISTRICT and assessment.unit_on is not None:
        return "单位工会考核", assessment.unit_on
    if step == Step.CITY and assessment.district_on is not None:
        return "区局（产业）工会申请摘牌", assessment.district_on
    return None


def step_field_problems(
    signer: str,
    opinion: str,
    decided_on: date | None,
    *,
    as_of: date,
    revoking: bool,
    decision_ref: str | None,
    floor: Floor | None = None,
) -> list[FieldProblem]:
    """What recording a step refuses in the typed fields (None: unreadable, already refused by
    the form; ``revoking``: the city decides 摘牌, which needs its 文号; ``floor``: the earliest
    date the step may carry, ``step_floor``): also for a form refused before the use case runs,
    so every bad field shows at once [S9]."""
    problems = Problems()
    SIGNER.check(problems, "signer", signer)
    OPINION.check(problems, "opinion", opinion)
    not_after(problems, "decided_on", decided_on, as_of, "日期")
    if decided_on is not None and floor is not None and decided_on < floor.on:
        problems.add("decided_on", "before_previous", floor.message)
    if revoking and not (decision_ref or "").strip():
        problems.add("decision_ref", "required", "摘牌决定必须填写文号")
    return problems.items


def record_step(
    uow: UnitOfWork,
    cmd: AssessmentStep,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
    past: bool = False,
) -> AnnualAssessment:
    """Record the next step of a year's 考核 in order: unit union → district union → city [S9].

    ``past``: a step taken on paper before the service (the adoption import): on a title that
    has since ended (摘牌, 退出) it is recorded as history, in order and dated no later than
    the end, and changes nothing else (the title is not delisted again, no 附件3 is closed)."""
    designation = uow.designations.require(cmd.designation_id, scope)
    settings = get_scheme(designation.scheme_code).settings
    if settings.oversight != OversightKind.ANNUAL_ASSESSMENT:
        raise ValidationFailed(
            f"{settings.name}不实行年度考核{unset_note(settings)}",
            code="no_assessment",
            field="designation_id",
        )
    if cmd.step in STEP_ACT:
        require_authority(uow, designation, STEP_ACT[cmd.step], actor)
    revoking = cmd.step == Step.CITY and not cmd.passed
    named = designation.naming_date
    first_year = first_owed_year(settings, named) if named else as_of.year
    # The year's rule first: a year of any length is named by it, never bound into a query
    # nor made a date.
    year_refused = year_problem(cmd.year, "考核年度", first_year, as_of.year)
    assessment = None if year_refused else uow.assessments.find(designation.id, cmd.year)
    floor = None
    if not year_refused:
        floor = step_floor(cmd.step, cmd.year, named, assessment, settings.annual_assessment_opens)
    problems = Problems(
        step_field_problems(
            cmd.signer, cmd.opinion, cmd.decided_on, as_of=as_of, revoking=revoking,
            decision_ref=cmd.decision_ref, floor=floor,
        )
    )  # fmt: skip
    if year_refused:
        problems.add("year", "invalid_year", year_refused)
    if cmd.step not in _WAITING:
        problems.add("step", "unknown_step", "考核环节只能是单位工会、区局（产业）工会或市总工会")
    current = assessment.outcome if assessment else AssessmentOutcome.PENDING_UNIT
    active = is_active(designation.status)
    history = past and not active  # a step of an ended title, from its paper record
    in_order = active or history
    if in_order and not year_refused and cmd.step in _WAITING and _WAITING[cmd.step] != current:
        problems.add("step", "not_this_step", _not_this_step(cmd.year, cmd.step, current))
    if history:
        problems.items += _after_end_problems(designation, cmd.decided_on)
    elif not active:
        # The city's decision too: a title lost or exited meanwhile (附件3 [C 三（六）]) is
        # neither kept nor delisted on its 考核 [S9].
        status = designation_status_label(designation.status, designation.scheme_code)
        problems.add("designation_id", "not_active", f"该工作室{status}，不在管理序列中")
    if revoking and active:
        problems.items += _open_request_problems(uow, designation, cmd.decided_on)
    if cmd.step in _WAITING and not year_refused:
        refuse_if_done(uow, designation, assessment, cmd)
    if assessment and cmd.expected_version not in (None, assessment.version):
        raise ConflictError("该考核记录已在您打开后被修改，请刷新后重试", field="expected_version")
    problems.raise_if_any()
    if assessment is None:
        assessment = uow.assessments.add(
            AnnualAssessment(
                designation_id=designation.id, year=cmd.year, outcome=AssessmentOutcome.PENDING_UNIT
            )
        )
    _apply(assessment, cmd)
    uow.flush()
    if assessment.outcome == AssessmentOutcome.REVOKED and not history:
        delist(
            uow,
            CityDecision(
                designation.id,
                decided_on=cmd.decided_on,
                reason=f"{cmd.year}年度考核不合格，市总工会决定摘牌：{cmd.opinion.strip()}",
                decision_ref=(cmd.decision_ref or "").strip(),
            ),
            actor=actor,
            as_of=as_of,
            scope=scope,
        )
        ref = (cmd.decision_ref or "").strip()
        why = f"{cmd.year}年度考核不合格，市总工会决定摘牌（{ref}），本申请终止办理"
        close_on_lost_title(
            uow, designation, on=cmd.decided_on, why=why, signer=cmd.signer, actor=actor
        )
        # Another year's 考核 still waiting (its own 摘牌 application too) ends with the title.
        ended = f"{cmd.year}年度考核不合格，市总工会决定摘牌（{ref}），本年度考核终止办理"
        close_unsettled(uow, designation, why=ended, keep_year=cmd.year)
    return assessment


def _after_end_problems(designation: Designation, decided_on: date) -> list[FieldProblem]:
    """A past step of an ended title is dated no later than its end: the 考核 of a title no
    longer held decides nothing after it [S9]."""
    problems = Problems()
    ended_on = designation.ended_on
    if ended_on is not None and decided_on > ended_on:
        status = designation_status_label(designation.status, designation.scheme_code)
        problems.add(
            "decided_on",
            "after_end",
            f"日期不能晚于该称号{status}的日期（{chinese_date(ended_on)}）",
        )
    return problems.items


def _open_request_problems(
    uow: UnitOfWork, designation: Designation, decided_on: date
) -> list[FieldProblem]:
    """The city's 摘牌 on the 考核 closes the title's open 附件3 on its date [S9]
    [C 三（六）]: not dated before that request's last step, whose record it ends."""
    problems = Problems()
    request = uow.change_requests.open_for(designation.id)
    if request is not None and decided_on < request.waiting_since:
        problems.add(
            "decided_on",
            "before_open_request",
            f"摘牌日期不能早于本称号管理变更申请第{request.id}号的上一环节"
            f"（{chinese_date(request.waiting_since)}）：摘牌即终止该申请",
        )
    return problems.items


def _apply(assessment: AnnualAssessment, cmd: AssessmentStep) -> None:
    signer, opinion = cmd.signer.strip(), cmd.opinion.strip()
    if cmd.step == Step.UNIT:
        assessment.unit_passed, assessment.unit_on = cmd.passed, cmd.decided_on
        assessment.unit_signer, assessment.unit_opinion = signer, opinion
        assessment.outcome = AssessmentOutcome.PENDING_DISTRICT
    elif cmd.step == Step.DISTRICT:
        assessment.district_passed, assessment.district_on = cmd.passed, cmd.decided_on
        assessment.district_signer, assessment.district_opinion = signer, opinion
        assessment.outcome = (
            AssessmentOutcome.PASSED if cmd.passed else AssessmentOutcome.REVOCATION_APPLIED
        )
    else:
        assessment.city_revoke, assessment.city_on = not cmd.passed, cmd.decided_on
        assessment.city_signer, assessment.city_opinion = signer, opinion
        assessment.decision_ref = (cmd.decision_ref or "").strip() or None
        assessment.outcome = AssessmentOutcome.KEPT if cmd.passed else AssessmentOutcome.REVOKED


_ORDER = (Step.UNIT, Step.DISTRICT, Step.CITY)
_STEP_WORDS = {Step.UNIT: "单位工会", Step.DISTRICT: "区局（产业）工会", Step.CITY: "市总工会"}


def _not_this_step(year: int, step: Step, current: AssessmentOutcome) -> str:
    """Why ``step`` is not the year's to record: the step it waits for, named when one before
    ``step`` is missing (the steps go in order, unit → district → city [S9] 第九条)."""
    said = f"{year}年度考核当前环节为：{_label(current)}"
    waiting = next((s for s, o in _WAITING.items() if o == current), None)
    if waiting is not None and waiting in _ORDER[:2] and _ORDER.index(step) > _ORDER.index(waiting):
        return f"{said}，应先登记{_STEP_WORDS[waiting]}环节（逐级考核）"
    return f"{said}，不能登记{_STEP_WORDS[step]}环节"


def _label(outcome: AssessmentOutcome) -> str:
    return ASSESSMENT_OUTCOME_LABELS[outcome]
