"""Every query on ledger entries."""

from __future__ import annotations

from sqlalchemy.orm import Session


class LedgerRepository:
    """Projects, activities, achievements and member development of workshops."""

    def __init__(self, session: Session) -> None:
        self.session = session
