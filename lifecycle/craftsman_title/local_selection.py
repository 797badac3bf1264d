"""A district union's or an association's own 工匠 selection of the year, with the 附件3
figures it states [G] 五（二）（四）; callers commit."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.craftsman_title import rules, survey
from lifecycle.craftsman_title.model import LocalSelection
from lifecycle.craftsman_title.service import Forbidden, get_selection, repo
from lifecycle.errors import FieldProblem, Problems, UnseenReference
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel


@dataclass(frozen=True)
class RecordLocal:
    """A body's local selection with the 附件3 figures it states [G] 五（二）（四）."""

    selection_id: int
    union_id: int
    participants: int = 0
    local_craftsmen: int = 0
    since_year: int | None = None
    subordinate_selections: bool = False
    average_income_fen: int | None = None


# 附件3's figure, as its refusals name it (the form's label adds 「参与活动职工」 and 「（元）」).
INCOME_LABEL = "月平均可支配收入"
RECORDING_BODIES = frozenset({UnionLevel.DISTRICT, UnionLevel.ASSOCIATION})


def local_field_problems(
    selection_year: int,
    since_year: int | None,
    average_income_fen: int | None,
    *,
    participants: int | None = None,
    local_craftsmen: int | None = None,
) -> list[FieldProblem]:
    """What recording a local selection would refuse in these typed figures (None: not given or
    unreadable): for a form refused before the use case runs, so every bad field shows at once.
    The head counts are 附件3's figures: none negative, as the API takes them, and no more
    selected than took part."""
    problems = Problems()
    if since_year is not None and (why := rules.since_year_problem(since_year, selection_year)):
        problems.add("since_year", "since_year", why)
    for name, label, count in (
        ("participants", "活动参与人数", participants),
        ("local_craftsmen", "本地区、本系统工匠选树人数", local_craftsmen),
    ):
        if count is not None and (why := rules.count_problem(count, label)):
            problems.add(name, "out_of_range", why)
    # Those selected are chosen from those taking part (reading P36e).
    if (
        participants is not None
        and local_craftsmen is not None
        and 0 <= participants < local_craftsmen <= rules.COUNT_MAX
    ):
        problems.add(
            "local_craftsmen",
            "more_than_participants",
            f"本地区、本系统工匠选树人数（{local_craftsmen}人）不能多于"
            f"活动参与人数（{participants}人）",
        )
    if average_income_fen is not None and (
        refused := survey.monthly_amount_problem(average_income_fen, INCOME_LABEL)
    ):
        problems.add("average_income_fen", *refused)
    return problems.items


def record_local_selection(
    uow: UnitOfWork, cmd: RecordLocal, *, recording_union_id: int, scope: Scope
) -> LocalSelection:
    """A district union or association ran its own 工匠 selection this year [G] 五（二）.

    A district union records its own; an association's is recorded by the city union (the
    选树申报办公室 that issues the associations' accounts, [G] 二（二）).
    """
    selection = get_selection(uow, cmd.selection_id)
    problems = Problems()
    body = uow.unions.get(cmd.union_id, scope)
    if body is None:
        raise UnseenReference("工会或社团不存在或不在管辖范围内", field="union_id")
    recorder = uow.unions.get(recording_union_id, scope)
    if body.level == UnionLevel.ASSOCIATION and (
        recorder is None or recorder.level != UnionLevel.CITY
    ):
        raise Forbidden(
            rules.cited("社团的本系统工匠选树情况由市总工会登记", selection.year, "二（二）"),
            field="union_id",
        )
    if body.level not in RECORDING_BODIES:
        problems.add("union_id", "not_district", "应为区局（产业）工会或社团")
    problems.items += local_field_problems(
        selection.year,
        cmd.since_year,
        cmd.average_income_fen,
        participants=cmd.participants,
        local_craftsmen=cmd.local_craftsmen,
    )

    def taken() -> FieldProblem | None:
        if not repo(uow).ran_local(selection.id, union_id=body.id):
            return None
        message = f"{body.name}已登记{selection.year}年度工匠选树情况"
        return FieldProblem("union_id", "duplicate", message)

    if problem := taken():
        problems.items.append(problem)
    problems.raise_if_any()
    # The same body's selection recorded meanwhile by another request: refused as here.
    return repo(uow).add_local(LocalSelection(**cmd.__dict__), taken=taken)
