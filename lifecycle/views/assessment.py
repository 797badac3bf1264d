"""What the 考核 step form shows: the year, the step that is due, whose step it is [S9]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.assessments.model import ASSESSMENT_OUTCOME_LABELS, AnnualAssessment
from lifecycle.assessments.model import AssessmentOutcome as O
from lifecycle.assessments.service import STEP_ACT, Floor, Step, next_step, step_floor
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import (
    NotAuthorised,
    party_union_id,
    require_authority,
    scheme_authority,
)
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.leaders.departure import LeaderDeparture, leader_departure
from lifecycle.occasions.service import designation_facts
from lifecycle.schemes import OversightKind, get_scheme
from lifecycle.schemes.base import SchemeSettings, first_owed_year
from lifecycle.schemes.texts import unset_note
from lifecycle.schemes.words import designation_status_label
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork

STEP_LABELS = {
    Step.UNIT: "单位工会考核",
    Step.DISTRICT: "区局（产业）工会考核",
    Step.CITY: "市总工会摘牌决定",
}


@dataclass(frozen=True)
class TitleSummary:
    """The designation as a form page heads it (plain values, usable after the session ends)."""

    id: int
    title: str
    number: str | None
    naming_date: date | None

    @classmethod
    def of(cls, d: Designation) -> TitleSummary:
        return cls(d.id, d.title, d.number, d.naming_date)


class NoAssessment(ValidationFailed):
    """A title with no yearly 考核 at all (乐山's notice sets none [L]; not yet named): its page
    says so as its own answer, not as a page that does not exist."""

    def __init__(self, message: str, designation: TitleSummary) -> None:
        super().__init__(message, code="no_assessment", field="designation_id")
        self.designation = designation


@dataclass(frozen=True)
class AssessmentForm:
    """One designation's 考核 of one year, as its step form shows it."""

    designation: TitleSummary
    settings: SchemeSettings
    year: int
    years: list[int]
    assessment: AssessmentRow | None
    outcome_label: str
    step: Step | None  # None once the year is settled
    step_label: str
    acting_union: str  # the union whose step it is
    citation: str
    refusal: str | None  # why this user may not record the step (None: they may)
    floor: Floor | None = None  # the earliest date the due step may carry
    as_of: date | None = None  # the day the page is read
    open_change: int | None = None  # a 附件3 of the title still open: the same end, said [S9]
    departure: LeaderDeparture | None = None  # the leader gone, its 附件3 owed or open [S9]

    @property
    def beside_change(self) -> str | None:
        """A 附件3 still open beside the 考核 step due: whichever the city decides 摘牌 on first
        closes the other (one application for one end, [S9] 第九条)."""
        if self.open_change is None or self.step is None:
            return None
        return cite(
            f"该工作室另有未办结的管理变更申请（附件3）第{self.open_change}号；市总工会对其中任一"
            "申请决定摘牌后，另一申请即终止办理（[S9]）"
        )

    @property
    def not_yet(self) -> str | None:
        """Why the due step cannot be recorded today: its earliest date (the year's end, the
        naming or the previous step) is still to come (reading D1b) [S9]."""
        if self.floor is None or self.as_of is None or self.floor.on <= self.as_of:
            return None
        return f"{self.floor.message}：该环节自{chinese_date(self.floor.on)}起可登记。"


@dataclass(frozen=True)
class RecordedStep:
    """A step already recorded: its union's verdict, date, signer and opinion."""

    label: str
    verdict: str  # 合格 / 不合格（申请摘牌） / 摘牌 / 保留
    passed: bool
    decided_on: date
    signer: str
    opinion: str
    decision_ref: str | None = None


@dataclass(frozen=True)
class AssessmentRow:
    """The recorded steps of the year (read-only copy for the page)."""

    version: int
    outcome: O
    steps: tuple[RecordedStep, ...] = ()
    year: int = 0

    @classmethod
    def of(cls, a: AnnualAssessment) -> AssessmentRow:
        steps = []
        if a.unit_on is not None:
            verdict = "合格" if a.unit_passed else "不符合第三条基本条件"
            steps.append(
                RecordedStep(STEP_LABELS[Step.UNIT], verdict, bool(a.unit_passed), a.unit_on,
                             a.unit_signer or "", a.unit_opinion or "")
            )  # fmt: skip
        if a.district_on is not None:
            verdict = "合格" if a.district_passed else "不合格，向上海市总工会申请摘牌"
            steps.append(
                RecordedStep(STEP_LABELS[Step.DISTRICT], verdict, bool(a.district_passed),
                             a.district_on, a.district_signer or "", a.district_opinion or "")
            )  # fmt: skip
        if a.city_on is not None:
            verdict = "摘牌，取消称号" if a.city_revoke else "保留称号"
            steps.append(
                RecordedStep(STEP_LABELS[Step.CITY], verdict, not a.city_revoke, a.city_on,
                             a.city_signer or "", a.city_opinion or "", a.decision_ref)
            )  # fmt: skip
        return cls(a.version, a.outcome, tuple(steps), a.year)


def assessment_form(
    uow: UnitOfWork,
    designation_id: int,
    year: int | None,
    as_of: date,
    *,
    actor: Actor,
    scope: Scope,
) -> AssessmentForm:
    """The year's 考核 (default: the earliest unsettled year) and whether ``actor`` acts next."""
    designation = uow.designations.get(designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在可见范围内", field="designation_id")
    settings = get_scheme(designation.scheme_code).settings
    if settings.oversight != OversightKind.ANNUAL_ASSESSMENT:
        refused = f"{settings.name}不实行年度考核{unset_note(settings)}"  # 乐山: [L] 未作规定
        raise NoAssessment(refused, TitleSummary.of(designation))
    if designation.naming_date is None:
        raise NoAssessment("该工作室尚未命名，没有年度考核", TitleSummary.of(designation))
    recorded = {a.year: a for a in uow.assessments.for_designation(designation.id)}
    opens = settings.annual_assessment_opens
    years = list(range(first_owed_year(settings, designation.naming_date), as_of.year + 1))
    chosen = year if year in years else _first_open(years, recorded)
    found: AnnualAssessment | None = recorded.get(chosen)
    outcome = found.outcome if found else O.PENDING_UNIT
    step = next_step(outcome)
    refusal, union_name, citation = None, "", ""
    if step is not None:
        authority = scheme_authority(designation.scheme_code, STEP_ACT[step])
        union = uow.unions.get(party_union_id(designation, authority.party), EVERYTHING)
        union_name, citation = (union.name if union else ""), authority.citation
        try:
            require_authority(uow, designation, STEP_ACT[step], actor)
        except NotAuthorised as err:
            # The page already says which union acts and why: the refusal naming that union
            # again would say the same sentence twice.
            named_again = union_name and union_name in err.message
            refusal = "您所在的工会不办理此环节，只能查看。" if named_again else err.message
        if not is_active(designation.status):  # lost or exited meanwhile (附件3) [S9][C]
            status = designation_status_label(designation.status, designation.scheme_code)
            refusal = f"该工作室{status}，不在管理序列中"
    open_change = uow.change_requests.open_for(designation.id)
    return AssessmentForm(
        designation=TitleSummary.of(designation),
        settings=settings,
        year=chosen,
        years=years,
        assessment=AssessmentRow.of(found) if found else None,
        outcome_label=ASSESSMENT_OUTCOME_LABELS[outcome],
        step=step,
        step_label=STEP_LABELS[step] if step else "",
        acting_union=union_name,
        citation=citation,
        refusal=refusal,
        floor=step_floor(step, chosen, designation.naming_date, found, opens) if step else None,
        as_of=as_of,
        open_change=open_change.id if open_change is not None else None,
        departure=departure_of(uow, designation.id, as_of, scope=scope),
    )


def departure_of(
    uow: UnitOfWork, designation_id: int, as_of: date, *, scope: Scope
) -> LeaderDeparture | None:
    """The title's leader gone while its 附件3 is owed or open, beside its 考核 [S9] 第九条."""
    found = designation_facts(uow, designation_id, scope=scope)
    return None if found is None else leader_departure(*found, as_of)


def _first_open(years: list[int], recorded: dict[int, AnnualAssessment]) -> int:
    """The earliest year whose 考核 is not settled; the latest year when all are."""
    for year in years:
        found = recorded.get(year)
        if found is None or next_step(found.outcome) is not None:
            return year
    return years[-1]
