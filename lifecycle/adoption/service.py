"""Importing a registry workbook: every cell checked, all written through the use cases, or none."""

from __future__ import annotations

from datetime import date

from lifecycle.actors import Actor
from lifecycle.adoption.apply import (
    import_assessments,
    import_designations,
    import_grants,
)
from lifecycle.adoption.apply_history import import_filings, import_oversight
from lifecycle.adoption.apply_registry import (
    import_contacts,
    import_honours,
    import_members,
    import_persons,
    import_unions,
    import_workshops,
)
from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.errors import CellProblem, RegistryRejected
from lifecycle.adoption.guide import workbook_sheets
from lifecycle.adoption.parse import parse_sheets, unreadable
from lifecycle.adoption.plan import ImportReport, ProgressFn, UnionPaths
from lifecycle.adoption.prefetch import Prefetched, prefetching
from lifecycle.adoption.reader import read_sheets
from lifecycle.adoption.refusals import Refusals
from lifecycle.adoption.sheets import (
    ASSESSMENTS,
    CONTACTS,
    DESIGNATIONS,
    GRANTS,
    HONOURS,
    MEMBERS,
    PERSONS,
    SHEETS,
    UNIONS,
    WORKSHOPS,
)
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, NOTICES
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.views.home_tree import scope_tree


def import_registry(
    uow: UnitOfWork,
    content: bytes,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
    dry_run: bool,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import the whole file in the caller's transaction, or raise ``RegistryRejected``.

    One pass over the whole file collects every bad cell of every sheet: cells that cannot be
    read and rules broken, together. Every readable row goes through the use case that guards
    its live counterpart, so a refused row is refused for the reason a live one would be; a row
    with an unreadable cell is checked for what it names and by the use case's own field checks
    (``lifecycle.adoption.fields``), and goes no further; a row naming a row refused elsewhere in
    the file says so (``Refusals``). The facts the use cases read are fetched in batches
    (``lifecycle.adoption.prefetch``). When there is any bad cell the caller's transaction must be
    rolled back (nothing is committed here). A dry run does the same work and the caller rolls
    it back: its report is the real one.
    """
    unions = uow.registry.unions()
    with prefetching(uow, unions) as facts:
        return _import(
            uow, content, actor=actor, as_of=as_of, scope=scope, dry_run=dry_run,
            progress=progress, unions=unions, facts=facts,
        )  # fmt: skip


def _import(
    uow: UnitOfWork,
    content: bytes,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
    dry_run: bool,
    progress: ProgressFn | None,
    unions: list[Union],
    facts: Prefetched,
) -> ImportReport:
    cells: list[CellProblem] = []
    # The file is read in the words of the tree ``scope`` lies in (乐山's 层级 [L 一]).
    sheets = workbook_sheets(scope_tree(uow, scope))
    records = parse_sheets(read_sheets(content, tuple(s.name for s in SHEETS)), cells, sheets)
    if unreadable(cells):
        raise RegistryRejected(sorted(cells, key=_order))
    refusals = Refusals(records, cells)
    ctx = ImportContext(
        uow=uow,
        actor=actor,
        as_of=as_of,
        scope=scope,
        report=ImportReport(dry_run=dry_run),
        unions=UnionPaths(unions, scope, refusals),
        facts=facts,
        refusals=refusals,
        total=sum(len(rows) for rows in records.values()),
        progress=progress,
        cells=cells,
    )
    import_unions(ctx, records[UNIONS.name])
    import_contacts(ctx, records[CONTACTS.name])
    import_persons(ctx, records[PERSONS.name])
    import_honours(ctx, records[HONOURS.name])
    import_workshops(ctx, records[WORKSHOPS.name])
    import_members(ctx, records[MEMBERS.name])
    import_designations(ctx, records[DESIGNATIONS.name])
    import_grants(ctx, records[GRANTS.name])
    import_assessments(ctx, records[ASSESSMENTS.name])
    import_filings(ctx, records[FILINGS.name])
    import_oversight(ctx, records[INSPECTIONS.name], records[NOTICES.name])
    if cells:
        raise RegistryRejected(sorted(cells, key=_order))
    uow.flush()
    if not dry_run and ctx.report.total_changes >= STATISTICS_AFTER:
        uow.registry.refresh_statistics()
    return ctx.report


# After this many rows written, the planner's statistics are refreshed in the import's own
# transaction: read with the empty tables' statistics, a dry run of the same 150,000 titles
# straight after took 7 minutes on PostgreSQL instead of about 1.5.
STATISTICS_AFTER = 1_000


_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


def _order(cell: CellProblem) -> tuple[int, int, str]:
    return _SHEET_ORDER.get(cell.sheet, 0), cell.row, cell.column
