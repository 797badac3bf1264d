"""The 上海工匠 selection over JSON [G]: the call, applications (附件1), stages, findings, 附件3."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import Field

from api.body_rules import APPLICANT_PHONE_RULE
from api.deps import ClockDep, ReaderDep, RequestReaderDep, UowDep
from api.downloads import XLSX_RESPONSE, xlsx
from api.v1.common import (
    RULE_BOUNDED,
    After,
    CallerDep,
    CitedText,
    Id,
    IdPath,
    Inbound,
    KeyedPage,
    OptionalYear,
    Out,
    Page,
    PagingDep,
    Year,
    today,
)
from api.v1.schemas import listed
from lifecycle.craftsman_title import decisions, findings, local_selection, rules
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.rules import CHANNEL_LABELS, GROUP_LABELS, Channel, Group
from lifecycle.craftsman_title.stages import STATUS_LABELS, Stage, Status
from lifecycle.craftsman_title.statistics import statistics_download
from lifecycle.craftsman_title.survey import MAX_MONTHLY_FEN, QUESTIONS
from lifecycle.scope import EVERYTHING

# 工匠五力: the fourteen items of 附件1, each at most once.
POWER_ITEM_COUNT = sum(len(items) for _label, items in rules.FIVE_POWERS.values())
PowerItem = Annotated[str, Field(max_length=20)]
Evidence = Annotated[str, Field(max_length=rules.EVIDENCE_MAX)]


def title_city_caller(caller: CallerDep, reader: RequestReaderDep) -> None:
    """Every 上海工匠 route refuses (403 ``other_city``) a caller outside 上海市总工会's tree, as
    the pages do [G] 一; read in the request's reader, closed again unless the route reads."""
    try:
        in_city = svc.in_title_city(reader.get(), caller.principal.union_path)
    finally:
        reader.release()
    if not in_city:
        raise svc.other_city_refusal()


# Every 上海工匠 router's: ``APIRouter(..., dependencies=TITLE_CITY_ONLY)``.
TITLE_CITY_ONLY = [Depends(title_city_caller)]
router = APIRouter(tags=["craftsman-selections"], dependencies=TITLE_CITY_ONLY)
Count = Annotated[int, Field(ge=0, le=rules.COUNT_MAX)]
Short = Annotated[str, Field(min_length=1, max_length=100)]


class SelectionIn(Inbound):
    year: Year
    self_opens: date
    self_closes: date
    union_deadline: date


class SelectionOut(Out):
    id: int
    year: int
    self_opens: date
    self_closes: date
    union_deadline: date


class OpenedSelectionOut(SelectionOut):
    """The call just opened, with what it says of its windows on the day (reading G12)."""

    warnings: list[str]


class LocalIn(Inbound):
    """A district union's or association's local selection with its 附件3 figures."""

    union_id: Id
    participants: Count = 0
    local_craftsmen: Count = 0
    since_year: OptionalYear = None
    subordinate_selections: bool = False
    # Its bounds are the rule's (``survey.monthly_amount_problem``), said as the page says them.
    average_income_fen: Annotated[
        int | None,
        Field(json_schema_extra={"minimum": 0, "maximum": MAX_MONTHLY_FEN}),
        RULE_BOUNDED,
    ] = None


class LocalOut(Out):
    id: int
    union_id: int
    participants: int
    local_craftsmen: int
    since_year: int | None
    subordinate_selections: bool
    average_income_fen: int | None


class ApplicationIn(Inbound):
    """附件1 with the declarations [G] 一; the income survey is optional and kept apart."""

    person_id: Id
    channel: Channel
    group: Group
    applied_on: date
    chinese_nationality: bool
    front_line: bool
    deputy_bureau_or_above: bool
    org_managed_unit_head: bool
    applicant_phone: Annotated[str, Field(min_length=1, max_length=20), APPLICANT_PHONE_RULE]
    home_address: Annotated[str, Field(min_length=1, max_length=300)]
    trade: Short
    years_worked: Annotated[int, Field(ge=0, le=70)]
    # Their bounds are the rule's, said in its words (「个人自述应为500字左右（300至700字）…」).
    understanding: Annotated[str, Field(json_schema_extra={"maxLength": rules.UNDERSTANDING_MAX})]
    statement: Annotated[str, Field(json_schema_extra={"maxLength": rules.STATEMENT_MAX})]
    five_powers: Annotated[
        dict[
            Annotated[str, Field(max_length=20)],
            Annotated[str, Field(max_length=rules.EVIDENCE_MAX)],
        ],
        Field(max_length=POWER_ITEM_COUNT),
    ]
    patents_invention: Count = 0
    patents_utility: Count = 0
    patents_design: Count = 0
    honours_text: Annotated[str, Field(max_length=2000)] = ""
    # 社团推荐 by an association under the city: the applicant's district union [G] 三（一）.
    district_union_id: Id | None = None
    local_title_exception: Annotated[str | None, Field(max_length=2000)] = None
    # 附件1's questionnaire by question key: amounts in integer fen, choices in the printed
    # wording (``lifecycle.craftsman_title.survey.QUESTIONS``); blank questions may be left out.
    income_survey: (
        Annotated[
            # Any JSON value: the questionnaire's check names a wrong one (1.5 for an amount,
            # 「很高」 for a choice) once, by its question, as the page does.
            dict[Annotated[str, Field(max_length=40)], Any],
            Field(max_length=len(QUESTIONS) + 5),
        ]
        | None
    ) = None


