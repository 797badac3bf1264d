"""Use cases of the 上海工匠 selection [G]: call, application, stages, findings; callers commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lifecycle.citations import TITLES
from lifecycle.clock import chinese_date
from lifecycle.craftsman_title import rules, survey
from lifecycle.craftsman_title.model import (
    CraftsmanApplication,
    CraftsmanSelection,
)
from lifecycle.craftsman_title.repository import CraftsmanRepository
from lifecycle.craftsman_title.rules import Channel, Group
from lifecycle.craftsman_title.stages import Status, lapsed, lapsed_membership_refusal
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import (
    DomainError,
    FieldProblem,
    NotFound,
    Problems,
    TransitionRefused,
    UnseenReference,
)
from lifecycle.plausible_dates import call_year_ahead_problem
from lifecycle.schemes.authority import Namer
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EMPLOYMENT_STATUS_LABELS, EmploymentStatus, Honour, UnionLevel


def repo(uow: UnitOfWork) -> CraftsmanRepository:
    """The selection's repository over the unit's session."""
    return CraftsmanRepository(uow.session)


class Forbidden(DomainError):
    """A stage decided by a union level the notice does not give it to."""

    code = "wrong_level"
    http_status = 403


# 上海市总工会 issues the call (the notice's signature), approves (市总审定 [G] 三（四）) and
# confers the title [G] 四; it is for 全市各行各业在职职工 [G] 一: another city's unions (乐山)
# neither open it nor take part.
TITLE_CITY = Namer("shanghai", "上海市总工会")
# A 人员编号 naming no registered person (or one without a union) [G] 附件1 「申报人」.
NO_APPLICANT = "申报人不存在或未登记所属工会"
# A person recorded as no longer working is no 在职职工 [G] 一.
NOT_EMPLOYED = frozenset({EmploymentStatus.LEFT, EmploymentStatus.DECEASED})


def title_city(uow: UnitOfWork) -> Union | None:
    """The city union whose call the 上海工匠 selection is (None when not registered)."""
    return uow.unions.of_region(TITLE_CITY.region, UnionLevel.CITY)


def in_title_city(uow: UnitOfWork, path: str) -> bool:
    """Whether a union (by its path) lies in 上海市总工会's tree [G] 一."""
    city = title_city(uow)
    return city is not None and path.startswith(city.path)


def other_city_refusal() -> NotAuthorised:
    """Why a user outside 上海市总工会's tree is refused every 上海工匠 page and API route: the
    selection is the city's call, open to its own workers only [G] 一."""
    return NotAuthorised(
        f"“上海工匠”培养选树由{TITLE_CITY.name}组织，面向上海市各行各业职工"
        f"（{TITLES['G']}一）；本工会及所属工会的职工不参加，本工会也不能开启年度选树",
        code="other_city",
    )


def may_open_selection(uow: UnitOfWork, scope: Scope) -> bool:
    """Whether a caller of ``scope`` acts for 上海市总工会 (or above it), which opens the call."""
    city = title_city(uow)
    return city is not None and scope.covers_path(city.path)


@dataclass(frozen=True)
class OpenSelection:
    year: int
    self_opens: date
    self_closes: date
    union_deadline: date


def open_selection(
    uow: UnitOfWork, cmd: OpenSelection, *, scope: Scope, as_of: date
) -> CraftsmanSelection:
    """The city opens the year's call with its dates [G] 二（三）、五（四） on ``as_of``: not one
    whose unions' deadline has already passed (reading G12)."""
    # The call is city-wide reference data: only city roles hold the permission, and of them
    # only 上海市总工会's (another city's officer holds the same role for its own city).
    if not may_open_selection(uow, scope):
        message = f"“上海工匠”年度选树由{TITLE_CITY.name}开启，本工会不能开启"
        raise NotAuthorised(f"{message}（{rules.notice_of(cmd.year)}）", field="actor")
    problems = Problems(
        selection_field_problems(
            cmd.year, cmd.self_opens, cmd.self_closes, cmd.union_deadline, as_of=as_of
        )
    )
    possible = rules.call_year_problem(cmd.year) is None  # else no call to repeat, nor a query

    def taken() -> FieldProblem | None:
        if repo(uow).selection_of_year(cmd.year) is None:
            return None
        return FieldProblem("year", "duplicate", f"{cmd.year}年度选树已开启")

    if possible and (problem := taken()):
        problems.items.append(problem)
    problems.raise_if_any()
    # The year's call opened meanwhile by another request: refused as here.
    return repo(uow).add_selection(CraftsmanSelection(**cmd.__dict__), taken=taken)


