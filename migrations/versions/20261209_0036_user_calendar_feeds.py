"""calendar feeds: each user's own subscription address, stored only as a hash

The ICS feed's secret belonged to the union (``unions.calendar_token``, kept in plain text): any
member replacing it broke everyone's subscription, and it kept working for a user deactivated,
given a new password or moved to another union. Each user now has an address of their own
(``calendar_feeds``: the SHA-256 of the secret, the union and role it was made for, revoked with
the user's sessions and API tokens). The union tokens are dropped, not carried over: a union's
secret cannot become one user's, so every address stops and users make their own on the 日历
page (which says so). Downgrading drops the users' addresses too (the unions get none back).

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = (
    "admin",
    "city_officer",
    "district_officer",
    "finance",
    "unit_contact",
    "association_contact",
)


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("union_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(*ROLES, name="role", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["unions.id"],
            name=op.f("fk_calendar_feeds_union_id_unions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
    )
    with op.batch_alter_table("unions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_unions_calendar_token"), type_="unique")
        batch_op.drop_column("calendar_token")


def downgrade() -> None:
    with op.batch_alter_table("unions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_unions_calendar_token"), ["calendar_token"]
        )
    op.drop_table("calendar_feeds")
