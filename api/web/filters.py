"""Query-string filters of the list pages, parsed leniently: a bad value is dropped and named."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import TypeVar

from lifecycle.errors import FieldProblem, ValidationFailed
from lifecycle.validation import ascii_digits, missing_day

E = TypeVar("E", bound=StrEnum)
# Control characters (NUL…) no one types into a filter: the value is dropped and named, not
# sent to the database (PostgreSQL refuses a NUL, and the list would be an error page).
_CONTROL = frozenset(chr(c) for c in (*range(32), 127))
CONTROL_CHARACTERS = "查询条件含有控制字符"
CONTROL_DROPPED = f"{CONTROL_CHARACTERS}，已忽略"


def printable(value: str) -> str:
    """``value`` without its control characters, as a dropped filter's box shows it again."""
    return "".join(c for c in value if c not in _CONTROL)


class Filters:
    """Reads one request's query string; ``problems`` names each value that was ignored."""

    def __init__(self, query: Mapping[str, str]) -> None:
        self.query = query
        self.problems: list[str] = []
        self.ignored: list[FieldProblem] = []
        self._dropped: set[str] = set()

    def ignore(self, name: str, why: str) -> None:
        """Name the value of ``name`` that cannot be used: a page says it was ignored."""
        self.problems.append(f"{why}，已忽略")
        self.ignored.append(FieldProblem(name, "validation_failed", why))

    def used(self, kept: Mapping[str, str]) -> dict[str, str]:
        """``kept`` without the values that were ignored: what an export link carries, so the
        workbook is the list the page shows."""
        ignored = {problem.field for problem in self.ignored}
        return {name: value for name, value in kept.items() if name not in ignored}

    def refuse_ignored(self) -> None:
        """An export refuses what its page names and ignores (422 beside each filter): a
        workbook cannot say that it shows another list than the one asked for."""
        if self.ignored:
            message = "；".join(p.message for p in self.ignored)
            raise ValidationFailed(message, problems=self.ignored)

    def text(self, name: str, max_length: int = 100) -> str | None:
        value = (self.query.get(name) or "").strip()
        if not _CONTROL.isdisjoint(value):  # PostgreSQL cannot compare text holding a NUL
            if name not in self._dropped:
                self._dropped.add(name)
                self.ignore(name, CONTROL_CHARACTERS)
            return None
        return value[:max_length] or None

    def shown(self, *names: str) -> dict[str, str]:
        """The values of ``names`` as the form shows them again: as typed but without control
        characters, so a box whose filter was dropped holds what can be typed, never a NUL."""
        values = {name: printable(self.query.get(name) or "").strip() for name in names}
        return {name: value for name, value in values.items() if value}

    def choice(self, name: str, enum: type[E], label: str) -> E | None:
        value = self.text(name)
        if value is None:
            return None
        if value in {member.value for member in enum}:
            return enum(value)
        self.ignore(name, f"{label}「{value}」无效")
        return None

    def day(self, name: str, label: str) -> date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            if missing := missing_day(value):  # well written, but no such day (2026-02-30)
                self.ignore(name, f"{label}有误：{missing}")
            else:
                self.ignore(name, f"{label}「{value}」不是有效日期（如 2026-03-01）")
            return None

    def number(self, name: str, label: str, *, minimum: int = 1) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if ascii_digits(value) and minimum <= int(value) <= 2_147_483_647:
            return int(value)
        self.ignore(name, f"{label}「{value}」无效")
        return None

    def page(self, name: str = "page") -> int:
        value = self.text(name)
        return int(value) if value and ascii_digits(value) and 0 < int(value) < 1_000_000 else 1
