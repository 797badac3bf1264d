"""The management cycles of a title and which of them still owe a cycle-end inspection [Y12]."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.inspections.model import Inspection, InspectionKind
from lifecycle.schemes.base import add_years

Y12 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条"


def cycle_span(naming_date: date, cycle_years: int, k: int) -> tuple[date, date]:
    """Cycle k runs from naming + years·(k−1) to naming + years·k, both counted from the naming
    date so the ends never drift (29 February falls back to 28 February) [Y12]."""
    return add_years(naming_date, cycle_years * (k - 1)), add_years(naming_date, cycle_years * k)


# 「在每个周期末…实地走访检查」 [Y12]: the cycle's last year is its 周期末 (reading D5).
CYCLE_END_YEARS = 1


def inspection_opens(naming_date: date, cycle_years: int, k: int) -> date:
    """The first day an inspection of cycle k may be held: the start of the cycle's last year
    (the whole cycle when it is no longer), counted from the naming date [Y12 周期末]."""
    return add_years(naming_date, cycle_years * k - min(CYCLE_END_YEARS, cycle_years))


def inspected_cycles(inspections: Iterable[Inspection]) -> set[int]:
    """Cycles whose cycle-end inspection has a result (a failed one is the inspection done: its
    整改通知 takes over) [Y12]."""
    return {
        i.cycle_no
        for i in inspections
        if i.kind is InspectionKind.CYCLE_END and i.cycle_no is not None and i.result is not None
    }


def open_cycles(
    naming_date: date,
    cycle_years: int,
    inspected: Collection[int],
    as_of: date,
    *,
    ended_on: date | None = None,
) -> list[int]:
    """The cycles that have begun by ``as_of`` (and before the title ended) and whose cycle-end
    inspection is not yet recorded: the only ones a cycle-end inspection may be for [Y12]."""
    found: list[int] = []
    k = 1
    while True:
        starts, _ends = cycle_span(naming_date, cycle_years, k)
        if starts > as_of or (ended_on is not None and starts >= ended_on):
            return found
        if k not in inspected:
            found.append(k)
        k += 1


def nearest_cycle(
    naming_date: date, cycle_years: int, candidates: Collection[int], day: date
) -> int | None:
    """Of ``candidates``, the cycle whose end lies nearest to ``day`` (the one an inspection on
    that day is for, when none is named) [Y12]."""
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda k: (abs((cycle_span(naming_date, cycle_years, k)[1] - day).days), k),
    )


def due_cycle(
    naming_date: date, cycle_years: int, candidates: Collection[int], day: date
) -> int | None:
    """The cycle an inspection on ``day`` is for, when none is named: of the candidates whose
    周期末 has come by then (``inspection_opens``), the one whose end is nearest; if none has,
    the nearest of all (which the date rule then refuses, naming its first day) [Y12]."""
    ripe = [k for k in candidates if inspection_opens(naming_date, cycle_years, k) <= day]
    return nearest_cycle(naming_date, cycle_years, ripe or candidates, day)


def _offered(choices: Collection[int], day: date, *, held: bool) -> str:
    """The cycles on offer, as a refusal names them: to schedule now, or (``held``) open on the
    day an inspection on record was held."""
    offered = "、".join(f"第{k}个" for k in sorted(choices))
    if held:
        if not offered:
            return f"该工作室在{chinese_date(day)}没有已开始且尚未检查的管理周期"
        return f"{chinese_date(day)}已开始且尚未检查的只有{offered}管理周期"
    return f"可安排的只有{offered}管理周期" if offered else "该工作室目前没有尚未检查的管理周期"


def cycle_no_problem(
    naming_date: date,
    cycle_years: int,
    cycle_no: int,
    choices: Collection[int],
    scheduled_on: date,
    *,
    held: bool = False,
) -> tuple[str, str, str] | None:
    """Why a cycle-end inspection may not be for cycle ``cycle_no`` on ``scheduled_on`` (field,
    code, message), or None: the cycle must have begun, be uninspected, and the date lie in its
    last year or after it (``inspection_opens``) [Y12] (``held``: an inspection on record,
    held that day, not one being scheduled)."""
    if cycle_no < 1:
        return ("cycle_no", "invalid", "管理周期序号必须从1开始")
    if cycle_no not in choices:
        why = _offered(choices, scheduled_on, held=held)
        return (
            "cycle_no",
            "cycle_not_open",
            f"第{cycle_no}个管理周期尚未开始或已检查：{why}（{Y12}：每三年为一个管理周期）",
        )
    _starts, ends = cycle_span(naming_date, cycle_years, cycle_no)
    opens = inspection_opens(naming_date, cycle_years, cycle_no)
    if scheduled_on < opens:
        return (
            "scheduled_on",
            "before_cycle_end",
            f"第{cycle_no}个管理周期至{chinese_date(ends)}止，周期末检查不能早于"
            f"{chinese_date(opens)}（{Y12}：在每个周期末进行实地走访检查）",
        )
    return None


def choose_cycle(
    naming_date: date,
    cycle_years: int,
    choices: Collection[int],
    day: date,
    cycle_no: int | None,
    *,
    held: bool = False,
) -> tuple[int | None, tuple[str, str, str] | None]:
    """The cycle a cycle-end inspection on ``day`` is for: the one named, else the open cycle
    due then (``due_cycle``); and why it may not be (``cycle_no_problem``), or None [Y12]."""
    # 0 is a number typed, not a cycle left out: refused as no cycle of the title.
    chosen = cycle_no if cycle_no is not None else due_cycle(naming_date, cycle_years, choices, day)
    if chosen is None:
        why = _offered(choices, day, held=held)
        return None, ("cycle_no", "no_open_cycle", f"{why}（{Y12}：每三年为一个管理周期）")
    return chosen, cycle_no_problem(naming_date, cycle_years, chosen, choices, day, held=held)
