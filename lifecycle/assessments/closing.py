"""A city title's 考核 and its other way to 摘牌, the 附件3: one application for one end [S9]."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import FieldProblem, Problems
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork


def delisting_applied_refusal(
    year: int, applied_on: date | None, decider: str, article: str | None
) -> str:
    """Why no 附件3 is filed while a year's 考核 has applied to the city for the title's 摘牌:
    「…须向上海市总工会申请摘牌」 ([S9] 第九条) is one application, made by the unit and district
    unions on the 考核; a 附件3 of the same title (which can only ask for 摘牌) would be a second
    one for the same end. The city's 保留 lets the unions file again; its 摘牌 ends the title."""
    on = f"于{chinese_date(applied_on)}" if applied_on is not None else ""
    cited = f"（{article}）" if article else ""
    return cite(
        f"该工作室{year}年度考核已由区局（产业）工会{on}向{decider}申请摘牌，待{decider}决定，"
        f"不能就同一称号再提出管理变更申请（附件3）{cited}；"
        f"{decider}决定保留称号后，如领衔人情况仍须报告，可再提出。"
    )


def delisting_applied_message(uow: UnitOfWork, designation: Designation) -> str | None:
    """Why no 附件3 may be filed on ``designation`` now that its 考核 applied for its 摘牌, or
    None (no 考核 awaits the city's decision on it) [S9] 第九条."""
    applied = uow.assessments.delisting_applied(designation.id)
    if applied is None:
        return None
    settings = get_scheme(designation.scheme_code).settings
    return delisting_applied_refusal(
        applied.year, applied.district_on, settings.change_decider, settings.revocation_article
    )


def check_no_delisting_applied(
    uow: UnitOfWork, problems: Problems, designation: Designation
) -> None:
    """A 附件3 is refused while the title's 考核 awaits the city's decision on its 摘牌 [S9]."""
    why = delisting_applied_message(uow, designation)
    if why is not None:
        problems.add("designation_id", "delisting_applied", why)


def before_unsettled_problems(
    uow: UnitOfWork, designation: Designation, on: date
) -> list[FieldProblem]:
    """The city's 摘牌 on a 附件3 closes every year's 考核 still awaiting a step
    (``close_unsettled``) [S9] 第九条: it is not dated before the last step such a year took,
    which would then be a step on a title already lost."""
    problems = Problems()
    for assessment in uow.assessments.unsettled(designation.id):
        steps = [
            (when, label)
            for when, label in (
                (assessment.unit_on, "单位工会考核"),
                (assessment.district_on, "区局（产业）工会申请摘牌"),
            )
            if when is not None
        ]
        if not steps:
            continue
        last_on, label = max(steps, key=lambda s: s[0])
        if on < last_on:
            problems.add(
                "decided_on",
                "before_assessment_step",
                f"摘牌日期不能早于本称号{assessment.year}年度考核的上一环节"
                f"（{label} {chinese_date(last_on)}）：摘牌即终止该年度考核",
            )
    return problems.items


def close_unsettled(
    uow: UnitOfWork, designation: Designation, *, why: str, keep_year: int | None = None
) -> Sequence[AnnualAssessment]:
    """The city's 摘牌 (on a 附件3 or on another year's 考核) ends the title [S9] 第九条: every
    year's 考核 still awaiting a step — a 摘牌 application among them — decides nothing more and
    is closed (「称号已摘牌，考核终止办理」, the change logged with ``why``), not left waiting on a
    lost title, as an open 附件3 is closed on the 考核's 摘牌 [C 三（六）]."""
    closing = [a for a in uow.assessments.unsettled(designation.id) if a.year != keep_year]
    if closing:
        with uow.because(why):
            for assessment in closing:
                assessment.outcome = AssessmentOutcome.CLOSED
    return closing
