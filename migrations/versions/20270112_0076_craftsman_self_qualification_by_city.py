"""上海工匠: a self-applicant's 资格审查 records the district union's opinion the city solicited

The qualification check of a self-application (个人自荐) is the city's 上海工匠培养选树申报办公室's
资格审核 and 海选面试, after soliciting the opinion of the applicant's district union
([G] 三（一）). A stage record keeps that opinion and the day it was given (NULL on every
record before, and on every other stage). The 待办 items of applications are made on each read
(``intake/occasions.py::_craftsman``), not stored in the occasion index, so its state is kept.

Revision ID: 0076
Revises: 0075
Create Date: 2027-01-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0076"
down_revision: str | None = "0075"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "craftsman_stage_records", sa.Column("district_opinion", sa.Text(), nullable=True)
    )
    op.add_column(
        "craftsman_stage_records", sa.Column("district_opinion_on", sa.Date(), nullable=True)
    )


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+ too): a batch rebuild would lose the table's append-only
    # triggers; neither column is indexed or constrained.
    op.drop_column("craftsman_stage_records", "district_opinion_on")
    op.drop_column("craftsman_stage_records", "district_opinion")
