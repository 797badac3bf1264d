"""A refused registry file: every bad cell by sheet, row, column and why (in Chinese)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lifecycle.errors import FieldProblem, ValidationFailed

SHOWN_IN_MESSAGE = 20
# The bad cells listed (page table, API ``cells``, console); the rest are counted.
CELLS_KEPT = 200


@dataclass(frozen=True)
class CellProblem:
    """One bad cell: sheet, spreadsheet row, column letter and header, and why."""

    sheet: str
    row: int
    column: str
    header: str
    message: str

    def line(self) -> str:
        where = f"「{self.sheet}」第{self.row}行"
        if self.header:
            where += f"「{self.header}」（{self.column}列）"
        return f"{where}：{self.message}"


class RegistryRejected(ValidationFailed):
    """The file was refused whole: nothing was written; ``cells`` lists the first ``CELLS_KEPT``
    bad cells and ``more`` counts the rest (one bad parent row can make thousands of its children
    bad: the list a page, an API answer or the console shows stays a list one can work through)."""

    code = "import_rejected"

    def __init__(self, cells: list[CellProblem]) -> None:
        self.total = len(cells)
        self.cells = kept_cells(cells)
        self.more = self.total - len(self.cells)
        shown = "；".join(c.line() for c in cells[:SHOWN_IN_MESSAGE])
        rest = self.total - SHOWN_IN_MESSAGE
        problems = [
            FieldProblem(f"{c.sheet}[{c.row}].{c.column}", self.code, c.message) for c in self.cells
        ]
        if self.more:
            problems.append(FieldProblem("file", self.code, more_cells(self.more)))
        super().__init__(
            f"文件中有{self.total}处错误，未导入任何记录：{shown}"
            + (f"；{more_cells(rest)}" if rest > 0 else ""),
            problems=problems,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            **super().to_dict(),
            "cells": [asdict(c) for c in self.cells],
            "total_cells": self.total,
            "more_cells": self.more,
        }


def blank_cell(header: str) -> str:
    """A required cell left blank, in one wording for every import (expenditure sheets, the
    registry), as the forms ask for a field left empty: 「请填写收款方」."""
    return f"请填写{header}"


def kept_cells(cells: list[CellProblem], limit: int = CELLS_KEPT) -> list[CellProblem]:
    """The first ``limit`` bad cells taken a sheet at a time in turn (one from each sheet, then a
    second from each …), listed in the file's order: a bad parent row's thousands of children on
    one sheet do not hide a sheet's own independent faults behind 「另有N处错误」."""
    by_sheet: dict[str, list[int]] = {}
    for n, cell in enumerate(cells):
        by_sheet.setdefault(cell.sheet, []).append(n)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < min(limit, len(cells)):
        chosen += [ns[depth] for ns in by_sheet.values() if depth < len(ns)]
        depth += 1
    return [cells[n] for n in sorted(chosen[:limit])]


def more_cells(count: int) -> str:
    """The line standing for the bad cells not listed."""
    return f"另有{count}处错误"
