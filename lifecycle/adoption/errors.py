"""A refused registry file: every bad cell by sheet, row, column and why (in Chinese)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lifecycle.errors import FieldProblem, ValidationFailed

SHOWN_IN_MESSAGE = 20


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
    """The file was refused whole: nothing was written; ``cells`` lists every bad cell."""

    code = "import_rejected"

    def __init__(self, cells: list[CellProblem]) -> None:
        self.cells = cells
        shown = "；".join(c.line() for c in cells[:SHOWN_IN_MESSAGE])
        more = f"；另有{len(cells) - SHOWN_IN_MESSAGE}处" if len(cells) > SHOWN_IN_MESSAGE else ""
        super().__init__(
            f"文件中有{len(cells)}处错误，未导入任何记录：{shown}{more}",
            problems=[
                FieldProblem(f"{c.sheet}[{c.row}].{c.column}", self.code, c.message) for c in cells
            ],
        )

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "cells": [asdict(c) for c in self.cells]}
