"""Shared API pieces: the authorised caller, pagination and the page envelope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, ClassVar, Generic, TypeVar, get_args

from fastapi import Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from api import idempotency
from api.body_rules import AMOUNT_RULE
from api.deps import ApiPrincipal, Forbidden, RequestReader, RequestReaderDep
from api.errors import (
    CONTROL_CHARACTER,
    INTEGER_OUT_OF_RANGE,
    NOT_PLAIN_NUMBER,
    OUT_OF_RANGE,
    record_kind,
)
from api.v1.access import Reach, Rule, rule_for
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.refusals import role_refusal
from lifecycle.citations import cite
from lifecycle.clock import to_shanghai
from lifecycle.db.limits import INT_MAX
from lifecycle.errors import FieldProblem, NotFound, ValidationFailed
from lifecycle.field_labels import field_label
from lifecycle.listings.repository import Window
from lifecycle.occasions.model import OCCASION_KIND_LABELS, OccasionKind
from lifecycle.schemes import get_scheme
from lifecycle.schemes.registry import act_citation
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import (
    FIRST_YEAR,
    LAST_YEAR,
    date_range_problem,
    iso_written,
    plain_decimal,
)
from lifecycle.views.home_tree import home_tree

# A rule's message as its reader reads it: rule ids ([Y16]) as the regulations' own citations,
# as the pages and the error bodies give them (``lifecycle.citations``).
CitedText = Annotated[str, AfterValidator(cite)]

T = TypeVar("T")


def _in_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# An instant of a response, always written in UTC (「2026-03-10T02:00:00Z」), as a row read back
# from the database gives it: one just written carries the clock's zone until it is read again.
Instant = Annotated[datetime, PlainSerializer(_in_utc, return_type=datetime)]


def _checked_date(value: date) -> date:
    problem = date_range_problem(value)
    if problem is not None:
        raise PydanticCustomError(OUT_OF_RANGE, problem)
    return value


# Control characters but tab and line ends: no form can type them, PostgreSQL cannot store NUL.
_CONTROL = frozenset(chr(c) for c in (*range(32), 127)) - {"\t", "\n", "\r"}


def _checked_values(value: object, *, in_mapping: bool = False) -> object:
    """Every date in a field (also inside lists) within the supported range, every whole number
    within an integer column's (ids in a list too; a mapping's numbers are stored as JSON), and
    no text with a control character: refused by field rather than failing at the database."""
    if isinstance(value, date) and not isinstance(value, datetime):
        _checked_date(value)
    elif isinstance(value, str) and not _CONTROL.isdisjoint(value):
        raise PydanticCustomError(CONTROL_CHARACTER, "不能包含控制字符")
    elif isinstance(value, int) and not isinstance(value, bool) and not in_mapping:
        if value > INT_MAX:
            raise PydanticCustomError(INTEGER_OUT_OF_RANGE, f"不能大于{INT_MAX}")
        if value < -INT_MAX - 1:
            raise PydanticCustomError(INTEGER_OUT_OF_RANGE, f"不能小于{-INT_MAX - 1}")
    elif isinstance(value, list | tuple | dict):
        mapping = in_mapping or isinstance(value, dict)
        for item in value.values() if isinstance(value, dict) else value:
            _checked_values(item, in_mapping=mapping)
    return value


def _written_as_date(value: object) -> object:
    """A query's or form's date only as YYYY-MM-DD: pydantic would also read 「0」 or
    「1795305600」 as seconds since 1970 and 「2026-11-21T00:00:00」 as that day, so a filter sent
    as 0 (meant as none) silently listed from 1 January 1970."""
    if not isinstance(value, str) or not iso_written(value):
        raise PydanticCustomError("date_parsing", "应为日期（YYYY-MM-DD）")
    return value


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _takes_date(annotation: object) -> bool:
    """Whether a body field's type is a date (``date`` or ``date | None``)."""
    return annotation is date or date in get_args(annotation)


# A date in a query string or form field, written YYYY-MM-DD, refused (422 naming it) outside
# the supported range.
Day = Annotated[date, BeforeValidator(_written_as_date), AfterValidator(_checked_date)]


def plain_number(value: object) -> object:
    """A decimal quantity as JSON writes a number, or as text plainly written (「85.5」); text
    such as 「1e3」 or 「1_000」, which a lax float takes, is refused as the page refuses it
    (reading IN2). Its bounds are its rule's, in the use case."""
    if isinstance(value, str):
        found = plain_decimal(value)
        if found is None:
            raise PydanticCustomError(NOT_PLAIN_NUMBER, "应为数字，如 120 或 85.5")
        return found
    return value


