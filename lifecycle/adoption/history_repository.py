"""The queries of the oversight sheets' export: inspections, notices and filings of some titles."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.db.batches import batches
from lifecycle.filings.model import YearlyFiling
from lifecycle.inspections.model import Inspection
from lifecycle.notices.model import RectificationNotice


class HistoryRepository:
    """Recorded oversight of designations, fetched in batches of ids."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def inspections_of(self, designation_ids: Collection[int]) -> list[Inspection]:
        """Inspections with a recorded result (a scheduled one stays in the service)."""
        found: list[Inspection] = []
        for chunk in batches(designation_ids):
            query = select(Inspection).where(
                Inspection.designation_id.in_(chunk), Inspection.result.is_not(None)
            )
            found.extend(self.session.scalars(query.order_by(Inspection.id)).unique())
        return found

    def notices_of(self, designation_ids: Collection[int]) -> list[RectificationNotice]:
        found: list[RectificationNotice] = []
        for chunk in batches(designation_ids):
            query = select(RectificationNotice).where(RectificationNotice.designation_id.in_(chunk))
            found.extend(self.session.scalars(query.order_by(RectificationNotice.id)))
        return found

    def filings_of(self, designation_ids: Collection[int]) -> list[YearlyFiling]:
        found: list[YearlyFiling] = []
        for chunk in batches(designation_ids):
            query = select(YearlyFiling).where(YearlyFiling.designation_id.in_(chunk))
            found.extend(self.session.scalars(query.order_by(YearlyFiling.id)).unique())
        return found
