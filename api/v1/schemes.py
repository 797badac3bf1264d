"""Each scheme's settings and inspection criteria for machine clients (DOMAIN.md §2)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.v1.common import CallerDep
from lifecycle.citations import citation
from lifecycle.errors import NotFound
from lifecycle.schemes import SchemeSettings, all_schemes

router = APIRouter(tags=["schemes"])


class CriterionOut(BaseModel):
    """One inspection criterion: the code an outcome names and its Chinese label."""

    code: str
    label: str


class DeadlineOut(BaseModel):
    month: int
    day: int


class ArticleOut(BaseModel):
    """A rule id (machine) and its citation (Chinese, as users read it)."""

    rule: str
    citation: str


class SchemeOut(BaseModel):
    """The data half of a rule pack: what a client needs to file, record and check."""

    code: str
    name: str
    level: str
    oversight: str
    cycle_years: int | None
    yearly_filing_due: DeadlineOut | None
    annual_assessment_due: DeadlineOut | None
    one_off_grant_fen: int | None
    matching_ratio: str | None
    matching_due_days: int
    excellence_support: bool
    rectification_deadline_days: int
    rectification_counts_working_days: bool
    title_format: str | None
    leader_exit_policy: str
    uses_change_request_form: bool
    inspection_criteria: list[CriterionOut]
    naming_article: ArticleOut | None
    revocation_article: ArticleOut | None

    @classmethod
    def of(cls, s: SchemeSettings) -> SchemeOut:
        return cls(
            code=s.code,
            name=s.name,
            level=s.level.value,
            oversight=s.oversight.value,
            cycle_years=s.cycle_years,
            yearly_filing_due=_deadline(s.yearly_filing_due),
            annual_assessment_due=_deadline(s.annual_assessment_due),
            one_off_grant_fen=s.one_off_grant_fen,
            matching_ratio=str(s.matching_ratio) if s.matching_ratio is not None else None,
            matching_due_days=s.matching_due_days,
            excellence_support=s.excellence_support,
            rectification_deadline_days=s.rectification_deadline_days,
            rectification_counts_working_days=s.rectification_counts_working_days,
            title_format=s.title_format,
            leader_exit_policy=s.leader_exit_policy.value,
            uses_change_request_form=s.uses_change_request_form,
            inspection_criteria=[CriterionOut(code=c, label=t) for c, t in s.inspection_criteria],
            naming_article=_article(s.naming_article),
            revocation_article=_article(s.revocation_article),
        )


def _deadline(value: tuple[int, int] | None) -> DeadlineOut | None:
    return DeadlineOut(month=value[0], day=value[1]) if value else None


def _article(rule: str | None) -> ArticleOut | None:
    return ArticleOut(rule=rule, citation=citation(rule)) if rule else None


@router.get("/schemes", response_model=list[SchemeOut])
async def schemes(caller: CallerDep) -> list[SchemeOut]:
    """Every registered scheme with its settings and inspection criteria."""
    del caller  # reference data: any logged-in caller reads it
    return [SchemeOut.of(s.settings) for s in all_schemes()]


@router.get("/schemes/{code}", response_model=SchemeOut)
async def scheme(code: str, caller: CallerDep) -> SchemeOut:
    """One scheme by its code (e.g. ``yangpu-district``)."""
    del caller
    for s in all_schemes():
        if s.settings.code == code:
            return SchemeOut.of(s.settings)
    raise NotFound("没有这个命名方案", field="code")
