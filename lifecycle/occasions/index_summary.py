"""Dashboard and 待办 reads of the occasion index: SQL counts facts, the rules decide in Python.

Entries that share every fact the status and visibility rules read (due date, kind, standing,
visible until, window) are counted together in one grouped query; each such group is handed to
the rule itself (``index.entry_to_occasion`` and ``Occasion.visible_on``) once, so no rule is
restated in SQL. A page of rows is then selected by the groups the rule accepted, in occasion
order (``Occasion.sort_key``): SQL selects by stored facts and never decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.index_range import bytewise
from lifecycle.occasions.model import KIND_ORDER, OccasionKind, OccasionStatus
from lifecycle.scope import Scope
from lifecycle.unions.model import Union

E = OccasionEntry
_KINDS = {kind.value: kind for kind in OccasionKind}

# What ``entry_to_occasion`` reads of a row.
LIST_COLUMNS = (
    E.designation_id,
    E.kind,
    E.key,
    E.due_on,
    E.union_id,
    E.title,
    E.link,
    E.subject,
    E.provisional,
    E.standing,
    E.visible_until,
    E.window_days,
)
# The facts the status and visibility rules read: entries alike in these are decided together.
FACTS = (E.due_on, E.kind, E.standing, E.visible_until, E.window_days)


@dataclass(slots=True)
class Group:
    """Entries alike in every fact the rules read, the rules' answer for them, and their count."""

    due_on: date
    kind: OccasionKind
    standing: bool
    visible_until: date | None
    window_days: int
    count: int
    mine: int  # of them, entries whose acting union is the question's union
    status: OccasionStatus  # what the rule makes of each of them on as_of

    @property
    def block(self) -> tuple[date, int]:
        """The head of the occasion order: groups of one block interleave, blocks do not."""
        return (self.due_on, KIND_ORDER[self.kind])

    def matches(self) -> ColumnElement[bool]:
        """The entries of this group, by their stored facts."""
        until = E.visible_until
        return and_(
            E.due_on == self.due_on,
            E.kind == self.kind.value,
            E.standing.is_(self.standing),
            until.is_(None) if self.visible_until is None else until == self.visible_until,
            E.window_days == self.window_days,
        )


class OccasionSummaryRepository:
    """Grouped counts and pages of the occasion index (the rules applied in Python)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def union(self, union_id: int, scope: Scope) -> Any | None:
        """The dashboard's union if it lies in ``scope``: a row of (id, name, path)."""
        stmt = select(Union.id, Union.name, Union.path).where(
            Union.id == union_id, scope.clause(Union.path)
        )
        return self.session.execute(stmt).one_or_none()

    def groups(
        self, where: Sequence[ColumnElement[bool]], as_of: date, mine: int | None = None
    ) -> list[Group]:
        """The visible groups of the entries matching ``where``, in occasion order."""
        from lifecycle.occasions.index import entry_to_occasion  # index imports the uow

        acting = func.sum(case((E.union_id == mine, 1), else_=0))
        stmt = select(*FACTS, func.count(), acting).where(*where).group_by(*FACTS)
        decided: dict[tuple[Any, ...], OccasionStatus | None] = {}  # the rules read no kind
        found = []
        for due_on, kind, standing, until, window, count, n_mine in self.session.execute(stmt):
            facts = (due_on, standing, until, window)
            if facts in decided:
                status = decided[facts]
            else:
                row = (0, kind, "", due_on, 0, "", "", "", False, standing, until, window)
                o = entry_to_occasion(row, as_of)
                status = decided[facts] = o.status if o.visible_on(as_of) else None
            if status is not None:
                kind_ = _KINDS[kind]
                found.append(Group(due_on, kind_, standing, until, window, count, n_mine, status))
        found.sort(key=lambda g: (g.due_on, KIND_ORDER[g.kind]))
        return found

    def page(
        self,
        where: Sequence[ColumnElement[bool]],
        groups: Sequence[Group],
        limit: int,
        offset: int = 0,
        *,
        mine: bool = False,
    ) -> Sequence[Any]:
        """Rows (``LIST_COLUMNS``) ``offset`` … ``offset + limit`` of ``groups`` in occasion
        order; ``mine``: only of their entries whose acting union is the question's."""

        def size(g: Group) -> int:
            return g.mine if mine else g.count

        chosen: list[Group] = []
        skipped = seen = 0
        for _, alike in groupby((g for g in groups if size(g)), key=lambda g: g.block):
            block = list(alike)
            n = sum(size(g) for g in block)
            if seen + n <= offset:
                skipped += n  # a whole block before the page: not read at all
            elif seen < offset + limit:
                chosen.extend(block)
            else:
                break
            seen += n
        if limit <= 0 or not chosen:
            return []
        stmt = (
            select(*LIST_COLUMNS)
            .where(*where, E.due_on >= chosen[0].due_on, E.due_on <= chosen[-1].due_on)
            .where(or_(*(g.matches() for g in chosen)))
            .order_by(*self.occasion_order())
            .limit(limit)
            .offset(offset - skipped)
        )
        return self.session.execute(stmt).all()

    def occasion_order(self) -> tuple[Any, ...]:
        """``Occasion.sort_key``: due date, kind in declaration order, designation, key (in
        code-point order, as Python compares strings)."""
        kind_rank = case({kind.value: rank for kind, rank in KIND_ORDER.items()}, value=E.kind)
        return (E.due_on, kind_rank, E.designation_id, bytewise(self.session, E.key.expression))