def selection_field_problems(
    year: int | None,
    self_opens: date | None,
    self_closes: date | None,
    union_deadline: date | None,
    *,
    as_of: date | None = None,
) -> list[FieldProblem]:
    """What opening a year's call would refuse in these typed fields (None: unreadable, already
    refused by the form): for a form refused before the use case runs, so every bad field shows
    at once [G] 二（三）、五（四）. The unions' deadline is not before the self window closes: a
    self-application filed on its last day still awaiting 入会 lapses after that deadline
    (``stages.lapsed``), or it would lapse the day it is filed (readings G10, G13).
    ``as_of`` (the day it is opened): a call whose every window has closed takes no application
    and is refused beside the unions' deadline (reading G12)."""
    problems = Problems()
    if year is not None and (why := rules.call_year_problem(year)):
        problems.add("year", "out_of_range", why)
        year = None  # no date is said to lie in a year that cannot be
    elif year is not None and as_of is not None and (why := call_year_ahead_problem(year, as_of)):
        problems.add("year", "out_of_range", why)  # 2061's call opened in 2026
    if self_opens is not None and self_closes is not None and self_closes < self_opens:
        problems.add("self_closes", "invalid_window", "自荐截止日期不能早于开始日期")
    elif self_closes is not None and union_deadline is not None and union_deadline < self_closes:
        problems.add(
            "union_deadline",
            "before_self_closes",
            f"区局（产业）工会及社团申报截止日期不能早于个人自荐截止日期（{chinese_date(self_closes)}）："
            "尚未入会的自荐申报人须在此前完成入会",
        )
    if (
        as_of is not None
        and union_deadline is not None
        and union_deadline < as_of
        and not any(p.field == "union_deadline" for p in problems.items)
    ):
        problems.add(
            "union_deadline", "deadline_passed", rules.closed_call_message(union_deadline, as_of)
        )
    dated = (("self_opens", self_opens), ("self_closes", self_closes),
             ("union_deadline", union_deadline))  # fmt: skip
    for name, d in dated:
        if year is not None and d is not None and d.year != year:
            problems.add(name, "wrong_year", f"日期应在{year}年内")
    return problems.items


def get_selection(uow: UnitOfWork, selection_id: int) -> CraftsmanSelection:
    """One year's call (reference data of the whole city)."""
    found = repo(uow).selection(selection_id)
    if found is None:
        raise NotFound("该年度选树不存在", field="selection_id")
    return found


@dataclass(frozen=True)
class Apply:
    """The 申报审批表 (附件1) with the eligibility declarations [G] 一."""

    selection_id: int
    person_id: int
    channel: Channel
    group: Group
    applied_on: date
    chinese_nationality: bool
    front_line: bool
    deputy_bureau_or_above: bool
    org_managed_unit_head: bool
    applicant_phone: str
    home_address: str
    trade: str
    years_worked: int
    understanding: str
    statement: str
    five_powers: dict[str, str] = field(default_factory=dict)
    patents_invention: int = 0
    patents_utility: int = 0
    patents_design: int = 0
    honours_text: str = ""
    # 社团推荐 of an association under the city: the district union where the applicant works,
    # whose written opinion the qualification check records [G] 三（一）.
    district_union_id: int | None = None
    local_title_exception: str | None = None
    # 附件1's questionnaire by question key (``survey.QUESTIONS``): amounts in fen, optional.
    income_survey: dict[str, Any] | None = None


def _barred(
    uow: UnitOfWork, *, person_id: int | None, unit: int | None, scope: Scope
) -> date | None:
    findings = repo(uow).findings(person_id=person_id, unit_union_id=unit, scope=scope)
    return max((rules.barred_until(f.found_on) for f in findings), default=None)


_POWER_ITEMS = {item for _, items in rules.FIVE_POWERS.values() for item in items}


def _district_of(uow: UnitOfWork, union: Union, cmd: Apply, problems: Problems) -> Union:
    """The district union that checks qualification: the applicant's own, or for an
    association's member the one named on the form (by default the association's)."""
    own = uow.unions.ancestor_at_level(union, UnionLevel.DISTRICT)
    if union.level != UnionLevel.ASSOCIATION or cmd.district_union_id is None:
        if own is None and union.level == UnionLevel.ASSOCIATION:
            problems.add("district_union_id", "required", "请选择申报人所在区局（产业）工会")
        return own or union
    # Any district of the city may be named: which unions exist is city-wide reference data;
    # another city's district is none of 上海's 区局（产业）工会 [G] 三（一）.
    named = uow.unions.get(cmd.district_union_id, EVERYTHING)
    if named is None or named.level != UnionLevel.DISTRICT:
        problems.add("district_union_id", "not_district", "应为区局（产业）工会")
        return own or union
    if not in_title_city(uow, named.path):
        problems.add(
            "district_union_id", "not_in_city", f"应为{TITLE_CITY.name}所属的区局（产业）工会"
        )
        return own or union
    return named


