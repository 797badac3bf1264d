"""瞒报、虚报 findings of the 上海工匠 selection [G] 五（三）: recorded by the city, dated no later
than today; open applications are disqualified at once. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.craftsman_title.model import FalseDeclaration
from lifecycle.craftsman_title.rules import FIRST_CALL_YEAR, Channel
from lifecycle.craftsman_title.service import repo
from lifecycle.craftsman_title.stages import Status, stage_of
from lifecycle.errors import FieldProblem, Problems
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after

# No finding is older than the selections it is about: the first year a call may name.
EARLIEST_FINDING = date(FIRST_CALL_YEAR, 1, 1)

# A finding's 人员编号 or 工会编号 naming no record in the caller's scope.
NO_PERSON = "申报人不存在"
NO_UNIT = "单位不存在"


@dataclass(frozen=True)
class RecordFinding:
    found_on: date
    reason: str
    person_id: int | None = None
    unit_union_id: int | None = None


def finding_field_problems(
    person_given: bool,
    unit_given: bool,
    reason: str,
    *,
    found_on: date | None = None,
    as_of: date | None = None,
) -> list[FieldProblem]:
    """What recording a finding would refuse in these typed fields (``*_given``: that subject was
    typed, readable or not; ``found_on`` None: unreadable): for a form refused before the use
    case runs, so every bad field shows at once [G] 五（三）. A finding is dated no later than
    ``as_of``: the 3 years count from it, and 「当即」 disqualifies on it (reading G11)."""
    problems = Problems()
    if person_given == unit_given:
        problems.add("person_id", "one_subject", "请指定申报人或推荐单位之一")
    if not reason.strip():
        problems.add("reason", "required", "请填写认定事由")
    if as_of is not None:
        not_after(problems, "found_on", found_on, as_of, "认定日期")
    if found_on is not None and found_on < EARLIEST_FINDING:
        # A slip of the year (1026 for 2026) would bar no one: its 3 years long over.
        when = chinese_date(EARLIEST_FINDING)
        problems.add("found_on", "date_too_early", f"认定日期不能早于{when}（最早的选树年度）")
    return problems.items


def record_false_declaration(
    uow: UnitOfWork, cmd: RecordFinding, *, actor: Actor, as_of: date, scope: Scope
) -> FalseDeclaration:
    """瞒报、虚报 found on a day up to ``as_of``: open applications are disqualified and 3 years
    barred [G] 五（三）."""
    problems = Problems(
        finding_field_problems(
            cmd.person_id is not None,
            cmd.unit_union_id is not None,
            cmd.reason,
            found_on=cmd.found_on,
            as_of=as_of,
        )
    )
    if cmd.person_id is not None and uow.persons.get(cmd.person_id, scope) is None:
        problems.add("person_id", "not_found", NO_PERSON)
    if cmd.unit_union_id is not None and uow.unions.get(cmd.unit_union_id, scope) is None:
        problems.add("unit_union_id", "not_found", NO_UNIT)
    problems.raise_if_any()
    finding = repo(uow).add(
        FalseDeclaration(**cmd.__dict__ | {"reason": cmd.reason.strip()}, actor_name=actor.name)
    )
    for selection in repo(uow).selections():
        for app in repo(uow).applications(selection.id, scope):
            hit = app.person_id == cmd.person_id or (
                app.channel != Channel.SELF and app.union_id == cmd.unit_union_id
            )
            still_open = stage_of(app.status) is not None
            if hit and (still_open or app.status == Status.AWAITING_MEMBERSHIP):
                app.status = Status.DISQUALIFIED  # 当即取消参评资格
    uow.session.flush()
    return finding
