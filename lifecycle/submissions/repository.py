"""Every query on the form submissions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lifecycle.errors import IntegrityConflict
from lifecycle.submissions.model import LOCATION_MAX, FormSubmission


class SubmissionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, key: str) -> FormSubmission | None:
        """The submission made with ``key``, if one was written."""
        stmt = select(FormSubmission).where(FormSubmission.key == key)
        return self.session.scalars(stmt).one_or_none()

    def claim(self, key: str, user_id: int | None, path: str) -> bool:
        """Record ``key`` in this transaction; False when it is already recorded (the caller
        then discards the transaction: it can write nothing more).

        The unique key decides: a second transaction inserting it waits (PostgreSQL) or queues
        (SQLite's ``BEGIN IMMEDIATE``) until the first ends, then fails here if it committed.
        """
        self.session.add(FormSubmission(key=key, user_id=user_id, path=path[:LOCATION_MAX]))
        try:
            self.session.flush()
        except IntegrityConflict:
            return False
        return True

    def set_location(self, key: str, location: str) -> None:
        """Where the first submission of ``key`` led."""
        stmt = (
            update(FormSubmission)
            .where(FormSubmission.key == key, FormSubmission.location.is_(None))
            .values(location=location[:LOCATION_MAX])
        )
        self.session.execute(stmt)

    def prune(self, before: datetime) -> int:
        """Remove the keys submitted before ``before``; how many were removed."""
        result = self.session.execute(
            delete(FormSubmission).where(FormSubmission.submitted_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
