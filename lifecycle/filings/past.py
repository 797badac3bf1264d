"""Yearly filings made before the service: the same checks as a live filing, kept without a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.errors import NotFound
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.filings.service import filing_problems, filing_taken
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork


@dataclass(frozen=True)
class PastFiling:
    """A filing on paper: its year, kind and date; ``source`` says where the record came from."""

    designation_id: int
    year: int
    kind: FilingKind
    filed_on: date
    source: str
    note: str | None = None


def register_past_filing(
    uow: UnitOfWork, cmd: PastFiling, *, as_of: date, scope: Scope
) -> YearlyFiling:
    """Record a filing made on paper [Y11]: once per title, year and kind, in a year the title was
    held (from its naming year to the year it ended), filed no earlier than that year."""
    designation = uow.designations.get(cmd.designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在管辖范围内", field="designation_id")
    problems = filing_problems(
        uow, designation, cmd.year, cmd.kind, cmd.filed_on, as_of=as_of, live=False
    )
    problems.raise_if_any()
    return uow.filings.add(
        YearlyFiling(
            designation_id=designation.id,
            year=cmd.year,
            kind=cmd.kind,
            filed_on=cmd.filed_on,
            file_id=None,
            filed_by=cmd.source,
            note=(cmd.note or "").strip() or None,
        ),
        # The year's filing recorded meanwhile by another request: refused as the check above.
        taken=lambda: filing_taken(uow, designation.id, cmd.year, cmd.kind),
    )
