"""Calls (征集/申报通知): opened by the union that names, per scheme and year [Y7][C 四][L 四]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import not_the_namer
from lifecycle.errors import FieldProblem, NotFound, Problems, UnseenReference
from lifecycle.intake.model import IntakeCall
from lifecycle.intake.packs import PACKS, intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.plausible_dates import (
    call_window_problems,
    call_year_ahead_problem,
    window_too_long,
)
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import is_namer
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, year_problem

NOTES_MAX = 5000  # as the API takes them
TARGET_MAX = 10_000  # 拟命名数量, as the API takes it


@dataclass(frozen=True)
class NewCall:
    """A call: scheme, year, window and deadline, target, 文号 and notes."""

    scheme: str
    year: int
    title: str
    opens_on: date
    deadline: date
    target_count: int | None = None
    document_ref: str | None = None
    notes: str | None = None


CALL_FIRST_YEAR = 2000  # no call of these schemes is older


def call_year_problem(year: int) -> str | None:
    """Why a call may not be for ``year`` at all (None: it may): 2000 to 2100, named for a year
    of any length by the one year rule, not by what an integer column holds (readings P36h,
    IN1)."""
    return year_problem(year, "年度", CALL_FIRST_YEAR)


def call_year_possible(year: int) -> bool:
    """Whether a call may be for ``year`` at all (only such a year is compared in a query)."""
    return call_year_problem(year) is None


def _year_problem(year: int, as_of: date | None) -> str | None:
    """Why a call may not be for ``year``: not at all, or not published on ``as_of``."""
    ahead = call_year_ahead_problem(year, as_of) if as_of is not None else None
    return call_year_problem(year) or ahead


CALL_TITLE = RequiredText("通知标题", 300)


def call_field_problems(  # noqa: PLR0917 - the typed fields of the call form
    title: str,
    year: int | None,
    opens_on: date | None,
    deadline: date | None,
    target_count: int | None,
    document_ref: str | None,
    notes: str | None = None,
    *,
    as_of: date | None = None,
) -> list[FieldProblem]:
    """What opening a call would refuse in these typed fields (None: unreadable, already refused
    by the form): for a form refused before the use case runs, so every bad field shows at once.
    ``as_of`` (the day it is published): a deadline already past is refused (reading P36f)."""
    problems = Problems()
    CALL_TITLE.check(problems, "title", title)
    if year is not None and (why := _year_problem(year, as_of)):
        problems.add("year", "out_of_range", why)
    if opens_on is not None and deadline is not None and deadline < opens_on:
        problems.add("deadline", "before_opening", "截止日期不能早于受理开始日期")
    elif opens_on is not None and deadline is not None and window_too_long(opens_on, deadline):
        call_window_problems(problems, opens_on, deadline)  # 1950 to 2061: one year's round?
    elif as_of is not None and deadline is not None and deadline < as_of:
        problems.add(
            "deadline",
            "deadline_passed",
            f"截止日期（{chinese_date(deadline)}）已过，不能发布已截止的申报通知；"
            f"截止日期应不早于今天（{chinese_date(as_of)}）",
        )
    elif (
        year is not None
        and call_year_possible(year)
        and not any(p.field == "year" for p in problems.items)
        and opens_on is not None
        and deadline is not None
    ):
        message = year_outside_window(year, opens_on, deadline)
        if message:
            problems.add("year", "outside_window", message)
    if target_count is not None and target_count <= 0:
        problems.add("target_count", "out_of_range", "拟命名数量应为正整数")
    elif target_count is not None and target_count > TARGET_MAX:
        problems.add("target_count", "out_of_range", f"拟命名数量不能大于{TARGET_MAX}")
    if document_ref is not None and len(document_ref) > 200:
        problems.add("document_ref", "too_long", "文号不能超过200个字符")
    if notes is not None and len(notes.strip()) > NOTES_MAX:
        problems.add("notes", "too_long", f"说明不能超过{NOTES_MAX}个字符")
    return problems.items


def year_outside_window(year: int, opens_on: date, deadline: date) -> str | None:
    """Why a call's 年度 does not fit its window (None when it does): a year the window touches,
    or the next one for a round held at the year's end ([Y7] 「一般于每年年底开展」; reading I4)."""
    first, last = opens_on.year, deadline.year + 1
    if first <= year <= last:
        return None
    years = "、".join(str(y) for y in range(first, last + 1))
    return (
        f"年度与受理期限不符：受理期限为{chinese_date(opens_on)}至{chinese_date(deadline)}，"
        f"年度应为{years}年"
    )


def open_call(
    uow: UnitOfWork,
    cmd: NewCall,
    *,
    naming_union_id: int,
    actor: Actor,
    scope: Scope,
    as_of: date,
) -> IntakeCall:
    """Open a call as the naming union the pack names, and no other [Y7][S7][C 二（五）][L 一],
    on ``as_of``: not one whose deadline has already passed (reading P36f)."""
    scheme = get_scheme(cmd.scheme)
    intake_pack(scheme.settings.code)
    union = uow.unions.get(naming_union_id, scope)
    if union is None:
        raise UnseenReference("发布通知的工会不存在或不在管辖范围内", field="naming_union_id")
    if not may_open(scheme.settings.code, union):
        raise not_the_namer(uow, scheme.settings.code, what="的申报通知应由{union}发布")
    problems = Problems()
    problems.items += call_field_problems(
        cmd.title,
        cmd.year,
        cmd.opens_on,
        cmd.deadline,
        cmd.target_count,
        cmd.document_ref,
        cmd.notes,
        as_of=as_of,
    )
    repo = IntakeRepository(uow.session)

    def taken() -> FieldProblem | None:
        # An impossible year has no call to repeat (nor could every database compare it).
        if call_year_possible(cmd.year) and repo.find_call(
            scheme.settings.code, cmd.year, union.id
        ):
            return FieldProblem(
                "year", "duplicate", f"{union.name}已发布{cmd.year}年度该类申报通知"
            )
        return None

    if problem := taken():
        problems.items.append(problem)
    problems.raise_if_any()
    return repo.add_call(
        IntakeCall(
            scheme_code=scheme.settings.code,
            year=cmd.year,
            title=cmd.title.strip(),
            naming_union_id=union.id,
            union_path=union.path,
            opens_on=cmd.opens_on,
            deadline=cmd.deadline,
            target_count=cmd.target_count,
            document_ref=(cmd.document_ref or "").strip() or None,
            notes=(cmd.notes or "").strip() or None,
            created_by=actor.name,
        ),
        taken=taken,  # the same call opened meanwhile by another request: refused as here
    )


def may_open(scheme_code: str, union: Union) -> bool:
    """Whether ``union`` is the one the pack names to open its calls (and name its titles)."""
    settings = get_scheme(scheme_code).settings
    return is_namer(settings.namer, settings.level.value, union.level.value, union.region_code)


def schemes_opened_by(union: Union) -> tuple[str, ...]:
    """The schemes whose calls ``union`` may open: those whose pack names it [Y7][S7][C][L]."""
    return tuple(code for code in PACKS if may_open(code, union))


def visible_call(uow: UnitOfWork, call_id: int, scope: Scope, own_path: str) -> IntakeCall:
    """A call the caller may see: issued in their subtree or by a union above them."""
    call = IntakeRepository(uow.session).call(call_id, scope, own_path)
    if call is None:
        raise NotFound("申报通知不存在或不在可见范围内", field="call_id")
    return call
