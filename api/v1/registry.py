"""Unions and contacts, persons and honours over JSON (workshops: ``api.v1.workshops``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.body_rules import CONTACT_EMAIL_RULE, CONTACT_PHONE_RULE, ID_CARD_RULE, required
from api.deps import ClockDep, ReaderDep, UowDep
from api.errors import NOT_NULL, records
from api.v1.common import (
    After,
    CallerDep,
    Id,
    IdPath,
    Inbound,
    KeyedPage,
    Out,
    Page,
    PagingDep,
    UnionFilter,
    Version,
    Year,
    found,
    today,
    visible_under,
)
from api.v1.schemas import AuditEntryOut, audit_page, listed
from lifecycle.calendar.retirement import legal_retirement
from lifecycle.errors import UnseenReference
from lifecycle.persons.model import Person
from lifecycle.persons.service import (
    PERSON_NAME,
    HonourInput,
    NewPerson,
    add_honour,
    amend_person,
    correct_member,
    register_member,
    register_person,
)
from lifecycle.unions.service import CONTACT_NAME, NewContact, NewUnion, add_contact, create_union
from lifecycle.vocab import (
    ContactRole,
    EmploymentStatus,
    Gender,
    Honour,
    RetirementGroup,
    SkillLevel,
    UnionLevel,
)

router = APIRouter(tags=["registry"])
Text = Annotated[str, Field(min_length=1, max_length=200)]
OptText = Annotated[str | None, Field(default=None, max_length=200)]


class UnionOut(Out):
    id: int
    name: str
    level: UnionLevel
    parent_id: int | None
    path: str
    doc_prefix: str | None
    region_code: str | None


class NewUnionIn(Inbound):
    record_kind = "union"
    name: Text
    level: UnionLevel
    parent_id: Id
    doc_prefix: Annotated[str | None, Field(default=None, max_length=20)] = None
    region_code: Annotated[str | None, Field(default=None, max_length=40)] = None


class ContactOut(Out):
    id: int
    union_id: int
    name: str
    email: str
    role: ContactRole
    phone: str | None
    version: int = Field(description="版本：修改时作为 expected_version 传回")


class NewContactIn(Inbound):
    record_kind = "contact"
    name: Annotated[str, Field(min_length=1, max_length=100), required(CONTACT_NAME)]
    email: Annotated[str, Field(min_length=3, max_length=254), CONTACT_EMAIL_RULE]
    role: ContactRole
    # Optional (null or "" is none); trimmed and checked (at most 40) by the use case, as a
    # correction's phone is.
    phone: Annotated[str | None, CONTACT_PHONE_RULE] = None


class HonourOut(Out):
    id: int
    honour: Honour
    year: int
    reference: str | None = Field(
        description="授予依据（命名文件文号或公示名单）：每条“上海工匠”都有——手工登记时必填，"
        "经本系统选树授予的为其社会公示与授予日期（选树申报编号），导入的为导入表“授予依据”列；"
        "其他荣誉可不填"
    )


class PersonOut(BaseModel):
    id: int
    name: str
    gender: Gender
    birth_date: date
    retirement_group: RetirementGroup
    id_card_masked: str | None = Field(description="身份证号（脱敏）")
    is_union_member: bool
    union_id: int | None
    employer: str | None
    employment_status: EmploymentStatus
    skill_level: SkillLevel
    professional_title: str | None
    education: str | None
    honours: list[HonourOut]
    legal_retirement_date: date = Field(description="法定退休日期（2025年渐进式延迟退休办法）")
    legal_retirement_age: str = Field(description="法定退休年龄，如 60岁4个月")
    legal_retirement_age_months: int = Field(description="法定退休年龄（月）")
    version: int = Field(description="版本：更正时作为 expected_version 传回")

    @classmethod
    def of(cls, p: Person) -> PersonOut:
        retirement = legal_retirement(p.birth_date, p.retirement_group)
        return cls(
            id=p.id,
            name=p.name,
            gender=p.gender,
            birth_date=p.birth_date,
            retirement_group=p.retirement_group,
            id_card_masked=p.masked_id_card,
            is_union_member=p.is_union_member,
            union_id=p.union_id,
            employer=p.employer,
            employment_status=p.employment_status,
            skill_level=p.skill_level,
            professional_title=p.professional_title,
            education=p.education,
            honours=[HonourOut.model_validate(h) for h in p.honours],
            legal_retirement_date=retirement.date,
            legal_retirement_age=retirement.age.label,
            legal_retirement_age_months=retirement.age.total_months,
            version=p.version,
        )


class HonourIn(Inbound):
    record_kind = "person"  # a person's honour: 荣誉年份, as the rule words it
    honour: Honour
    year: Year
    reference: str | None = Field(
        default=None,
        description="授予依据（命名文件文号或公示名单）：手工登记“上海工匠”时必填，不超过100个字符",
    )


class PersonDataIn(Inbound):
    """A person's own data: what registering records and a correction replaces."""

    record_kind = "person"
    name: Annotated[str, Field(min_length=1, max_length=100), required(PERSON_NAME)]
    gender: Gender
    birth_date: date
    retirement_group: RetirementGroup | None = None
    id_card_number: Annotated[str | None, Field(default=None, max_length=18), ID_CARD_RULE] = None
    is_union_member: bool = True
    employer: OptText = None
    employment_status: EmploymentStatus = EmploymentStatus.EMPLOYED
    skill_level: SkillLevel = SkillLevel.NONE
    professional_title: Annotated[str | None, Field(default=None, max_length=100)] = None
    education: Annotated[str | None, Field(default=None, max_length=50)] = None


