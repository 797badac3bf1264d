"""Which rows of the file were refused so far: a row naming one of them says where it stands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lifecycle.adoption.columns import Sheet
from lifecycle.adoption.errors import CellProblem
from lifecycle.adoption.parse import Record
from lifecycle.adoption.sheets import DESIGNATIONS, PERSONS
from lifecycle.schemes.numbers import written_number


class Refusals:
    """Each sheet's natural keys by the row first holding them, and the rows with a bad cell.

    A record the file names but the import cannot find was either never entered, or entered in
    a row refused: the second is said with the row (「该命名在「命名」表第4行未通过校验」), so
    the importer fixes that row rather than adding the record twice.
    """

    def __init__(self, records: Mapping[str, list[Record]], cells: list[CellProblem]) -> None:
        self.cells = cells  # the import's own list, appended to as rows are checked
        self.rows: dict[str, dict[tuple[Any, ...], int]] = {}
        for name, rows in records.items():
            index = self.rows.setdefault(name, {})
            for r in rows:
                key = r.key()
                if None not in key:
                    index.setdefault(_normal(r.sheet, key), r.row)
        self.refused: set[tuple[str, int]] = set()
        self.seen = 0

    def is_refused(self, sheet: Sheet, row: int) -> bool:
        """Whether a bad cell has been found in ``row`` of ``sheet`` so far."""
        for cell in self.cells[self.seen :]:
            self.refused.add((cell.sheet, cell.row))
        self.seen = len(self.cells)
        return (sheet.name, row) in self.refused

    def row_of(self, sheet: Sheet, key: tuple[Any, ...]) -> int | None:
        """The row of ``sheet`` entering ``key``, when that row was refused (None otherwise)."""
        row = self.rows.get(sheet.name, {}).get(_normal(sheet, key))
        return row if row is not None and self.is_refused(sheet, row) else None

    def missing(self, sheet: Sheet, key: tuple[Any, ...], what: str, otherwise: str) -> str:
        """Why ``what`` (named by ``key``) is not found: refused in its row, else ``otherwise``."""
        row = self.row_of(sheet, key)
        return otherwise if row is None else refused_in(what, sheet, row)


def refused_in(what: str, sheet: Sheet, row: int) -> str:
    return f"{what}在「{sheet.name}」表第{row}行未通过校验"


def _normal(sheet: Sheet, key: tuple[Any, ...]) -> tuple[Any, ...]:
    """A person is found by the ID number in capitals, whatever the cell's case; a title by its
    number as the series writes it."""
    if sheet.name == DESIGNATIONS.name:
        return (key[0], written_number(str(key[1])))
    return (str(key[0]).upper(),) if sheet.name == PERSONS.name else key