# An amount in yuan as text (「1,234.50」): the money rule reads it in the use case, and beside
# the other fields' refusals when pydantic refuses the body (``api.body_rules``).
YuanText = Annotated[str, AMOUNT_RULE]
OptionalYuanText = Annotated[str | None, AMOUNT_RULE]


class _RuleBoundedYear:
    """Marks a year field: the use case's year rule names a year of any length in its own words
    (「考核年度应在2024年至2026年之间」, readings P36h, IN1), as the page does, not the integer
    column's bound nor a schema's; the schema states the years any record may name."""


_RULE_BOUNDED = _RuleBoundedYear()
_YEARS = Field(json_schema_extra={"minimum": FIRST_YEAR, "maximum": LAST_YEAR})
# A year of a request body (a body's field, Inbound), checked by its use case's rule.
Year = Annotated[int, _YEARS, _RULE_BOUNDED]
OptionalYear = Annotated[int | None, _RULE_BOUNDED]
# The same mark on any other whole number its use case's rule names at any length, in the
# words the page gives it (附件3's 月平均可支配收入 past its bound by a fen or by twenty digits).
RULE_BOUNDED = _RULE_BOUNDED


class Inbound(BaseModel):
    """Base of every request body: dates outside the supported range and text with control
    characters are refused by field, and so is a field the route does not take (a misspelt one
    would otherwise change nothing)."""

    model_config = ConfigDict(extra="forbid")
    # The kind of record the body describes, for the labels of its refusal (person → 姓名).
    record_kind: ClassVar[str | None] = None

    @field_validator("*", mode="before")
    @classmethod
    def _dates_as_written(cls, value: object, info: ValidationInfo) -> object:
        # A date field takes its day only as 「YYYY-MM-DD」 text, as a query's or form's does
        # (``Day``): a number would be read as seconds since 1970 (「0」 as 1970-01-01).
        field = cls.model_fields.get(info.field_name or "")
        if field is None or value is None or _is_day(value) or not _takes_date(field.annotation):
            return value
        return _written_as_date(value)

    @field_validator("*", mode="after")
    @classmethod
    def _values_in_range(cls, value: object, info: ValidationInfo) -> object:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _RULE_BOUNDED in field.metadata:
            return value  # its rule names it, whatever its length
        return _checked_values(value)


@dataclass(frozen=True)
class Caller:
    """The authenticated principal and the scope this route lets them work in."""

    principal: Principal
    scope: Scope


def _role_refusal(reader: RequestReader, principal: Principal, rule: Rule) -> str:
    """The refusal in the words of the caller's own city (乐山's 县（市、区）总工会干部 [L 一]),
    read from the union tree in the request's reader only when a request is refused."""
    try:
        home = home_tree(reader.get(), principal.union_path)
    finally:
        reader.release()
    return role_refusal(
        principal.role,
        rule.permission,
        level=principal.union_level,
        wording=home.wording,
        alternative=rule.alternative,
        # the article of the schemes of the caller's own city tree, not another city's
        citation=act_citation(rule.cites, home.schemes) if rule.cites else None,
    )


def _query_names(route: object) -> frozenset[str]:
    """The query parameters a route takes: its own and its dependencies' (paging's limit); a
    walk over a few dependants (routes compare by value and are not hashable, so nothing is
    memoised)."""
    names: set[str] = set()
    dependant = getattr(route, "dependant", None)
    stack: list[Dependant] = [dependant] if dependant is not None else []
    while stack:
        current = stack.pop()
        names.update(p.alias for p in current.query_params)
        stack.extend(current.dependencies)
    return frozenset(names)


