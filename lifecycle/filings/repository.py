"""Every query on yearly filings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.filings.model import FilingKind, YearlyFiling


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
        stmt = (
            select(YearlyFiling)
            .where(YearlyFiling.designation_id == designation_id)
            .order_by(YearlyFiling.year, YearlyFiling.kind)
        )
        return self.session.scalars(stmt).unique().all()

    def add(self, filing: YearlyFiling) -> YearlyFiling:
        self.session.add(filing)
        self.session.flush()
        return filing
