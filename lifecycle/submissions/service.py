"""Keeping the one-time form keys: a replay is caught for a month, the table does not grow."""

from __future__ import annotations

from datetime import datetime, timedelta

from lifecycle.submissions.repository import SubmissionRepository
from lifecycle.uow import UnitOfWork

# A form is posted again within minutes (back and resubmit, a retried request); a page cannot
# be posted a month on anyway (its session, and the CSRF token with it, ends after 12 hours).
KEPT = timedelta(days=30)


def prune_submissions(uow: UnitOfWork, now: datetime) -> int:
    """Remove the keys older than ``KEPT``; how many were removed (the daily job)."""
    return SubmissionRepository(uow.session).prune(now - KEPT)
