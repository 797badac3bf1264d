"""recommendation batches: a union may send supplementary batches to a call before its deadline

「区局（产业）工会、社团审查后…推荐申报」 and 「应于2024年9月13日前完成网上申报」 [C 二（二）、三（四）]
set a deadline, not a single sending: an application that reaches the recommending union after
its batch was sent may still be recommended in a further batch before the deadline (reading I7).
Each batch carries its number in the union's series for the call (1 the first, 2… 补充推荐);
a union's batches of one call are told apart by it instead of being one.

Revision ID: 0058
Revises: 0057
Create Date: 2026-12-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0058"
down_revision: str | None = "0057"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "intake_batches"


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=False, server_default="1"))
        batch_op.drop_constraint(batch_op.f("uq_intake_batches_call_id_union_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_intake_batches_call_id_union_id_seq"), ["call_id", "union_id", "seq"]
        )


def downgrade() -> None:
    # Only the first batch of each union and call fits the older schema: a database holding
    # supplementary batches (their history) is not taken back.
    extra = op.get_bind().scalar(sa.text("SELECT count(*) FROM intake_batches WHERE seq > 1"))
    if extra:
        raise RuntimeError(
            f"{extra} supplementary batches exist; the older schema cannot hold them"
        )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_intake_batches_call_id_union_id_seq"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_intake_batches_call_id_union_id"), ["call_id", "union_id"]
        )
        batch_op.drop_column("seq")
