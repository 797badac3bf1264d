"""The workbook's building blocks: a column, a sheet, and the closed lists cells draw from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from lifecycle.schemes import all_schemes


def labels(mapping: Mapping[Any, str]) -> Mapping[str, str]:
    """Label → stored value (what a cell holds → what the database holds)."""
    return MappingProxyType({label: str(value) for value, label in mapping.items()})


def scheme_labels() -> Mapping[str, str]:
    """Scheme name → code, for every registered rule pack."""
    return MappingProxyType({s.settings.name: s.settings.code for s in all_schemes()})


@dataclass(frozen=True)
class Column:
    """One column: its key, Chinese header, kind of value, and the closed list it draws from."""

    key: str
    header: str
    kind: str = "text"  # text | date | int | decimal | choice | path
    required: bool = False
    choices: Mapping[str, str] | None = None
    width: int = 16
    max_len: int = 200
    # The header may be missing: a column added after files were filled from older templates.
    optional: bool = False
    # Read as well, not offered: another wording of a choice (Shanghai's level names in 乐山).
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook; ``keys`` are the columns of its natural key."""

    name: str
    columns: tuple[Column, ...]
    keys: tuple[str, ...]
    note: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


def path_column(key: str, header: str, *, required: bool = True) -> Column:
    """A union named by its path from the city (上级/下级)."""
    return Column(key, header, "path", required, width=44, max_len=1000)


def title_columns() -> tuple[Column, Column]:
    """The two columns naming a title by its natural key: scheme and number."""
    return (
        Column("scheme", "命名方案", "choice", True, scheme_labels(), 30),
        Column("number", "命名编号", required=True, max_len=40),
    )
