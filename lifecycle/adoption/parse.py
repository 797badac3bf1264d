"""Cells to typed values, sheet by sheet: every bad cell named, nothing looked up yet."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from lifecycle.adoption.columns import Column, Sheet
from lifecycle.adoption.errors import CellProblem, blank_cell
from lifecycle.adoption.reader import MAX_CELL_CHARS, RawRow
from lifecycle.adoption.separator import PATH_SEPARATOR
from lifecycle.adoption.sheets import FIRST_DATA_ROW, HEADER_ROW, PERSON_NUMBER_OF, SHEETS
from lifecycle.persons.id_card import is_masked
from lifecycle.validation import plain_decimal, within_places, written_number
from lifecycle.workbook_reader import UncomputedFormula, cell_date, formula_refused


@dataclass
class Record:
    """One data row: its sheet, spreadsheet row number and typed values by column key.

    ``bad`` holds the keys of the columns refused as cells (their value is None): such a row is
    still checked for the records it names, but goes to no use case.
    """

    sheet: Sheet
    row: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def key(self) -> tuple[Any, ...]:
        """The row's natural key (a None where a key cell is blank or unreadable); a masked or
        blank ID number stands for the person its 人员编号 names (``#12``), as two persons may
        share one mask and a person may have no number."""
        return tuple(self._key_part(k) for k in self.sheet.keys)

    def _key_part(self, key: str) -> Any:
        value = self.values.get(key)
        if key in PERSON_NUMBER_OF and (value is None or is_masked(str(value))):
            number = self.values.get(PERSON_NUMBER_OF[key])
            return None if number is None or key in self.bad else f"#{number}"
        return value

    def problem(self, key: str | None, message: str) -> CellProblem:
        """A problem in this row's ``key`` column (the first key column when None)."""
        column = self.sheet.column(key or self.sheet.keys[0])
        letter = get_column_letter(self.sheet.index(column.key) + 1)
        return CellProblem(self.sheet.name, self.row, letter, column.header, message)


def parse_sheets(
    raw: dict[str, list[RawRow]],
    cells: list[CellProblem],
    sheets: tuple[Sheet, ...] = SHEETS,
) -> dict[str, list[Record]]:
    """Every sheet's records, rows with bad cells included (``Record.bad``); bad cells (missing
    headers, bad values, a key twice) appended to ``cells``. ``sheets``: the workbook as the
    importing user's tree words it (``guide.workbook_sheets``), Shanghai's by default."""
    parsed: dict[str, list[Record]] = {}
    for sheet in sheets:
        rows = raw.get(sheet.name)
        parsed[sheet.name] = [] if rows is None else _parse_sheet(sheet, rows, cells)
    for sheet in sheets:
        _duplicates(sheet, parsed[sheet.name], cells)
    if not any(parsed.values()) and not cells:
        cells.append(CellProblem(SHEETS[0].name, FIRST_DATA_ROW, "A", "", "文件中没有任何记录"))
    return parsed


def unreadable(cells: list[CellProblem]) -> bool:
    """Whether a sheet lacks one of its columns: not the template, its rows cannot be read, so
    the file is refused on its cells alone (what they name would only be guessed at)."""
    return any(c.row == HEADER_ROW for c in cells)


def _duplicates(sheet: Sheet, records: list[Record], cells: list[CellProblem]) -> None:
    """A natural key twice in one sheet is a bad cell: which row would win is not for us to say."""
    seen: dict[tuple[object, ...], int] = {}
    for r in records:
        key = r.key()
        if any(v is None for v in key):
            continue
        if key in seen:
            cells.append(r.problem(sheet.keys[-1], f"与第{seen[key]}行重复"))
            r.bad.add(sheet.keys[-1])
        else:
            seen[key] = r.row


def _parse_sheet(sheet: Sheet, rows: list[RawRow], cells: list[CellProblem]) -> list[Record]:
    header_at = dict(rows[:HEADER_ROW])
    header = [_text(v) or "" for v in header_at.get(HEADER_ROW, ())]
    position: dict[str, int] = {}
    for index, column in enumerate(sheet.columns):
        if column.header in header:
            position[column.key] = header.index(column.header)
        elif not column.optional:
            letter = get_column_letter(index + 1)
            cells.append(
                CellProblem(
                    sheet.name, HEADER_ROW, letter, column.header, "缺少此列，请使用下载的模板"
                )
            )
    if any(not c.optional and c.key not in position for c in sheet.columns):
        return []
    records: list[Record] = []
    for number, values in rows:
        if number < FIRST_DATA_ROW or all(_blank(v) for v in values):
            continue
        record = Record(sheet, number, {})
        for column in sheet.columns:
            at = position.get(column.key)
            if at is None:  # an optional column the file does not have
                record.values[column.key] = None
                continue
            raw = values[at] if at < len(values) else None
            value, why = _convert(column, raw)
            if why is None and value is None and column.required:
                why = _missing(sheet, column.key, values, position)
            if why is not None:
                letter = get_column_letter(at + 1)
                cells.append(CellProblem(sheet.name, number, letter, column.header, why))
                record.bad.add(column.key)
            record.values[column.key] = value
        records.append(record)
    return records


def _missing(
    sheet: Sheet, key: str, values: tuple[object, ...], position: dict[str, int]
) -> str | None:
    """Why a blank required cell is refused; None for a blank ID number beside a 人员编号 (a
    person registered without one is named by that number) [DOMAIN §1]."""
    if key not in PERSON_NUMBER_OF:
        return blank_cell(next(c.header for c in sheet.columns if c.key == key))
    number_key = PERSON_NUMBER_OF[key]
    at = position.get(number_key)
    if at is not None and at < len(values) and not _blank(values[at]):
        return None
    return person_unnamed(sheet, number_key)


def person_unnamed(sheet: Sheet, number_key: str) -> str:
    """The refusal of a row naming no person: either column names one (a person without an ID
    number, or one exported masked, is named by the 人员编号) [DOMAIN §1]."""
    header = next((c.header for c in sheet.columns if c.key == number_key), "人员编号")
    why = f"请填写身份证号，或填写{header}"
    return why + f"（未登记身份证号或导出时已脱敏的人员以{header}识别）"


def _convert(column: Column, raw: object) -> tuple[object, str | None]:
    """(typed value, None) or (None, why in Chinese)."""
    kind, choices, max_len = column.kind, column.choices, column.max_len
    if _blank(raw):
        return None, None
    if kind == "date":
        day = cell_date(raw)
        return (day, None) if isinstance(day, date) else (None, day)
    numeric = kind in ("int", "decimal")
    if numeric and isinstance(raw, str) and raw.strip().startswith("="):  # typed into a text cell
        raw = UncomputedFormula(raw.strip())
    if isinstance(raw, UncomputedFormula):
        return None, formula_refused(raw, "数值" if numeric else "内容")
    if kind == "int":
        number = _decimal(raw)
        if number is None or number != number.to_integral_value():
            return None, "应为整数"
        return int(number), None
    if kind == "decimal":
        number = _decimal(raw)
        if number is None or not number.is_finite() or number < 0 or not within_places(number, 2):
            return None, "应为不小于0、最多两位小数的数"
        return number, None
    text = _text(raw) or ""
    if len(text) > min(max_len, MAX_CELL_CHARS):
        return None, f"不能超过{max_len}个字"
    if kind == "choice":
        assert choices is not None
        value = choices.get(text, column.aliases.get(text))
        if value is None:
            return None, "不在下拉列表中：" + "、".join(list(choices)[:12])
        return value, None
    if kind == "path":
        parts = tuple(p.strip() for p in text.split(PATH_SEPARATOR))
        if any(not p for p in parts):
            return None, f"工会路径格式不正确，应为“上级{PATH_SEPARATOR}下级”"
        return parts, None
    return text, None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):  # Excel's binary drift read as the hundredth it stands for
        return written_number(value) if math.isfinite(value) else None
    # Text as plainly written (「85.5」「1,200」); 「1e3」 or 「1_000」 in a text cell is refused
    # as the pages refuse it, not read as 1000 (reading IN2).
    return plain_decimal(str(value))
