"""The registry import's new unions sent in a savepoint: one whose region or name another
request took meanwhile is refused as its row's cell, as a single create that lost the race is
[Y7][C 二（五）] (before: the bare 409 for the whole file)."""

from __future__ import annotations

from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.errors import CellProblem, RegistryRejected
from lifecycle.adoption.parse import Record
from lifecycle.adoption.prefetch import ImportUnions
from lifecycle.errors import ConflictError
from lifecycle.unions.model import REGION_LEVELS, Union
from lifecycle.unions.repository import UnionRepository
from lifecycle.unions.service import REGION_TAKEN

NAME_TAKEN = "同一上级下已有同名工会"


def send_new_unions(ctx: ImportContext, rows: dict[int, Record]) -> None:
    """Flush the unions created so far (``rows``: the row creating each, by its key) in a
    savepoint. Losing a unique key to another request's commit, the savepoint is taken back and
    the file refused (nothing written) with the check's words beside each lost row's cell:
    「该地区代码已由…使用…」 beside 地区代码, 「同一上级下已有同名工会」 beside the path; a
    failure no row explains stays the conflict."""
    unions = ctx.uow.unions
    assert isinstance(unions, ImportUnions)
    new, unions.unsent = unions.unsent, []
    session = ctx.uow.session
    try:
        with session.begin_nested():
            session.add_all(new)
            ctx.uow.flush()
    except ConflictError as conflict:
        fresh = UnionRepository(session)  # what is committed now, not the import's own copies
        lost = [cell for union in new for cell in _lost(fresh, union, rows[union.id])]
        if not lost:
            raise
        raise RegistryRejected([*ctx.cells, *lost]) from conflict


def _lost(fresh: UnionRepository, union: Union, row: Record) -> list[CellProblem]:
    """The cells of ``row`` whose union another request's took: its region, its name."""
    cells = []
    if union.level in REGION_LEVELS and union.region_code:
        holder = fresh.of_region(union.region_code, union.level)
        if holder is not None and holder.id != union.id:
            cells.append(row.problem("region_code", REGION_TAKEN.format(union=holder.name)))
    sibling = fresh.get_by_name(union.name, union.parent_id)
    if sibling is not None and sibling.id != union.id:
        cells.append(row.problem("path", NAME_TAKEN))
    return cells
