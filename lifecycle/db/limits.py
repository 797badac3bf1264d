"""What a column can hold (a text's length, an integer's range), read from the mapping itself, and
the flush guard that refuses a value past it by field before any SQL is sent.

Without it a value too long or too large reached the database: PostgreSQL refused the statement
(a DataError, shown as an input error naming no field, the form lost), SQLite stored the text
whole and failed only past 64-bit integers. Each use case still checks its own rules first (a
title's length, a year's range, with the field's Chinese name); this is the floor under all of
them, on every surface (pages, API, imports) and both backends alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Enum, Integer, SmallInteger, String, inspect
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.types import TypeEngine

from lifecycle.errors import Problems

# Control characters but tab and line ends: no form types them, PostgreSQL cannot store NUL
# (the statement fails, a page showed 「输入包含无法保存的字符或数值」 naming no field) and SQLite
# stored them as sent.
CONTROL_CHARACTERS = frozenset(chr(c) for c in (*range(32), 127)) - {"\t", "\n", "\r"}
CONTROL_MESSAGE = "不能包含控制字符"
# Characters that show nothing yet reorder or split what is shown: the bidi embeddings and
# overrides (U+202A–202E), isolates (U+2066–2069) and marks (U+200E, U+200F, U+061C), the
# zero-width space, non-joiner and joiner (U+200B–200D), the word joiner (U+2060) and U+FEFF.
# A payee holding one reads as another in the ledger and the audit (U+202E before 「司公某」
# shows 「某公司」); no form or workbook types them on purpose.
INVISIBLE_CHARACTERS = frozenset(
    chr(c)
    for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,
              *range(0x200B, 0x200E), 0x2060, 0xFEFF)
)  # fmt: skip
INVISIBLE_MESSAGE = "不能包含不可见的格式字符（双向文字控制符、零宽字符等），请删除后重新填写"

# The ranges of the integer types (PostgreSQL's; SQLite holds 64 bits in any).
INT_MAX = 2**31 - 1
_RANGES: tuple[tuple[type[TypeEngine[Any]], int], ...] = (
    (SmallInteger, 2**15 - 1),
    (BigInteger, 2**63 - 1),
    (Integer, INT_MAX),
)


@dataclass(frozen=True)
class Limit:
    """What one column holds: text (at most ``max_length`` characters when given, no control
    character, no invisible bidi or zero-width character), or a whole number ``low``…``high``."""

    max_length: int | None = None
    low: int | None = None
    high: int | None = None
    text: bool = False

    def problem(self, value: object) -> tuple[str, str] | None:
        """(code, Chinese message) when ``value`` does not fit, else None."""
        if isinstance(value, str) and self.text:
            if self.max_length is not None and len(value) > self.max_length:
                return "too_long", too_long(self.max_length)
            if not CONTROL_CHARACTERS.isdisjoint(value):
                return "control_character", CONTROL_MESSAGE
            if not INVISIBLE_CHARACTERS.isdisjoint(value):
                return "invisible_character", INVISIBLE_MESSAGE
        elif isinstance(value, int) and not isinstance(value, bool) and self.high is not None:
            if value > self.high:
                return "too_large", f"不能大于{self.high}"
            if self.low is not None and value < self.low:
                return "too_small", f"不能小于{self.low}"
        return None


def too_long(max_length: int, label: str = "") -> str:
    """The one wording of a text past its length (the pages', the API's, the guard's)."""
    return f"{label}不能超过{max_length}个字符"


def limit_of_type(column_type: TypeEngine[Any]) -> Limit | None:
    """What a column of ``column_type`` holds, or None when the type bounds nothing we check."""
    if isinstance(column_type, Enum):
        return None  # one of its members, checked as a choice
    if isinstance(column_type, String):
        return Limit(max_length=column_type.length, text=True)
    for kind, high in _RANGES:
        if isinstance(column_type, kind):
            return Limit(low=-high - 1, high=high)
    return None


@cache
def mapper_limits(mapper: Mapper[Any]) -> dict[str, Limit]:
    """The bounded column attributes of a mapped class, by attribute name."""
    found = {}
    for attr in mapper.column_attrs:
        if len(attr.columns) != 1:
            continue
        limit = limit_of_type(attr.columns[0].type)
        if limit is not None:
            found[attr.key] = limit
    return found


def column_limit(table_column: str) -> Limit:
    """The limit of ``"table.column"`` (the pages' inputs carry it as maxlength, min and max)."""
    from lifecycle.db.models import Base  # every mapped class registered

    table, column = table_column.split(".")
    found = limit_of_type(Base.metadata.tables[table].c[column].type)
    if found is None or (found.max_length is None and found.high is None):
        raise KeyError(f"{table_column} has no length or range")
    return found


def guard_limits(session: Session, _context: Any, _instances: Any) -> None:
    """before_flush hook: a value past its column is refused by field, nothing sent; an object
    changed is checked in the attributes that changed (a stored value is left as it is)."""
    problems = Problems()
    for obj, fresh in (*((o, True) for o in session.new), *((o, False) for o in session.dirty)):
        state = inspect(obj)
        limits = mapper_limits(state.mapper)
        if not limits:
            continue
        values = state.dict
        # A new object: every value it holds; a changed one: those changed since it was loaded.
        held = values.keys() if fresh else state.committed_state.keys()
        for key, limit in limits.items():  # in the columns' order
            if key not in held:
                continue
            found = limit.problem(values.get(key))
            if found is not None:
                problems.add(key, *found)
    problems.raise_if_any()
