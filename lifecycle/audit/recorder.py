"""The flush listener writing one audit entry per changed domain row, as the unit's actor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, UOWTransaction

from lifecycle.actors import SYSTEM, Actor
from lifecycle.audit.model import AuditEntry
from lifecycle.clock import instant_text, now_utc
from lifecycle.persons.id_card import mask_id_card

ACTOR_KEY = "actor"
# While set (``UnitOfWork.because``), every entry carries this reason for the change.
REASON_KEY = "audit_reason"
# While set (``buffered``), entries gather here and are written in batches of BUFFER_BATCH.
BUFFER_KEY = "audit_buffer"
BUFFER_BATCH = 5000
# Not domain rows: the log itself, browser sessions and the forms' one-time keys.
SKIPPED_TABLES = frozenset({"audit_log", "web_sessions", "form_submissions"})
# Updates touching only these columns are bookkeeping (token use), not changes.
QUIET_COLUMNS = {
    "api_tokens": frozenset({"last_used_at"}),
}
# Secrets never enter the log; ID-card numbers only masked.
REDACTED_COLUMNS = frozenset(
    {
        "password_hash",
        "token_hash",
        "csrf_token",
        "calendar_token",
        # 上海工匠 personal data [G] 附件1: phone, home address and the income survey.
        "applicant_phone",
        "home_address",
        "income_survey",
    }
)
MASKED_COLUMNS = {"id_card_number": mask_id_card}


def _jsonable(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in REDACTED_COLUMNS:
        return "***"
    if key in MASKED_COLUMNS:
        return MASKED_COLUMNS[key](value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return instant_text(value)  # as the API writes its *_at: UTC, ending in Z
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _snapshot(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    loaded = state.dict
    return {
        attr.key: _jsonable(attr.key, loaded.get(attr.key))
        for attr in state.mapper.column_attrs
        if attr.key in loaded
    }


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        before[attr.key] = _jsonable(attr.key, history.deleted[0] if history.deleted else None)
        after[attr.key] = _jsonable(attr.key, history.added[0] if history.added else None)
    return before, after


def _entity_id(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def record_changes(session: Session, _flush_context: UOWTransaction) -> None:
    """after_flush: new, dirty and deleted objects still show their pre-flush state here."""
    actor: Actor = session.info.get(ACTOR_KEY, SYSTEM)
    reason: str | None = session.info.get(REASON_KEY)
    at = now_utc()
    rows: list[dict[str, Any]] = []

    def add(action: str, obj: Any, before: Any, after: Any) -> None:
        rows.append(
            {
                "at": at,
                "user_id": actor.user_id,
                "actor_name": actor.name[:100],
                "action": action,
                "entity": inspect(obj).mapper.local_table.name,
                "entity_id": _entity_id(obj),
                "before": before,
                "after": after,
                "reason": reason,
            }
        )

    for obj in session.new:
        if _table(obj) not in SKIPPED_TABLES:
            add("insert", obj, None, _snapshot(obj))
    for obj in session.dirty:
        table = _table(obj)
        if table in SKIPPED_TABLES or not session.is_modified(obj):
            continue
        before, after = _changes(obj)
        if not before or set(before) <= QUIET_COLUMNS.get(table, frozenset()):
            continue
        add("update", obj, before, after)
    for obj in session.deleted:
        if _table(obj) not in SKIPPED_TABLES:
            add("delete", obj, _snapshot(obj), None)
    buffer: list[dict[str, Any]] | None = session.info.get(BUFFER_KEY)
    if buffer is None:
        if rows:
            session.connection().execute(insert(AuditEntry), rows)
        return
    buffer.extend(rows)
    if len(buffer) >= BUFFER_BATCH:
        _write(session, buffer)


def _write(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(AuditEntry), rows)
        rows.clear()


@contextmanager
def buffered(session: Session) -> Iterator[None]:
    """Within the block, entries of many flushes are written together, in the same transaction.

    Each entry is still made at its own flush (same actor, time, before and after); only the
    insert waits for a batch. Whatever is left is written when the block ends, so nothing
    flushed in the block is ever committed without its entry. A session whose transaction has
    already failed cannot write: its entries go with the rolled-back rows.
    """
    buffer: list[dict[str, Any]] = []
    session.info[BUFFER_KEY] = buffer
    try:
        yield
    except BaseException:
        session.info.pop(BUFFER_KEY, None)
        with suppress(SQLAlchemyError):  # a lost transaction: the error being raised says why
            _write(session, buffer)
        raise
    session.info.pop(BUFFER_KEY, None)
    _write(session, buffer)


def _table(obj: Any) -> str:
    return str(inspect(obj).mapper.local_table.name)
