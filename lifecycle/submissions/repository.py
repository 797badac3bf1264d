"""Every query on the form submissions (page forms' one-time keys and API idempotency keys)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lifecycle.errors import IntegrityConflict
from lifecycle.submissions.model import LOCATION_MAX, MEDIA_TYPE_MAX, FormSubmission


class SubmissionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, key: str) -> FormSubmission | None:
        """The submission made with ``key``, if one was written."""
        stmt = select(FormSubmission).where(FormSubmission.key == key)
        return self.session.scalars(stmt).one_or_none()

    def claim(
        self, key: str, user_id: int | None, path: str, request_hash: str | None = None
    ) -> bool:
        """Record ``key`` in this transaction; False when it is already recorded (the caller
        then discards the transaction: it can write nothing more).

        The unique key decides: a second transaction inserting it waits (PostgreSQL) or queues
        (SQLite's ``BEGIN IMMEDIATE``) until the first ends, then fails here if it committed.
        """
        row = FormSubmission(
            key=key, user_id=user_id, path=path[:LOCATION_MAX], request_hash=request_hash
        )
        self.session.add(row)
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

    def set_response(self, key: str, status: int, media_type: str, body: bytes) -> None:
        """The answer the first request made with an API key ``key`` got."""
        stmt = (
            update(FormSubmission)
            .where(FormSubmission.key == key, FormSubmission.response_status.is_(None))
            .values(
                response_status=status,
                response_type=media_type[:MEDIA_TYPE_MAX],
                response_body=body,
            )
        )
        self.session.execute(stmt)

    def prune(self, before: datetime) -> int:
        """Remove the keys submitted before ``before``; how many were removed."""
        result = self.session.execute(
            delete(FormSubmission).where(FormSubmission.submitted_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
