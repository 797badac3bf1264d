"""a hand-entered 上海工匠 keeps the reference of its grant (公示 or 批准文号)

The title is the 上海市总工会's to grant after its yearly selection's 市总审定 and 社会公示 ([G] 三
（四）（五）、四); one granted before the service is entered by hand with the document it rests on.
None: an honour entered without one (other honours, the selection's own grant, imports).

Revision ID: 0063
Revises: 0062
Create Date: 2027-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0063"
down_revision: str | None = "0062"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person_honours", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_honours", schema=None) as batch_op:
        batch_op.drop_column("reference")