class ApplicationOut(Out):
    """An application as lists show it: personal data masked, no income survey."""

    id: int
    selection_id: int
    person_id: int
    channel: Channel
    channel_label: str
    group: Group
    group_label: str
    district_union_id: int
    union_id: int
    association_id: int | None
    association_name: str | None
    applied_on: date
    status: Status
    status_label: str
    masked_id_card: str | None
    masked_phone: str | None
    masked_address: str | None
    message: CitedText | None = None

    @classmethod
    def of(
        cls, a: Any, masked_id_card: str | None, association: str | None, year: int
    ) -> ApplicationOut:
        awaiting = a.status == Status.AWAITING_MEMBERSHIP
        return cls(
            id=a.id,
            selection_id=a.selection_id,
            person_id=a.person_id,
            channel=a.channel,
            channel_label=CHANNEL_LABELS[a.channel],
            group=a.group,
            group_label=GROUP_LABELS[a.group],
            district_union_id=a.district_union_id,
            union_id=a.union_id,
            association_id=a.association_id,
            association_name=association,
            applied_on=a.applied_on,
            status=a.status,
            status_label=STATUS_LABELS[a.status],
            masked_id_card=masked_id_card,
            masked_phone=a.masked_phone,
            masked_address=a.masked_address,
            message=rules.join_union_message(year) if awaiting else None,
        )


class DecideIn(Inbound):
    stage: Stage
    passed: bool
    opinion: Annotated[str, Field(min_length=1, max_length=decisions.OPINION_MAX)]
    signer: Short
    decided_on: date
    credit_check_passed: bool | None = None
    interview_passed: bool | None = None
    notice_from: date | None = None
    notice_to: date | None = None
    objections: Annotated[str | None, Field(max_length=decisions.OBJECTIONS_MAX)] = None
    # A self-applicant's 资格审查 (the city's): the district's opinion and its day [G] 三（一）.
    district_opinion: Annotated[str | None, Field(max_length=decisions.DISTRICT_OPINION_MAX)] = None
    district_opinion_on: date | None = None


class FindingIn(Inbound):
    found_on: date
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    person_id: Id | None = None
    unit_union_id: Id | None = None


class FindingOut(Out):
    id: int
    person_id: int | None
    unit_union_id: int | None
    found_on: date
    barred_until: date


def application_out(u: Any, a: Any) -> ApplicationOut:
    # The application is already in scope: its applicant and association are shown with it.
    person = u.persons.get(a.person_id, EVERYTHING)
    association = u.unions.get(a.association_id, EVERYTHING) if a.association_id else None
    year = svc.get_selection(u, a.selection_id).year  # whose notice the message cites
    return ApplicationOut.of(
        a,
        person.masked_id_card if person else None,
        association.name if association else None,
        year,
    )


@router.get("/craftsman-selections", response_model=Page[SelectionOut])
def list_selections(
    caller: CallerDep,  # noqa: ARG001 - the access registry reads it
    u: ReaderDep,
    paging: PagingDep,
) -> Page[SelectionOut]:
    """Every year's call, the latest first."""
    return listed(svc.repo(u).selections_page(paging.window), SelectionOut.model_validate, paging)


