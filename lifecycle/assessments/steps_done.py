"""Who recorded a year's 考核 step already: said to an officer who posts it again [S9]."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from lifecycle.assessments.model import ASSESSMENT_OUTCOME_LABELS, AnnualAssessment
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import ConflictError
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork

_WORDS = {"unit": "单位工会考核", "district": "区局（产业）工会考核", "city": "市总工会决定"}


def _recorded(
    assessment: AnnualAssessment, step: str
) -> tuple[date | None, str | None, str | None]:
    """(date, signer, verdict) of ``step`` as recorded on ``assessment`` (date None: not yet)."""
    a = assessment
    if step == "unit":
        return a.unit_on, a.unit_signer, "合格" if a.unit_passed else "不合格"
    if step == "district":
        verdict = "合格" if a.district_passed else "不合格，申请摘牌"
        return a.district_on, a.district_signer, verdict
    return a.city_on, a.city_signer, "摘牌" if a.city_revoke else "保留称号"


def _union_id(designation: Designation, step: str) -> int:
    """The union whose step it is: the unit's own, the district union, the naming city [S9]."""
    if step == "unit":
        return designation.workshop.unit_union_id
    if step == "district":
        return designation.district_union_id
    return designation.naming_union_id


def step_done(
    uow: UnitOfWork,
    designation: Designation,
    assessment: AnnualAssessment | None,
    step: str,
    expected_version: int | None,
) -> ConflictError | None:
    """The refusal of ``step`` of a year already recorded by another officer — which union,
    the signer, the date, the verdict and where the 考核 stands (None: not recorded yet), the
    field the version sent (else the step), as a step of 附件3 decided twice is said."""
    if assessment is None:
        return None
    on, signer, verdict = _recorded(assessment, step)
    if on is None:
        return None
    union = uow.unions.get(_union_id(designation, step), EVERYTHING)
    who = f"{union.name if union else ''}（签署人：{signer}）"
    message = (
        f"{assessment.year}年度考核的{_WORDS[step]}已由{who}于{chinese_date(on)}登记"
        f"（{verdict}），当前环节为：{ASSESSMENT_OUTCOME_LABELS[assessment.outcome]}；"
        "您的意见未保存，请刷新后查看"
    )
    field = "step" if expected_version is None else "expected_version"
    return ConflictError(message, code="step_already_done", field=field)


class StepPosted(Protocol):
    """What a posted 考核 step names: the title, the year, the step and the version read."""

    @property
    def designation_id(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def step(self) -> str: ...
    @property
    def expected_version(self) -> int | None: ...


def refuse_if_done(
    uow: UnitOfWork,
    designation: Designation,
    assessment: AnnualAssessment | None,
    cmd: StepPosted,
) -> None:
    """Refuse a step another officer recorded first (``step_done``) [S9]."""
    done = step_done(uow, designation, assessment, cmd.step, cmd.expected_version)
    if done is not None:
        raise done


def lost_step(uow: UnitOfWork, cmd: StepPosted, *, scope: Scope) -> ConflictError | None:
    """Read again after a write lost a race (both decisions passed the version check at the
    same instant, the second stopped by the database): the step's refusal naming who recorded
    it, or None where the race was over something else."""
    designation = uow.designations.get(cmd.designation_id, scope=scope)
    if designation is None or cmd.step not in _WORDS:
        return None
    assessment = uow.assessments.find(designation.id, cmd.year)
    return step_done(uow, designation, assessment, cmd.step, cmd.expected_version)
