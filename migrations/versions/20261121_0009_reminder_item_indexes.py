"""reminder items: three indexes instead of six, no foreign keys

The daily sweep inserts hundreds of thousands of items at once (380,000 on an ordinary day of a
registry of 1,000,000 designations); each index and each foreign key is work per item.

- No index on designation_id or union_id: no query reads items by either.
- The dedup key leads with the recipient: it serves a recipient's history (which counts all
  their items anyway) as well, so the (recipient_email, sweep_date) index goes.
- Kept: the primary key, the dedup key (unique), outbox_id (a mail's items).
- No foreign keys: every check locked a designation, a union and an outbox row per item (three
  quarters of the insert's time on PostgreSQL). The sweep is the only writer and copies the
  designation and union from the occasion index (whose foreign keys hold them) and the outbox id
  from the digest it has just written; designations, unions and mails are never deleted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEDUP = "uq_reminder_items_dedup"
OLD_DEDUP = ["kind", "occasion_key", "due_on", "recipient_email", "lead_step"]
NEW_DEDUP = ["recipient_email", "kind", "occasion_key", "due_on", "lead_step"]
FOREIGN_KEYS = (
    ("designation_id", "designations", "CASCADE"),
    ("union_id", "unions", "CASCADE"),
    ("outbox_id", "outbox_messages", "SET NULL"),
)


def upgrade() -> None:
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_items_designation_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_items_union_id"))
        batch_op.drop_index("ix_reminder_items_recipient_email_sweep_date")
        for column, parent, _on_delete in FOREIGN_KEYS:
            name = batch_op.f(f"fk_reminder_items_{column}_{parent}")
            batch_op.drop_constraint(name, type_="foreignkey")
        batch_op.drop_constraint(DEDUP, type_="unique")
        batch_op.create_unique_constraint(DEDUP, NEW_DEDUP)


def downgrade() -> None:
    with op.batch_alter_table("reminder_items", schema=None) as batch_op:
        batch_op.drop_constraint(DEDUP, type_="unique")
        batch_op.create_unique_constraint(DEDUP, OLD_DEDUP)
        for column, parent, on_delete in FOREIGN_KEYS:
            batch_op.create_foreign_key(
                batch_op.f(f"fk_reminder_items_{column}_{parent}"),
                parent,
                [column],
                ["id"],
                ondelete=on_delete,
            )
        batch_op.create_index(
            "ix_reminder_items_recipient_email_sweep_date",
            ["recipient_email", "sweep_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reminder_items_designation_id"), ["designation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminder_items_union_id"), ["union_id"], unique=False)