@router.post("/craftsman-selections", response_model=OpenedSelectionOut, status_code=201)
def open_selection(
    body: SelectionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> OpenedSelectionOut:
    """The city opens the year's call [G] 二（三）、五（四）: not after its unions' deadline; opened
    after the self window, ``warnings`` says it takes recommendations only (reading G12)."""
    as_of = today(clock)
    with uow(caller.principal.actor) as u:
        cmd = svc.OpenSelection(**body.model_dump())
        done = svc.open_selection(u, cmd, scope=caller.scope, as_of=as_of)
        u.commit()
        out = SelectionOut.model_validate(done)
        note = rules.self_window_note(done.self_opens, done.self_closes, done.union_deadline, as_of)
        return OpenedSelectionOut(**out.model_dump(), warnings=[note] if note else [])


@router.get(
    "/craftsman-selections/applications/{craftsman_application_id}", response_model=ApplicationOut
)
def get_application(
    craftsman_application_id: IdPath, caller: CallerDep, u: ReaderDep
) -> ApplicationOut:
    """One application, personal data masked."""
    return application_out(u, svc.get_application(u, craftsman_application_id, caller.scope))


@router.get("/craftsman-selections/applications/{craftsman_application_id}/income-survey")
def income_survey(
    craftsman_application_id: IdPath, caller: CallerDep, u: ReaderDep
) -> dict[str, str | int | bool | None]:
    """The income survey, apart from the decision: statistics readers only (附件1 调研).

    The answered questions by key (amounts in integer fen); ``{}`` when none was answered.
    """
    return dict(svc.get_application(u, craftsman_application_id, caller.scope).income_survey or {})


@router.post(
    "/craftsman-selections/applications/{craftsman_application_id}/membership",
    response_model=ApplicationOut,
)
def confirm_membership(
    craftsman_application_id: IdPath, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationOut:
    """The applicant has joined the union (入会): the application is accepted [G] 二; not once
    the unions' deadline is past (409 ``lapsed``) [G] 五（四）."""
    with uow(caller.principal.actor) as u:
        done = svc.confirm_membership(
            u, craftsman_application_id, as_of=today(clock), scope=caller.scope
        )
        u.commit()
        return application_out(u, done)


@router.post(
    "/craftsman-selections/applications/{craftsman_application_id}/stages",
    response_model=ApplicationOut,
)
def decide_stage(
    craftsman_application_id: IdPath,
    body: DecideIn,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> ApplicationOut:
    """A stage decided by the union level that owns it, in order, not dated ahead [G] 三."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = decisions.Decide(craftsman_application_id, **body.model_dump())
        done = decisions.decide_stage(
            u,
            cmd,
            deciding_union_id=caller.principal.union_id,
            actor=actor,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return application_out(u, done)


@router.post("/craftsman-selections/false-declarations", response_model=FindingOut, status_code=201)
def record_finding(body: FindingIn, caller: CallerDep, uow: UowDep, clock: ClockDep) -> FindingOut:
    """瞒报、虚报 found: disqualified and barred 3 years [G] 五（三）."""
    actor = caller.principal.actor
    with uow(actor) as u:
        done = findings.record_false_declaration(
            u,
            findings.RecordFinding(**body.model_dump()),
            actor=actor,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return FindingOut(
            id=done.id,
            person_id=done.person_id,
            unit_union_id=done.unit_union_id,
            found_on=done.found_on,
            barred_until=rules.barred_until(done.found_on),
        )


@router.post(
    "/craftsman-selections/{selection_id}/local-selections",
    response_model=LocalOut,
    status_code=201,
)
def record_local(selection_id: IdPath, body: LocalIn, caller: CallerDep, uow: UowDep) -> LocalOut:
    """A district union or association ran its own 工匠 selection [G] 五（二）."""
    with uow(caller.principal.actor) as u:
        cmd = local_selection.RecordLocal(selection_id, **body.model_dump())
        done = local_selection.record_local_selection(
            u, cmd, recording_union_id=caller.principal.union_id, scope=caller.scope
        )
        u.commit()
        return LocalOut.model_validate(done)


@router.get(
    "/craftsman-selections/{selection_id}/applications",
    response_model=KeyedPage[ApplicationOut],
)
def list_applications(
    selection_id: IdPath,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    *,
    group: Group | None = None,
    after: After = None,
) -> KeyedPage[ApplicationOut]:
    """The year's applications in scope in id order (one 组别 if asked), personal data masked,
    a page at a time; ``after`` (the previous page's ``next_after``) pages by key."""
    svc.get_selection(u, selection_id)
    rows = svc.repo(u).application_page(
        selection_id, caller.scope, paging.window, group=group, after=after
    )
    items = [application_out(u, a) for a in rows.items]
    return KeyedPage.of(items, [a.id for a in items], rows.total, paging)


@router.post(
    "/craftsman-selections/{selection_id}/applications",
    response_model=ApplicationOut,
    status_code=201,
)
def apply(
    selection_id: IdPath, body: ApplicationIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ApplicationOut:
    """File a 申报审批表 today (the window is judged on it); a non-member is directed to 入会
    [G] 一、二."""
    with uow(caller.principal.actor) as u:
        cmd = svc.Apply(selection_id, **body.model_dump())
        done = svc.apply(u, cmd, as_of=today(clock), scope=caller.scope)
        u.commit()
        return application_out(u, done)


@router.get(
    "/craftsman-selections/{selection_id}/statistics.xlsx",
    response_class=Response,
    responses=XLSX_RESPONSE,
)
def statistics(selection_id: IdPath, caller: CallerDep, u: ReaderDep) -> Response:
    """附件3 统计表 of every recommending union and association, as Excel (the city)."""
    content, filename = statistics_download(u, selection_id, scope=caller.scope)
    return xlsx(content, filename)


@router.get(
    "/craftsman-selections/{selection_id}/unions/{union_id}/statistics.xlsx",
    response_class=Response,
    responses=XLSX_RESPONSE,
)
def union_statistics(
    selection_id: IdPath, union_id: IdPath, caller: CallerDep, u: ReaderDep
) -> Response:
    """附件3 统计表 of the recommending (district-level) union at or above ``union_id``."""
    content, filename = statistics_download(u, selection_id, scope=caller.scope, union_id=union_id)
    return xlsx(content, filename)