def application_field_problems(  # noqa: PLR0917 - the typed blocks of 附件1
    five_powers: Mapping[str, str],
    applicant_phone: str,
    home_address: str,
    trade: str,
    understanding: str,
    statement: str,
    *,
    declared: Mapping[str, bool] | None = None,
    year: int | None = None,
    years_worked: int | None = None,
    patents: Mapping[str, int] | None = None,
    honours_text: str = "",
) -> list[FieldProblem]:
    """What filing would refuse in these typed fields whatever the applicant (工匠五力, the
    required blocks, the text lengths of 附件1): for a form refused before the use case runs, so
    every bad field shows at once. ``declared`` (the four declarations of [G] 一 by name) adds
    their clauses, cited from the notice of the call's ``year``; the use case reads them with the
    applicant's other facts instead."""
    problems = Problems()
    for path, message in rules.text_length_problems(understanding, statement):
        problems.add(path, "length", message)
    unknown = set(five_powers) - _POWER_ITEMS
    if unknown:
        problems.add("five_powers", "unknown_item", f"工匠五力中没有：{'、'.join(sorted(unknown))}")
    too_long = [item for item, v in five_powers.items() if len(v.strip()) > rules.EVIDENCE_MAX]
    if too_long:
        problems.add(
            "five_powers",
            "too_long",
            f"工匠五力「{'、'.join(too_long)}」的说明不能超过{rules.EVIDENCE_MAX}个字符",
        )
    if not any(v.strip() for v in five_powers.values()):
        problems.add("five_powers", "required", "工匠五力至少填写一项并附经单位盖章的证明材料")
    typed = {"applicant_phone": applicant_phone, "home_address": home_address, "trade": trade}
    for name, value in typed.items():
        if not value.strip():
            problems.add(name, "required", "此项不得缺项、漏项（附件1）")
    phone = rules.phone_problem(applicant_phone)
    if phone is not None:
        problems.add("applicant_phone", "not_a_phone", phone)
    problems.items += _count_problems(years_worked, patents or {}, honours_text)
    refused = rules.declaration_refusals(year, **declared) if declared and year else ()
    for refusal in refused:
        problems.add(refusal.field, refusal.code, refusal.message)
    return problems.items


_PATENT_LABELS = {
    "patents_invention": "发明专利数",
    "patents_utility": "实用新型专利数",
    "patents_design": "外观设计专利数",
}


def _count_problems(
    years_worked: int | None, patents: Mapping[str, int], honours_text: str
) -> list[FieldProblem]:
    """附件1's 工作年限 (0 to a working life), 专利数 (none negative) and 荣誉 (its length): the
    same bounds on every surface, not only where the API's schema holds them."""
    problems = Problems()
    if years_worked is not None and (why := rules.years_worked_problem(years_worked)):
        problems.add("years_worked", "out_of_range", why)
    for name, count in patents.items():
        if why := rules.count_problem(count, _PATENT_LABELS[name]):
            problems.add(name, "out_of_range", why)
    if len(honours_text.strip()) > rules.HONOURS_MAX:
        problems.add("honours_text", "too_long", f"曾经获得的荣誉不能超过{rules.HONOURS_MAX}个字符")
    return problems.items