class PersonCorrectionIn(Inbound):
    """Fields left out keep their value; null clears an optional one (ID number, employer,
    professional title, education) and gives a new gender its default retirement group. The
    employment status changes only through a leader event (退休、离职、去世). ``reason``, why
    the record is corrected, is required and kept with the change in the audit log.
    ``expected_version``: the ``version`` read; a record changed since is refused (409)."""

    record_kind = "person"
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, Field(max_length=500)]
    expected_version: Version = None
    name: Annotated[str | None, Field(min_length=1, max_length=100)] = None
    gender: Gender | None = None
    birth_date: date | None = None
    retirement_group: RetirementGroup | None = None
    id_card_number: Annotated[str | None, Field(max_length=18), ID_CARD_RULE] = None
    is_union_member: bool | None = None
    employer: OptText = None
    skill_level: SkillLevel | None = None
    professional_title: Annotated[str | None, Field(max_length=100)] = None
    education: Annotated[str | None, Field(max_length=50)] = None

    @field_validator("name", "gender", "birth_date", "is_union_member", "skill_level")
    @classmethod
    def _kept_or_given(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError(NOT_NULL, "不能为空；不修改的字段请省略")
        return value


class AssociationMemberIn(PersonDataIn):
    """A member an association registers under itself (the union is the path's) [G] 二（二）."""

    honours: Annotated[list[HonourIn], Field(default_factory=list, max_length=20)]


class MemberCorrectionIn(PersonDataIn):
    """A 社团's correction of its member: the whole record, but ``id_card_number`` left out keeps
    the recorded one (it is only ever returned masked); null removes it; ``employment_status``
    left out keeps the recorded one, and a workshop leader's changes only through a leader
    event (422 ``leader_event_required``). A changed name, gender,
    birth date or ID number needs ``reason``, kept with the change in the audit log.
    ``expected_version``: the ``version`` read; a record changed since is refused (409)."""

    reason: Annotated[str | None, Field(default=None, max_length=500)] = None
    expected_version: Version = None


class NewPersonIn(AssociationMemberIn):
    union_id: Id


# unions and contacts


@router.get("/unions", response_model=Page[UnionOut])
def unions(
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    under: UnionFilter = None,
    level: Annotated[UnionLevel | None, Query()] = None,
) -> Page[UnionOut]:
    under = visible_under(u, caller, under)
    rows = u.listings.unions(caller.scope, paging.window, level=level, under=under)
    items = [UnionOut.model_validate(r) for r in rows.items]
    return Page(items=items, total=rows.total, limit=paging.limit, offset=paging.offset)


@router.get("/unions/{union_id}", response_model=UnionOut)
def union(union_id: IdPath, caller: CallerDep, u: ReaderDep) -> UnionOut:
    return UnionOut.model_validate(found(u.unions.get(union_id, caller.scope)))


@router.post("/unions", response_model=UnionOut, status_code=201)
def new_union(body: NewUnionIn, caller: CallerDep, uow: UowDep) -> UnionOut:
    with uow(caller.principal.actor) as u:
        # A parent missing or outside the caller's subtree is the body's problem, as every
        # record a body refers to is in this API (users' union_id…): 422 naming parent_id.
        if u.unions.get(body.parent_id, caller.scope) is None:
            raise UnseenReference("上级工会不存在或不在管辖范围内", field="parent_id")
        cmd = NewUnion(body.name, body.level, body.parent_id, body.doc_prefix, body.region_code)
        created = create_union(u, cmd)
        u.commit()
        return UnionOut.model_validate(created)


@router.get("/unions/{union_id}/contacts", response_model=Page[ContactOut])
def contacts(
    union_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[ContactOut]:
    found(u.unions.get(union_id, caller.scope))
    rows = u.listings.contacts(union_id, caller.scope, paging.window)
    return listed(rows, ContactOut.model_validate, paging)


@router.post("/unions/{union_id}/contacts", response_model=ContactOut, status_code=201)
def new_contact(union_id: IdPath, body: NewContactIn, caller: CallerDep, uow: UowDep) -> ContactOut:
    with uow(caller.principal.actor) as u:
        cmd = NewContact(union_id, body.name, body.email, body.role, body.phone)
        created = add_contact(u, cmd, scope=caller.scope)
        u.commit()
        return ContactOut.model_validate(created)


@router.get("/unions/{union_id}/audit", response_model=Page[AuditEntryOut])
def union_audit(
    union_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    found(u.unions.get(union_id, caller.scope))
    return audit_page(u, "unions", union_id, paging)


# persons and honours


@router.get("/persons", response_model=KeyedPage[PersonOut])
@records("person")  # ``name`` is 姓名 in a refusal, as the 人员 page's search words it
def persons(
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    name: Annotated[
        str | None,
        Query(max_length=100, description="姓名的一部分，或身份证号码后4位（如 0018、104X）"),
    ] = None,
    after: After = None,
) -> KeyedPage[PersonOut]:
    """The persons in the caller's scope in id order; ``after`` (the previous page's
    ``next_after``) pages by key."""
    rows = u.listings.persons(caller.scope, paging.window, name=name, after=after)
    items = [PersonOut.of(p) for p in rows.items]
    return KeyedPage.of(items, [p.id for p in items], rows.total, paging)


@router.get("/persons/{person_id}", response_model=PersonOut)
def person(person_id: IdPath, caller: CallerDep, u: ReaderDep) -> PersonOut:
    return PersonOut.of(found(u.listings.person(person_id, caller.scope)))


@router.post("/persons", response_model=PersonOut, status_code=201)
def new_person(body: NewPersonIn, caller: CallerDep, uow: UowDep, clock: ClockDep) -> PersonOut:
    with uow(caller.principal.actor) as u:
        data = body.model_dump(exclude={"honours"})
        honours = tuple(HonourInput(h.honour, h.year, h.reference) for h in body.honours)
        created = register_person(
            u,
            NewPerson(**data, honours=honours),
            as_of=today(clock),
            scope=caller.scope,
            entered_by=caller.principal.role,
        )
        u.commit()
        return PersonOut.of(created)


@router.patch("/persons/{person_id}", response_model=PersonOut)
def correct_person_data(
    person_id: IdPath, body: PersonCorrectionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> PersonOut:
    """Correct a person's record in the caller's subtree by the rules of registering it."""
    with uow(caller.principal.actor) as u:
        changes = body.model_dump(exclude_unset=True, exclude={"reason", "expected_version"})
        amend_person(
            u,
            person_id,
            changes,
            reason=body.reason,
            as_of=today(clock),
            scope=caller.scope,
            expected_version=body.expected_version,
        )
        u.commit()
        return PersonOut.of(found(u.listings.person(person_id, caller.scope)))


@router.post("/persons/{person_id}/honours", response_model=HonourOut, status_code=201)
def new_honour(
    person_id: IdPath, body: HonourIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> HonourOut:
    with uow(caller.principal.actor) as u:
        found(u.listings.person(person_id, caller.scope))
        created = add_honour(
            u,
            person_id,
            HonourInput(body.honour, body.year, body.reference),
            as_of=today(clock),
            scope=caller.scope,
            entered_by=caller.principal.role,
        )
        u.commit()
        return HonourOut.model_validate(created)


@router.post("/associations/{union_id}/members", response_model=PersonOut, status_code=201)
def new_association_member(
    union_id: IdPath, body: AssociationMemberIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> PersonOut:
    """A 社团 registers a person as its own member; any other union is not found [G] 二（二）."""
    with uow(caller.principal.actor) as u:
        data = body.model_dump(exclude={"honours"})
        honours = tuple(HonourInput(h.honour, h.year, h.reference) for h in body.honours)
        created = register_member(
            u,
            union_id,
            NewPerson(**data, honours=honours),
            as_of=today(clock),
            scope=caller.scope,
            entered_by=caller.principal.role,
        )
        u.commit()
        return PersonOut.of(created)


@router.put("/associations/{union_id}/members/{person_id}", response_model=PersonOut)
def correct_association_member(
    union_id: IdPath,
    person_id: IdPath,
    body: MemberCorrectionIn,
    *,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> PersonOut:
    """A 社团 corrects its member's record (the whole of it but a left-out ID number; honours
    are recorded apart)."""
    with uow(caller.principal.actor) as u:
        cmd = NewPerson(**body.model_dump(exclude={"reason", "expected_version"}))
        correct_member(
            u,
            union_id,
            person_id,
            cmd,
            reason=body.reason,
            keep_id_card="id_card_number" not in body.model_fields_set,
            keep_status="employment_status" not in body.model_fields_set,
            as_of=today(clock),
            scope=caller.scope,
            expected_version=body.expected_version,
        )
        u.commit()
        return PersonOut.of(found(u.listings.person(person_id, caller.scope)))


@router.get("/persons/{person_id}/audit", response_model=Page[AuditEntryOut])
def person_audit(
    person_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    found(u.listings.person(person_id, caller.scope))
    return audit_page(u, "persons", person_id, paging)


# workshops and members
