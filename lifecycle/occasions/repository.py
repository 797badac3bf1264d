"""Every query the occasions calendar needs."""

from __future__ import annotations

from sqlalchemy.orm import Session


class OccasionRepository:
    """Facts for occasions, loaded in bulk for a union subtree."""

    def __init__(self, session: Session) -> None:
        self.session = session
