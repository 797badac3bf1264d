"""The SQL shapes of the reminder sweep: its scratch tables, staged columns and digest payload."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

# A decided (kind, due date, window, standing) combination, as ``stage_decisions`` takes it.
DECIDED = (
    "kind",
    "due_on",
    "window_days",
    "standing",
    "lead_step",
    "occasion_status",
    "kind_label",
    "step_label",
    "status_label",
)
# A staged new item, as ``stage_items`` takes it (recipient first: the digest order).
NEW_ITEM = (
    "recipient_email",
    "due_on",
    "kind",
    "subject",
    "occasion_key",
    "lead_step",
    "recipient_name",
    "digest_name",
    "designation_id",
    "union_id",
    "title",
    "link",
    "occasion_status",
    "kind_label",
    "step_label",
    "status_label",
)
# Where ``stage_indexed`` takes each staged column from (d: decision, e: entry, r: recipient).
FROM_INDEX = {
    "recipient_email": "r.email",
    "due_on": "e.due_on",
    "kind": "e.kind",
    "subject": "e.subject",
    "occasion_key": "e.key",
    "lead_step": "d.lead_step",
    "recipient_name": "r.name",
    "digest_name": "r.digest_name",
    "designation_id": "e.designation_id",
    "union_id": "e.union_id",
    "title": "e.title",
    "link": "e.link",
    "occasion_status": "d.occasion_status",
    "kind_label": "d.kind_label",
    "step_label": "d.step_label",
    "status_label": "d.status_label",
}
_NUMBERS = {"designation_id", "union_id", "window_days", "outbox_id"}


def _columns(names: Sequence[str]) -> str:
    types = {"due_on": "DATE", "standing": "BOOLEAN"}
    return ", ".join(f"{n} {'INTEGER' if n in _NUMBERS else types.get(n, 'TEXT')}" for n in names)


# Scratch tables of one sweep: (columns, what SQLite adds).
SCRATCH = {
    "sweep_decided": (_columns(DECIDED), ")"),
    "sweep_recipients": (
        _columns(("union_id", "email", "name", "digest_name")),
        ", PRIMARY KEY (union_id, email)) WITHOUT ROWID",
    ),
    "sweep_new": (
        _columns(NEW_ITEM),
        ", PRIMARY KEY (recipient_email, due_on, kind, subject, occasion_key)) WITHOUT ROWID",
    ),
    "sweep_digests": ("email TEXT PRIMARY KEY, outbox_id INTEGER", ")"),
}
# An item with the dedup key of the row at hand is stored already.
STORED = (
    "SELECT 1 FROM reminder_items i WHERE i.kind = {t}.kind AND i.occasion_key = {key} "
    "AND i.due_on = {t}.due_on AND i.recipient_email = {n} AND i.lead_step = {step}"
)
# An item as ``lifecycle.reminders.service.payload_of`` shows it in the digest's payload.
PAYLOAD_FIELDS = {
    "kind": "n.kind",
    "kind_label": "n.kind_label",
    "title": "n.title",
    "subject": "n.subject",
    "due_on": "n.due_on",
    "step": "n.lead_step",
    "step_label": "n.step_label",
    "status": "n.occasion_status",
    "status_label": "n.status_label",
    "link": "n.link",
}


def hash16(text_: str) -> str:
    """The first 16 hex digits of the SHA-256 of ``text_`` (names a digest for good)."""
    return hashlib.sha256(text_.encode()).hexdigest()[:16]
