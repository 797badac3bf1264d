"""Each scheme's settings and inspection criteria for machine clients (DOMAIN.md §2)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import ReaderDep
from api.v1.common import CallerDep
from lifecycle.citations import citation
from lifecycle.views.schemes import SchemeRow, scheme_by_code, scheme_rows

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


class NamingUnionOut(BaseModel):
    """The union that names the scheme's titles and opens its calls (the pack's namer)."""

    id: int | None = Field(
        description="工会树中该工会的编号；工会树中尚无该地区、该级别的工会时为 null"
    )
    name: str = Field(description="工会名称（工会树中的名称；无该工会时为方案规定的名称）")
    region: str = Field(description="命名工会的地区代码（工会的 region_code），如 yangpu")
    level: str = Field(description="命名工会的级别，即方案的级别：district 或 city")


class MeasureOut(BaseModel):
    """One measure the 附件3 form allows: its code (as filed) and its Chinese label."""

    code: str = Field(description="措施代码，提交管理变更申请时的 measure 取值")
    label: str = Field(description="措施名称")


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
    matching_due_days: int | None = Field(
        description="区级配套资金到位期限（天）；无区级配套的方案为空"
    )
    excellence_support: bool
    rectification_deadline_days: int | None = Field(
        description="整改期限（天）；不出具整改通知的方案为空"
    )
    rectification_counts_working_days: bool | None = Field(
        description="整改期限是否按工作日计算；不出具整改通知的方案为空"
    )
    title_format: str | None
    leader_exit_policy: str
    uses_change_request_form: bool
    inspection_criteria: list[CriterionOut]
    naming_article: ArticleOut | None
    revocation_article: ArticleOut | None
    naming_union: NamingUnionOut = Field(description="命名该方案工作室、发布申报通知的工会")
    change_measures: list[MeasureOut] = Field(
        description="管理变更申请（附件3）可采取的措施；不适用附件3的方案为空列表"
    )

    @classmethod
    def of(cls, row: SchemeRow) -> SchemeOut:
        s, naming = row.settings, row.naming_union
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
            matching_due_days=s.matching_due_days if s.has_district_matching else None,
            excellence_support=s.excellence_support,
            rectification_deadline_days=(
                s.rectification_deadline_days if s.issues_rectification_notices else None
            ),
            rectification_counts_working_days=(
                s.rectification_counts_working_days if s.issues_rectification_notices else None
            ),
            title_format=s.title_format,
            leader_exit_policy=s.leader_exit_policy.value,
            uses_change_request_form=s.uses_change_request_form,
            inspection_criteria=[CriterionOut(code=c, label=t) for c, t in s.inspection_criteria],
            naming_article=_article(s.naming_article),
            revocation_article=_article(s.revocation_article),
            naming_union=NamingUnionOut(
                id=naming.id, name=naming.name, region=naming.region, level=naming.level.value
            ),
            change_measures=[MeasureOut(code=m.value, label=t) for m, t in row.change_measures],
        )


def _deadline(value: tuple[int, int] | None) -> DeadlineOut | None:
    return DeadlineOut(month=value[0], day=value[1]) if value else None


def _article(rule: str | None) -> ArticleOut | None:
    return ArticleOut(rule=rule, citation=citation(rule)) if rule else None


@router.get("/schemes", response_model=list[SchemeOut])
def schemes(caller: CallerDep, u: ReaderDep) -> list[SchemeOut]:
    """Every registered scheme with its settings, inspection criteria, naming union and 附件3
    measures."""
    del caller  # reference data: any logged-in caller reads it (union names are no secret)
    return [SchemeOut.of(row) for row in scheme_rows(u)]


@router.get("/schemes/{code}", response_model=SchemeOut)
def scheme(code: str, caller: CallerDep, u: ReaderDep) -> SchemeOut:
    """One scheme by its code (e.g. ``yangpu-district``)."""
    del caller
    return SchemeOut.of(scheme_by_code(u, code))
