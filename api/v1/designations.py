"""Designations: list, read, open, move along the lifecycle; history, occasions, filings, 考核."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import Field, TypeAdapter

from api.body_rules import required
from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep, get_session_factory
from api.downloads import STORED_FILE_RESPONSE, download
from api.errors import records
from api.v1.common import (
    After,
    CallerDep,
    CitedText,
    Day,
    IdPath,
    Inbound,
    Instant,
    Out,
    Page,
    PagingDep,
    SearchText,
    UnionFilter,
    Version,
    Year,
    answered,
    found,
    naming_window,
    own_scheme,
    today,
    visible_under,
)
from api.v1.schemas import AuditEntryOut, OccasionOut, audit_page, listed, occasions_out
from lifecycle.assessments.model import (
    ASSESSMENT_OUTCOME_LABELS,
    AnnualAssessment,
    AssessmentOutcome,
)
from lifecycle.assessments.service import (
    OPINION,
    OPINION_MAX,
    SIGNER,
    AssessmentStep,
    Step,
    record_step,
)
from lifecycle.assessments.steps_done import lost_step
from lifecycle.errors import ConflictError
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.filings.service import FileYearly, file_yearly, filed_late
from lifecycle.leaders.departure import ChangeRequestState, LeaderDeparture
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.schemes import get_scheme
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.assessment import departure_of
from lifecycle.views.designation import designation_gaps
from lifecycle.views.filings import filing_file
from lifecycle.vocab import DesignationStatus, EmploymentStatus

router = APIRouter(tags=["designations"])
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Ref = Annotated[str | None, Field(default=None, max_length=200)]


class DesignationOut(Out):
    id: int
    workshop_id: int
    scheme_code: str
    number: str | None
    title: str
    status: DesignationStatus
    applied_on: date | None
    naming_date: date | None
    ended_on: date | None
    naming_union_id: int
    district_union_id: int
    recommended_from_id: int | None
    version: int
    created_at: Instant
    updated_at: Instant


class RecordGapOut(Out):
    """A gap in the title's record a rule names, and the union that must complete it (I3)."""

    code: str  # e.g. leader_title_missing
    message: CitedText  # Chinese, citing the article
    union_id: int


class DesignationDetailOut(DesignationOut):
    """One designation with what its record lacks (e.g. 带头人未登记“上海工匠”称号 [C 一（一）])."""

    warnings: list[RecordGapOut]


def detail_out(u: UnitOfWork, row: object, as_of: date, scope: Scope) -> DesignationDetailOut:
    """A designation (ORM object or row) with its record gaps on ``as_of``."""
    out = DesignationOut.model_validate(row)
    gaps = designation_gaps(u, out.id, as_of, scope=scope)
    warnings = [RecordGapOut(code=g.kind.value, message=g.title, union_id=g.union_id) for g in gaps]
    return DesignationDetailOut(**out.model_dump(), warnings=warnings)


class StatusChangeOut(Out):
    id: int
    from_status: DesignationStatus | None
    to_status: DesignationStatus
    effective_on: date
    recorded_at: Instant
    actor_name: str
    actor_user_id: int | None
    reason: str
    document_ref: str | None


class FilingOut(Out):
    id: int
    designation_id: int
    year: int
    kind: FilingKind
    filed_on: date
    file_id: int | None
    file_name: str | None  # the file's own name; GET …/filings/{id}/file downloads it
    filed_by: str
    note: str | None
    # The due date the filing was made after (每年年底前报区总工会备案 [Y11]); null: in time.
    late_after: date | None = None

    @classmethod
    def of(cls, filing: YearlyFiling, scheme_code: str) -> FilingOut:
        """A filing with its file's name, and the due date it missed, if any."""
        settings = get_scheme(scheme_code).settings
        return cls(
            id=filing.id,
            designation_id=filing.designation_id,
            year=filing.year,
            kind=filing.kind,
            filed_on=filing.filed_on,
            file_id=filing.file_id,
            file_name=filing.file.filename if filing.file is not None else None,
            filed_by=filing.filed_by,
            note=filing.note,
            late_after=filed_late(settings, filing.year, filing.filed_on),
        )


