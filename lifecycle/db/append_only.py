"""Append-only tables: the ORM refuses to update or delete their rows (the database does too)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lifecycle.errors import AppendOnlyViolation


def guard_append_only(session: Session, _context: Any, _instances: Any) -> None:
    """before_flush hook: history is never rewritten, whoever asks."""
    for obj in session.deleted:
        if getattr(obj, "__append_only__", False):
            raise AppendOnlyViolation(
                f"{type(obj).__name__} 是只追加记录，不能删除", code="append_only"
            )
    for obj in session.dirty:
        if getattr(obj, "__append_only__", False) and session.is_modified(obj):
            raise AppendOnlyViolation(
                f"{type(obj).__name__} 是只追加记录，不能修改", code="append_only"
            )