def _known_query(request: Request) -> None:
    """A query parameter the route does not take is refused beside it (as a body's field is,
    ``Inbound``): a misspelt filter (``?stauts=named``) or ``after`` on a list paged only by
    ``offset`` would otherwise answer the unfiltered first page as if it were the one asked."""
    unknown = sorted(set(request.query_params) - _query_names(request.scope.get("route")))
    if unknown:
        problems = [FieldProblem(name, "extra_forbidden", "不接受此参数") for name in unknown]
        raise ValidationFailed(
            f"不接受查询参数「{'」「'.join(unknown)}」",
            code="extra_forbidden",
            field=unknown[0],
            problems=problems,
        )
    # Every query parameter takes one value: a second (``status=named&status=revoked``) would
    # else silently replace the first, and the list answer only the last as if it were both.
    query = request.query_params
    repeated = sorted(name for name in set(query) if len(query.getlist(name)) > 1)
    if repeated:
        said = "只能给出一个值（不能重复给出）"
        problems = [FieldProblem(name, "repeated_parameter", said) for name in repeated]
        raise ValidationFailed(
            f"查询参数「{'」「'.join(repeated)}」{said}",
            code="repeated_parameter",
            field=repeated[0],
            problems=problems,
        )
    # A control character (NUL) in a search is refused beside it as a body's text is: PostgreSQL
    # cannot take it, and the list would else fail as 「输入包含无法保存的字符或数值」, no field.
    controlled = sorted(name for name, value in query.items() if not _CONTROL.isdisjoint(value))
    if controlled:
        problems = [FieldProblem(n, CONTROL_CHARACTER, "不能包含控制字符") for n in controlled]
        kind = record_kind(request)  # the persons' ``name`` is 姓名
        labels = "、".join(field_label(n, kind) or n for n in controlled)
        raise ValidationFailed(
            f"{labels}不能包含控制字符",
            code="validation_failed",
            field=controlled[0],
            problems=problems,
        )


async def authorize(request: Request, principal: ApiPrincipal, reader: RequestReaderDep) -> Caller:
    """Apply the route's entry in the access registry: permission, then scope (deny by default).

    A coroutine: it does no I/O (a refusal reads its words in a worker thread), and FastAPI
    would run a plain function in a worker thread.
    """
    rule = rule_for(request)
    if not rule.admits(principal.can):
        refusal = await run_in_threadpool(_role_refusal, reader, principal, rule)
        raise Forbidden(refusal, field=None)
    _known_query(request)
    reads = rule.reach in (Reach.READ, Reach.SHARED)
    scope = principal.read_scope if reads else principal.scope
    await idempotency.check(request, principal)  # a POST sent again with its Idempotency-Key
    return Caller(principal, scope)


CallerDep = Annotated[Caller, Depends(authorize)]


class Out(BaseModel):
    """Response models read attributes of domain objects."""

    model_config = ConfigDict(from_attributes=True)


def answered(model: BaseModel) -> Response:
    """``model`` as the response's JSON, as built: a read route on the hot path returns it so
    FastAPI neither checks the model again nor hops to a worker thread to do it (a quarter of a
    millisecond per request under 32 connections, ``bench/api``). The route still declares its
    ``response_model`` for the schema."""
    return Response(model.model_dump_json(), media_type="application/json")


class Page(BaseModel, Generic[T]):
    """A page of items with the total matching the filter."""

    items: list[T]
    total: int
    limit: int
    offset: int


class KeyedPage(Page[T], Generic[T]):
    """A page of a list in id order that also pages by key (``after``): an integrator syncing
    every record reads each page as cheaply as the first, and a record added meanwhile is
    neither skipped nor read twice."""

    # The ``after`` of the next page (keyset paging), or None on the last page.
    next_after: int | None = None

    @classmethod
    def of(cls, items: list[T], ids: list[int], total: int, paging: Paging) -> KeyedPage[T]:
        """The page holding ``items`` (their ``ids``) of ``total``, with the next page's key."""
        return cls(
            items=items,
            total=total,
            limit=paging.limit,
            offset=paging.offset,
            next_after=next_after(ids, paging, total),
        )


# The previous page's ``next_after``: list from the record after that id (the total then counts
# from the page on).
After = Annotated[
    int | None,
    Query(
        ge=0, le=2_147_483_647, description="上一页的 next_after：从该编号之后接着列（不计前页）"
    ),
]


def next_after(ids: list[int], paging: Paging, total: int) -> int | None:
    """The ``after`` of the page following one holding ``ids`` (None: it was the last)."""
    return ids[-1] if ids and paging.offset + len(ids) < total else None


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    @property
    def window(self) -> Window:
        return Window(self.limit, self.offset)


# A coroutine: it does no I/O, and FastAPI would run a plain function in a worker thread (a hop
# per paged list request, as many as the list's own query under 32 connections).
async def paging(
    limit: Annotated[int, Query(ge=1, le=500, description="每页条数")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="跳过条数")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]


def found(
    value: T | None, message: str = "记录不存在或不在管辖范围内", field: str | None = None
) -> T:
    """The record, or 404 — outside the caller's scope looks exactly like absent. Without a
    ``field``, the refusal names the record the path addresses: the route's last path parameter
    (``designation_id`` of ``/designations/{designation_id}``), filled in by the error handler."""
    if value is None:
        raise NotFound(message, field=field)
    return value


