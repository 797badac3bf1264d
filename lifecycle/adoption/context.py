"""The state one import carries from sheet to sheet: who, when, scope, what it found and did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lifecycle.actors import Actor
from lifecycle.adoption.errors import CellProblem
from lifecycle.adoption.plan import ImportReport, ProgressFn, UnionPaths
from lifecycle.adoption.prefetch import Prefetched
from lifecycle.adoption.refusals import Refusals
from lifecycle.designations.model import Designation
from lifecycle.persons.model import Person
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop

PROGRESS_EVERY = 200
# Pending rows are sent at least this often (what waits for a flush is held in memory).
SEND_EVERY = 5000


@dataclass
class ImportContext:
    uow: UnitOfWork
    actor: Actor
    as_of: date
    scope: Scope
    report: ImportReport
    unions: UnionPaths
    facts: Prefetched
    refusals: Refusals
    total: int
    progress: ProgressFn | None = None
    cells: list[CellProblem] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)
    workshops: dict[tuple[int, str], Workshop] = field(default_factory=dict)
    designations: dict[tuple[str, str], Designation] = field(default_factory=dict)
    # Person id → the masked number shown before this file corrected it (the export's).
    former_masks: dict[int, str] = field(default_factory=dict)
    # 人员编号 of the file → the person its 「人员」 row registered without an ID number (None
    # until registered, or when the row was refused).
    in_file: dict[int, Person | None] = field(default_factory=dict)
    done: int = 0

    def step(self) -> None:
        """One row handled; report progress every few hundred rows."""
        self.done += 1
        if self.done % SEND_EVERY == 0:  # between rows: also inside UnitOfWork.flushing_at_end
            self.uow.session.flush()
        if self.progress is not None and (
            self.done % PROGRESS_EVERY == 0 or self.done == self.total
        ):
            self.progress(self.done, self.total)