class LeaderDepartureOut(Out):
    """The title's leader who can no longer lead, and where the 附件3 owed for it stands [S9]."""

    person_id: int
    leader_name: str
    employment_status: EmploymentStatus
    departed_on: date  # the leader event's date (or the day counted from, with no event)
    event_recorded: bool
    change_request: ChangeRequestState  # owed / open / delisting_applied
    change_request_id: int | None  # the open request (GET /api/v1/change-requests/{id})
    message: CitedText  # Chinese, as the step page says it

    @classmethod
    def of(cls, d: LeaderDeparture | None) -> LeaderDepartureOut | None:
        if d is None:
            return None
        return cls(
            person_id=d.person_id, leader_name=d.leader_name,
            employment_status=d.employment_status, departed_on=d.departed_on,
            event_recorded=d.event_recorded, change_request=d.change_request,
            change_request_id=d.change_request_id, message=d.message,
        )  # fmt: skip


class AssessmentOut(Out):
    id: int
    designation_id: int
    year: int
    outcome: AssessmentOutcome
    outcome_label: str = ""  # in Chinese, e.g. 已申请摘牌，待市总工会决定
    unit_passed: bool | None
    unit_on: date | None
    unit_signer: str | None
    unit_opinion: str | None
    district_passed: bool | None
    district_on: date | None
    district_signer: str | None
    district_opinion: str | None
    city_revoke: bool | None
    city_on: date | None
    city_signer: str | None
    city_opinion: str | None
    decision_ref: str | None
    version: int
    # The title's leader gone while its 附件3 is owed or open, as of today (null: none) [S9]
    leader_departure: LeaderDepartureOut | None = None

    @classmethod
    def of(
        cls, assessment: AnnualAssessment, departure: LeaderDeparture | None = None
    ) -> AssessmentOut:
        """A year's 考核 with each step's signer and opinion, as the next union reads them [S9],
        and the title's gone leader whose 附件3 is owed or open."""
        out = cls.model_validate(assessment)
        label = ASSESSMENT_OUTCOME_LABELS[assessment.outcome]
        gone = LeaderDepartureOut.of(departure)
        return out.model_copy(update={"outcome_label": label, "leader_departure": gone})


class AssessmentStepIn(Inbound):
    year: Year
    step: Step
    passed: bool
    decided_on: date
    signer: Annotated[str, Field(min_length=1, max_length=100), required(SIGNER)]
    opinion: Annotated[str, Field(min_length=1, max_length=OPINION_MAX), required(OPINION)]
    decision_ref: Ref = None
    expected_version: Version = None


# The list's rows, validated in one call from their columns.
LISTED = TypeAdapter(list[DesignationOut])


class DesignationPage(Page[DesignationOut]):
    """A page of the designation list; the total is counted only a little past the page."""

    # False: at least ``total`` designations match (the count stopped 200 past the page).
    total_exact: bool = True
    # The ``after`` of the next page (keyset paging), or None on the last page.
    next_after: int | None = None


@router.get("/designations", response_model=DesignationPage)
def designations(
    *,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    under: UnionFilter = None,
    status: Annotated[DesignationStatus | None, Query()] = None,
    scheme: Annotated[str | None, Query(max_length=40)] = None,
    named_from: Annotated[Day | None, Query()] = None,
    named_to: Annotated[Day | None, Query()] = None,
    named_year: Annotated[int | None, Query(ge=1990, le=2100, description="命名年度")] = None,
    q: SearchText = None,
    after: After = None,
) -> Response:
    """The designations in the caller's scope in id order, a page at a time; the total is
    counted only a little past the page (``total_exact``). ``after`` (the previous page's
    ``next_after``) pages by key: deep pages cost what the first does, and ``total`` then
    counts from the page on."""
    named_from, named_to = naming_window(named_from, named_to, named_year)
    rows = u.listings.designations(
        caller.scope,
        paging.window,
        status=status,
        scheme=own_scheme(u, caller.principal, scheme),
        under=visible_under(u, caller, under),
        named_from=named_from,
        named_to=named_to,
        search=q,
        after=after,
    )
    items = LISTED.validate_python([d._asdict() for d in rows.items])
    more = paging.offset + len(items) < rows.total
    page = DesignationPage(
        items=items,
        total=rows.total,
        limit=paging.limit,
        offset=paging.offset,
        total_exact=rows.exact,
        next_after=items[-1].id if items and more else None,
    )
    return answered(page)


@router.get("/designations/{designation_id}", response_model=DesignationDetailOut)
def designation(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep
) -> DesignationDetailOut:
    """One designation, looked up in the caller's scope (a 404 outside it), with what its record
    lacks (``warnings``)."""
    row = found(u.designations.row(designation_id, caller.scope))
    return detail_out(u, row, today(clock), caller.scope)