def visible_under(u: UnitOfWork, caller: Caller, under: int | None) -> int | None:
    """An ``under`` filter, refused (404 beside it) unless the union lies in the caller's scope:
    another district's subtree is not answered with an empty list, as if it had nothing."""
    if under is not None:
        found(u.unions.get(under, caller.scope), "工会不存在或不在可见范围内", "under")
    return under


def date_window(start: date | None, end: date | None, start_field: str, end_field: str) -> None:
    """A filter's window whose end lies before its start, refused beside the end (as /occasions
    refuses it): an integrator who swapped the two is not answered with an empty list, as if
    nothing had happened in it."""
    if start is not None and end is not None and end < start:
        end_label, start_label = field_label(end_field), field_label(start_field)
        raise ValidationFailed(
            f"{end_label}不能早于{start_label}", code="invalid_window", field=end_field
        )


def naming_window(
    named_from: date | None, named_to: date | None, named_year: int | None
) -> tuple[date | None, date | None]:
    """The naming-date bounds a registry filter asks for: a window (its end not before its
    start) or a naming year, never both (a year would silently override the window)."""
    date_window(named_from, named_to, "named_from", "named_to")
    if named_year is None:
        return named_from, named_to
    if named_from is not None or named_to is not None:
        raise ValidationFailed(
            "命名年度与命名起始日期、命名截止日期只能选用其一",
            code="conflicting_filters",
            field="named_year",
        )
    return date(named_year, 1, 1), date(named_year, 12, 31)


def visible_designation(u: UnitOfWork, caller: Caller, designation_id: int | None) -> int | None:
    """A ``designation_id`` filter, refused (404 beside it) unless the designation lies in the
    caller's scope, as ``under`` is: another district's title is not answered with an empty
    list, as if it had no inspections or notices."""
    if designation_id is not None:
        found(
            u.designations.get(designation_id, caller.scope),
            "命名记录不存在或不在可见范围内",
            "designation_id",
        )
    return designation_id


def own_kind(u: UnitOfWork, principal: Principal, kind: OccasionKind | None) -> OccasionKind | None:
    """A 待办 kind filter, refused beside ``kind`` unless the schemes of the caller's own city
    tree can produce it (乐山's [L] sets no oversight, no leader exit rule, no matching)."""
    if kind is not None and kind not in home_tree(u, principal.union_path).occasion_kinds:
        raise ValidationFailed(
            f"类别「{OCCASION_KIND_LABELS[kind]}」不是本市工作室的待办类别",
            code="kind_not_in_tree",
            field="kind",
        )
    return kind


def own_scheme(u: UnitOfWork, principal: Principal, scheme: str | None) -> str | None:
    """A scheme filter, refused beside ``scheme`` unless it is a programme of the caller's own
    city tree: another city's programme (or none) is not answered with an empty list [Y7][L 一]."""
    if scheme is None:
        return None
    schemes = home_tree(u, principal.union_path).schemes
    if scheme not in schemes:
        # Each by its name, with the code the caller sends in brackets.
        known = "、".join(f"{get_scheme(c).settings.name}（{c}）" for c in schemes)
        raise ValidationFailed(
            f"「{scheme}」不是本市的工作室类别（可选：{known or '无'}）",
            code="scheme_not_in_tree",
            field="scheme",
        )
    return scheme


def today(clock: Callable[[], datetime]) -> date:
    """The rule date: today in Asia/Shanghai, read at the edge."""
    return to_shanghai(clock()).date()


IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _possible_id(value: int) -> int:
    if value > INT_MAX:
        raise PydanticCustomError(INTEGER_OUT_OF_RANGE, "没有该编号的记录")
    return value


# A record's id in a body or query field: beyond the integer columns no record has it.
Id = Annotated[int, Field(ge=1), AfterValidator(_possible_id)]
# The version a write was read at (optimistic locking: 409 when the record changed since).
Version = Annotated[int | None, Field(default=None, ge=0, le=INT_MAX)]


def searched(value: str | None) -> str | None:
    """A search term as typed, refused when blank: spaces alone would be read as no search
    and list everything, while an empty term is refused (「不能为空」)."""
    if value is not None and not value.strip():
        raise PydanticCustomError("string_too_short", "不能为空", {"min_length": 1})
    return value.strip() if value is not None else None


# The registry's search (title, number, leader or unit union), as /designations takes it.
SearchText = Annotated[
    str | None,
    Query(min_length=1, max_length=100, description="称号、编号、带头人或单位"),
    AfterValidator(searched),
]
UnionFilter = Annotated[
    int | None, Query(ge=1, le=2_147_483_647, description="只看该工会及其下级（子树）")
]