def apply(uow: UnitOfWork, cmd: Apply, *, as_of: date, scope: Scope) -> CraftsmanApplication:
    """File an application on ``as_of`` (today: the window is judged on the day it is filed);
    every failed clause is named; a non-member waits for 入会 [G] 一、二."""
    selection = get_selection(uow, cmd.selection_id)
    person = uow.persons.get(cmd.person_id, scope)
    if person is None or person.union_id is None:
        raise UnseenReference(NO_APPLICANT, field="person_id")
    union = uow.unions.get(person.union_id, scope)
    if union is None:
        raise UnseenReference(NO_APPLICANT, field="person_id")
    if not in_title_city(uow, union.path):
        message = f"“上海工匠”面向{TITLE_CITY.name}所属各行各业的职工，{union.name}的职工不能申报"
        raise NotAuthorised(rules.cited(message, selection.year, "一"), field="person_id")
    problems = Problems()
    association = union if union.level == UnionLevel.ASSOCIATION else None
    district = _district_of(uow, union, cmd, problems)
    refusal = rules.channel_refusal(
        cmd.channel, selection.year, association_member=association is not None
    )
    if refusal:
        problems.add(refusal.field, refusal.code, refusal.message)
    problems.items += application_field_problems(
        cmd.five_powers,
        cmd.applicant_phone,
        cmd.home_address,
        cmd.trade,
        cmd.understanding,
        cmd.statement,
        years_worked=cmd.years_worked,
        patents={
            "patents_invention": cmd.patents_invention,
            "patents_utility": cmd.patents_utility,
            "patents_design": cmd.patents_design,
        },
        honours_text=cmd.honours_text,
    )
    answers, refused = survey.check(cmd.income_survey or {})
    for p in refused:
        problems.add(f"income_survey.{p.key}", p.code, p.message)
    if repo(uow).application_of(cmd.selection_id, cmd.person_id) is not None:
        problems.add("person_id", "duplicate", f"该申报人已申报{selection.year}年度“上海工匠”")
    facts = rules.Candidate(
        channel=cmd.channel,
        applied_on=cmd.applied_on,
        filed_on=as_of,
        chinese_nationality=cmd.chinese_nationality,
        union_member=person.is_union_member,
        front_line=cmd.front_line,
        deputy_bureau_or_above=cmd.deputy_bureau_or_above,
        org_managed_unit_head=cmd.org_managed_unit_head,
        retired=person.employment_status == EmploymentStatus.RETIRED,
        holds_local_title=repo(uow).holds_honour(
            person.id, Honour.DISTRICT_CRAFTSMAN, up_to=selection.year
        ),
        local_title_exception=cmd.local_title_exception,
        recommender_ran_local_selection=cmd.channel == Channel.SELF
        or repo(uow).ran_local(selection.id, union_id=(association or district).id),
        person_barred_until=_barred(uow, person_id=person.id, unit=None, scope=scope),
        unit_barred_until=_barred(uow, person_id=None, unit=union.id, scope=scope),
        not_employed=(
            EMPLOYMENT_STATUS_LABELS[person.employment_status]
            if person.employment_status in NOT_EMPLOYED
            else None
        ),
    )
    windows = rules.Windows(
        selection.year, selection.self_opens, selection.self_closes, selection.union_deadline
    )
    for refusal in rules.refusals(facts, windows):
        problems.add(refusal.field, refusal.code, refusal.message)
    problems.raise_if_any()
    status = Status.AWAITING_MEMBERSHIP if rules.must_join_union(facts) else Status.QUALIFICATION
    data = {k: v for k, v in cmd.__dict__.items() if k != "district_union_id"}
    data["income_survey"] = answers or None  # a blank questionnaire is no survey
    return repo(uow).add(
        CraftsmanApplication(
            **data,
            association_id=association.id if association else None,
            district_union_id=district.id,
            union_id=union.id,
            status=status,
        )
    )


def get_application(uow: UnitOfWork, application_id: int, scope: Scope) -> CraftsmanApplication:
    """One application inside the caller's scope."""
    found = repo(uow).application(application_id, scope)
    if found is None:
        raise NotFound("申报不存在", field="application_id")
    return found


def confirm_membership(
    uow: UnitOfWork, application_id: int, *, as_of: date, scope: Scope
) -> CraftsmanApplication:
    """The applicant joined the union (入会): the application is accepted [G] 二（二）（三）;
    not once the unions' deadline is past, when it can only be closed [G] 五（四）(reading G10)."""
    app = get_application(uow, application_id, scope)
    if app.status != Status.AWAITING_MEMBERSHIP:
        raise TransitionRefused("该申报不在待入会状态", code="not_awaiting_membership")
    selection = get_selection(uow, app.selection_id)
    if lapsed(app.status, selection.union_deadline, as_of, self_channel=False):  # 待入会
        raise TransitionRefused(
            rules.cited(
                lapsed_membership_refusal(
                    selection.union_deadline, self_channel=app.channel == Channel.SELF
                ),
                selection.year,
                "五（四）",
            ),
            code="lapsed",
        )
    person = uow.persons.get(app.person_id, scope)
    assert person is not None  # the application is in scope, so is its applicant's union
    person.is_union_member = True
    app.status = Status.QUALIFICATION
    uow.session.flush()
    return app
