"""Every query on yearly filings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.designations.model import Designation
from lifecycle.files.model import StoredFile
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop


class FilingRepository:
    """Yearly filings of designations."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, designation_id: int, year: int, kind: FilingKind) -> YearlyFiling | None:
        stmt = select(YearlyFiling).where(
            YearlyFiling.designation_id == designation_id,
            YearlyFiling.year == year,
            YearlyFiling.kind == kind,
        )
        return self.session.scalars(stmt).unique().one_or_none()

    def for_designation(self, designation_id: int) -> Sequence[YearlyFiling]:
        return self.session.scalars(_filings(designation_id)).unique().all()

    def page_for_designation(self, designation_id: int, window: Window) -> Listing[YearlyFiling]:
        """A page of the designation's filings by year and kind, and how many it has."""
        return windowed(self.session, _filings(designation_id), window)

    def add(self, filing: YearlyFiling, *, taken: Taken) -> YearlyFiling:
        """Insert; the same year's filing recorded meanwhile by another request (the unique
        designation, year and kind) is refused as ``taken``, the use case's check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(filing)
        return filing

    def file_of(self, designation_id: int, filing_id: int, scope: Scope) -> StoredFile | None:
        """The file filed with one filing of a designation inside the scope [Y11]."""
        stmt = (
            select(StoredFile)
            .join(YearlyFiling, YearlyFiling.file_id == StoredFile.id)
            .join(Designation, Designation.id == YearlyFiling.designation_id)
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(
                YearlyFiling.id == filing_id,
                YearlyFiling.designation_id == designation_id,
                scope.clause(Union.path),
            )
        )
        return self.session.scalars(stmt).unique().one_or_none()


def _filings(designation_id: int) -> Select[YearlyFiling]:
    """The designation's yearly filings by year and kind (id: one order on every page)."""
    return (
        select(YearlyFiling)
        .where(YearlyFiling.designation_id == designation_id)
        .order_by(YearlyFiling.year, YearlyFiling.kind, YearlyFiling.id)
    )