@router.get("/designations/{designation_id}/history", response_model=Page[StatusChangeOut])
def history(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[StatusChangeOut]:
    found(u.designations.get(designation_id, caller.scope))
    rows = u.designations.history_page(designation_id, paging.window)
    return listed(rows, StatusChangeOut.model_validate, paging)


@router.get("/designations/{designation_id}/occasions", response_model=Page[OccasionOut])
def designation_occasions(
    designation_id: IdPath,
    *,
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    paging: PagingDep,
    horizon_years: Annotated[int, Query(ge=0, le=10)] = 3,
) -> Page[OccasionOut]:
    found(u.designations.get(designation_id, caller.scope))
    # The rules derive the occasions from every fact of the title (none is stored to page in
    # SQL): the page is a window of the rule's whole list, in its order, and ``total`` all of it.
    rows = occasions_for_designation(
        u, designation_id, today(clock), scope=caller.scope, horizon_years=horizon_years
    )
    shown = rows[paging.offset : paging.offset + paging.limit]
    return Page(
        items=occasions_out(u, shown, role=caller.principal.role),
        total=len(rows),
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/designations/{designation_id}/filings", response_model=Page[FilingOut])
def filings(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[FilingOut]:
    d = found(u.designations.get(designation_id, caller.scope))
    rows = u.filings.page_for_designation(designation_id, paging.window)
    return listed(rows, lambda f: FilingOut.of(f, d.scheme_code), paging)


@router.get(
    "/designations/{designation_id}/filings/{filing_id}/file",
    response_class=Response,
    responses=STORED_FILE_RESPONSE,
)
def filing_file_download(
    designation_id: IdPath,
    filing_id: IdPath,
    caller: CallerDep,
    u: ReaderDep,
    settings: SettingsDep,
) -> Response:
    """The file filed with a yearly filing, under its own name [Y11]."""
    stored = filing_file(u, designation_id, filing_id, scope=caller.scope)
    data = FileStorage(settings.files_dir, settings.max_upload_bytes).read(stored)
    return download(data, stored.filename, stored.content_type)


@router.post("/designations/{designation_id}/filings", response_model=FilingOut, status_code=201)
@records("filing")  # 备案日期, 备案年度, 备案类别 in the refusals of unreadable fields
def new_filing(
    *,
    designation_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    settings: SettingsDep,
    year: Annotated[int, Form(description="备案年度")],
    kind: Annotated[FilingKind, Form(description="备案类别")],
    filed_on: Annotated[Day, Form(description="备案日期")],
    file: Annotated[UploadFile, File()],
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> FilingOut:
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(settings.max_upload_bytes + 1))
    storage = FileStorage(settings.files_dir, settings.max_upload_bytes)
    with uow(actor) as u:
        cmd = FileYearly(designation_id, year, kind, filed_on, upload, note)
        filed = file_yearly(u, storage, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return FilingOut.of(filed, u.designations.require(designation_id, caller.scope).scheme_code)


@router.get("/designations/{designation_id}/assessments", response_model=Page[AssessmentOut])
def assessments(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep, clock: ClockDep
) -> Page[AssessmentOut]:
    found(u.designations.get(designation_id, caller.scope))
    rows = u.assessments.page_for_designation(designation_id, paging.window)
    gone = departure_of(u, designation_id, today(clock), scope=caller.scope)
    return listed(rows, lambda a: AssessmentOut.of(a, gone), paging)


@router.post("/designations/{designation_id}/assessments", response_model=AssessmentOut)
def assessment_step(
    designation_id: IdPath,
    body: AssessmentStepIn,
    *,
    request: Request,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> AssessmentOut:
    actor = caller.principal.actor
    cmd = AssessmentStep(designation_id, **body.model_dump())
    try:
        with uow(actor) as u:
            done = record_step(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
            u.commit()
            gone = departure_of(u, designation_id, today(clock), scope=caller.scope)
            return AssessmentOut.of(done, gone)
    except ConflictError as lost:
        if lost.code == "step_already_done":
            raise
        # Both passed the version check at once and the database stopped this one: read again
        # and say who recorded the step, as a step posted after it is told.
        with UnitOfWork(get_session_factory(request), read_only=True) as again:
            said = lost_step(again, cmd, scope=caller.scope)
        raise (said or lost) from lost


@router.get("/designations/{designation_id}/audit", response_model=Page[AuditEntryOut])
def designation_audit(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    found(u.designations.get(designation_id, caller.scope))
    return audit_page(u, "designations", designation_id, paging)
