"""上海工匠 income survey: answers stored under the questionnaire's keys (附件1, nine questions)

Before the questionnaire was fixed, the page stored two answers: ``monthly_income_yuan``
(integer yuan) and ``level``. They become ``monthly_income_fen`` (integer fen) and
``income_level``; a value that does not fit its question, and any other key, is left as written
(shown as stored, never re-checked). Downgrade writes the two keys back.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = ("高", "较高", "中", "较低", "低")
applications = sa.table(
    "craftsman_applications", sa.column("id", sa.Integer()), sa.column("income_survey", sa.JSON())
)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _forward(answers: dict[str, Any]) -> dict[str, Any]:
    out = dict(answers)
    if _whole(out.get("monthly_income_yuan")) and "monthly_income_fen" not in out:
        out["monthly_income_fen"] = out.pop("monthly_income_yuan") * 100
    if out.get("level") in LEVELS and "income_level" not in out:
        out["income_level"] = out.pop("level")
    return out


def _back(answers: dict[str, Any]) -> dict[str, Any]:
    out = dict(answers)
    fen = out.get("monthly_income_fen")
    if _whole(fen) and fen % 100 == 0 and "monthly_income_yuan" not in out:
        out["monthly_income_yuan"] = out.pop("monthly_income_fen") // 100
    if "income_level" in out and "level" not in out:
        out["level"] = out.pop("income_level")
    return out


def _rewrite(change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(applications.c.id, applications.c.income_survey).where(
            applications.c.income_survey.is_not(None)
        )
    ).all()
    for row_id, answers in rows:
        if not isinstance(answers, dict):
            continue
        changed = change(answers)
        if changed != answers:
            bind.execute(
                applications.update()
                .where(applications.c.id == row_id)
                .values(income_survey=changed)
            )


def upgrade() -> None:
    _rewrite(_forward)


def downgrade() -> None:
    _rewrite(_back)
