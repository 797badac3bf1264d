"""A 整改通知's own mails (its written report has arrived; its provisional deadline is confirmed):
one digest line, through the outbox and sent after the commit, to each contact of the union it
is for who receives its 整改 reminders, or of the nearest union above with one, as the daily
reminders are routed (DOMAIN.md §6); none where no union up the tree has a contact [Y12]."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lifecycle.clock import to_shanghai
from lifecycle.notices.model import RectificationNotice
from lifecycle.occasions.model import OccasionKind
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.policy import reaches
from lifecycle.reminders.service import routes_of
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork

# The line's kind: a notice's mails are about its 整改 [Y12], routed and answered as that is.
KIND = OccasionKind.RECTIFICATION_DEADLINE.value


def mail_about(
    uow: UnitOfWork,
    notice: RectificationNotice,
    union_id: int,
    line: dict[str, Any],
    *,
    key: str,
    now: datetime,
) -> None:
    """Mail ``line`` (kind_label, title, due_on, step_label, link) about ``notice`` to the union
    ``union_id`` whose item it is; ``key`` makes each recipient's mail once (``dedup_key``)."""
    recipients = uow.reminders.recipients()
    routes = routes_of(uow, recipients)
    to = routes.to(union_id, KIND)
    if to is None:
        return
    designation = uow.designations.get(notice.designation_id, EVERYTHING)
    item = {
        "kind": KIND,
        **line,
        "subject": designation.title if designation is not None else notice.number,
        "on_behalf_of": routes.behalf(union_id, KIND),
        "union_id": union_id,  # whose item: who reads it in the outbox
    }
    for contact in recipients[to]:
        if not reaches(contact.role, KIND):
            continue
        payload = {
            "as_of": to_shanghai(now).date().isoformat(),
            "name": contact.digest_name,
            "items": [item],
        }
        uow.outbox.add(
            OutboxMessage(
                kind="reminder_digest",
                dedup_key=f"{key}:{contact.email}",
                recipient_email=contact.email,
                recipient_name=contact.digest_name,
                payload=payload,
                next_attempt_at=now,
            )
        )
