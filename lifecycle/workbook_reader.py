"""Reading an uploaded .xlsx defensively (OWASP ASVS 12.1, 5.5.2): limits first, then openpyxl.

Before openpyxl sees the file, the zip's directory is checked (entries, declared uncompressed
size: ``zipfile`` never inflates a member past its declared size, the CRC check fails first) and
every XML part is streamed once through defusedxml with DTDs forbidden (no XXE, no billion
laughs), counting rows, columns and characters per cell of every sheet. Whatever still fails in
openpyxl is the same refusal: a 422 naming the file, never a 500.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from lifecycle.errors import ValidationFailed

log = logging.getLogger(__name__)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_COLUMN = re.compile(r"^([A-Z]{1,3})")
_XML_PARTS = (".xml", ".rels", ".vml")


@dataclass(frozen=True)
class WorkbookLimits:
    """What one upload may hold; checked before the workbook is loaded."""

    rows: int = 5002  # a header, 5,000 data rows and a row of slack for a trailing total
    columns: int = 40
    cell_chars: int = 5000
    uncompressed_bytes: int = 40 * 1024 * 1024
    file_bytes: int = 10 * 1024 * 1024  # the upload itself (the pages read it whole)
    entries: int = 200


class UnreadableWorkbook(ValidationFailed):
    """The upload is not a workbook the service will read; nothing was imported."""

    code = "invalid_file"


def _refuse(filename: str, why: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"文件「{filename}」{why}，未导入任何记录", field="file")


def _column_number(ref: str) -> int:
    match = _COLUMN.match(ref)
    number = 0
    for letter in match[1] if match else "":
        number = number * 26 + ord(letter) - 64
    return number


def _ends(stream: IO[bytes]) -> Iterator[Any]:
    for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
        yield element


def _scan_sheet(stream: IO[bytes], limits: WorkbookLimits, filename: str) -> None:
    row_number = 0
    for element in _ends(stream):
        tag = element.tag
        if tag == f"{_NS}row":
            row_number = int(element.get("r") or row_number + 1)
            if row_number > limits.rows:
                raise _refuse(filename, f"超过{limits.rows - 2}行数据的上限")
            element.clear()
        elif tag == f"{_NS}c":
            if _column_number(element.get("r") or "") > limits.columns:
                raise _refuse(filename, f"超过{limits.columns}列的上限")
        elif tag in (f"{_NS}v", f"{_NS}t") and len(element.text or "") > limits.cell_chars:
            raise _refuse(filename, f"有单元格超过{limits.cell_chars}个字符")


def _scan_part(stream: IO[bytes], limits: WorkbookLimits, filename: str) -> None:
    for element in _ends(stream):
        if element.tag == f"{_NS}t" and len(element.text or "") > limits.cell_chars:
            raise _refuse(filename, f"有单元格超过{limits.cell_chars}个字符")
        if element.tag == f"{_NS}si":
            element.clear()


def inspect_workbook(content: bytes, filename: str, limits: WorkbookLimits) -> None:
    """Refuse (``UnreadableWorkbook``) a file that is not a small, plain .xlsx; an empty one
    (0 bytes, e.g. a template saved while still open) is said to be empty, not "not Excel"."""
    if not content:
        raise UnreadableWorkbook(
            f"文件「{filename}」为空，未导入任何记录", code="empty_file", field="file"
        )
    if len(content) > limits.file_bytes:
        raise _refuse(filename, f"超过{limits.file_bytes // (1024 * 1024)}MB")
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(filename, "不是有效的 Excel（.xlsx）文件") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.entries:
            raise _refuse(filename, "包含的部件过多")
        if sum(m.file_size for m in members) > limits.uncompressed_bytes:
            raise _refuse(filename, f"解压后超过{limits.uncompressed_bytes // (1024 * 1024)}MB")
        if "xl/workbook.xml" not in archive.namelist():
            raise _refuse(filename, "不是有效的 Excel（.xlsx）文件")
        for member in members:
            name = member.filename
            if not name.lower().endswith(_XML_PARTS):
                continue
            sheet = name.startswith("xl/worksheets/")
            try:
                with archive.open(member) as stream:
                    (_scan_sheet if sheet else _scan_part)(stream, limits, filename)
            except UnreadableWorkbook:
                raise
            except DefusedXmlException:
                raise _refuse(filename, "含有不允许的 XML 声明（DTD 或实体）") from None
            except Exception as err:  # malformed XML, a bad CRC, an unsupported compression
                log.info("unreadable workbook part %s: %s", name, type(err).__name__)
                raise _refuse(filename, "已损坏或格式不正确") from None


def read_first_sheet(
    content: bytes, filename: str, limits: WorkbookLimits
) -> list[tuple[object, ...]]:
    """The first sheet's rows (values only) of a checked upload; any failure names the file.

    A formula whose result the file does not hold is an ``UncomputedFormula``, not a blank."""
    inspect_workbook(content, filename, limits)
    try:
        return sheet_values(content, None, limits.rows)[""]
    except Exception as err:  # openpyxl raises many kinds for a bad file: all are the same 422
        log.info("unreadable workbook: %s", type(err).__name__)
        raise _refuse(filename, "已损坏或格式不正确") from None


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell whose result the file does not carry (a workbook written by a program,
    never opened and saved in Excel): openpyxl reads it as blank, so it would be called missing."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def formula_refused(value: UncomputedFormula, what: str = "内容") -> str:
    """Why a formula cell without its result is refused, asking for ``what`` typed in."""
    shown = value.formula if len(value.formula) <= 30 else value.formula[:29] + "…"
    return f"该单元格是公式（{shown}），文件中没有它的计算结果，请改为直接填写{what}"


def sheet_values(
    content: bytes, names: Sequence[str] | None, max_row: int | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Each named sheet's rows (None: the first sheet, under the key ""), cached values of
    formulas read; a formula without one is an ``UncomputedFormula``; a merged range's value in
    each of its cells (``_unmerged``).

    The file is read once for its formulas; only a file that has any is read again for the
    results Excel saved beside them. Each sheet's merged ranges are read once."""
    formulas, parts = _values(content, names, max_row, data_only=False)
    values = formulas
    if any(_is_formula(v) for rows in formulas.values() for row in rows for v in row):
        cached, _ = _values(content, names, max_row, data_only=True)
        values = {
            name: [
                _with_results(f_row, c_row)
                for f_row, c_row in zip(rows, cached[name], strict=False)
            ]
            for name, rows in formulas.items()
        }
    return {
        name: _unmerged(rows, _merged_ranges(content, parts[name])) for name, rows in values.items()
    }


def _with_results(formulas: tuple[object, ...], cached: tuple[object, ...]) -> tuple[object, ...]:
    """A row read for its formulas and again for their saved results: each cell's result, or
    an ``UncomputedFormula`` where the file holds none."""
    return (
        tuple(
            c if c is not None or not _is_formula(f) else UncomputedFormula(_formula_text(f))
            for f, c in zip(formulas, cached, strict=False)
        )
        + cached[len(formulas) :]
    )


def _values(
    content: bytes, names: Sequence[str] | None, max_row: int | None, *, data_only: bool
) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, str | None]]:
    """Each sheet's rows as stored, and its part in the file (where its merged ranges are)."""
    workbook = load_workbook(BytesIO(content), read_only=True, data_only=data_only)
    try:
        if names is None:
            sheets = {"": workbook.worksheets[0]}
        else:
            sheets = {n: workbook[n] for n in names if n in workbook.sheetnames}
        rows = {n: list(s.iter_rows(values_only=True, max_row=max_row)) for n, s in sheets.items()}
        return rows, {n: getattr(s, "_worksheet_path", None) for n, s in sheets.items()}
    finally:
        workbook.close()


# A merged range as the sheet's XML records it (<mergeCell ref="A2:A5"/>), any namespace prefix.
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_CHUNK = 1 << 20


def _merged_ranges(content: bytes, part: str | None) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of a sheet part,
    streamed (openpyxl's read-only mode, which keeps a large file's memory flat, drops them)."""
    if not part:
        return []
    found: dict[int, tuple[int, int, int, int]] = {}
    with zipfile.ZipFile(BytesIO(content)) as archive, archive.open(part.lstrip("/")) as stream:
        offset, tail = 0, b""
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            for m in _MERGE_CELL.finditer(data):
                first, last = (_column_number(m[1].decode()), _column_number(m[3].decode()))
                found[offset - len(tail) + m.start()] = (int(m[2]), first, int(m[4]), last)
            offset += len(chunk)
            tail = data[-200:]
    return list(found.values())


def _unmerged(
    rows: list[tuple[object, ...]], merges: list[tuple[int, int, int, int]]
) -> list[tuple[object, ...]]:
    """Each cell of a merged range (one 所在单位 over several rows) holds the range's value, as
    the sheet shows it, not a blank; only cells the sheet has rows and columns for."""
    if not merges:
        return rows
    filled = [list(row) for row in rows]
    for top, left, bottom, right in merges:
        if top > len(filled) or left > len(filled[top - 1]):
            continue
        value = filled[top - 1][left - 1]
        for row in filled[top - 1 : min(bottom, len(filled))]:
            for column in range(left - 1, min(right, len(row))):
                if row[column] is None:
                    row[column] = value
    return [tuple(row) for row in filled]


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return isinstance(value, (ArrayFormula, DataTableFormula))


def _formula_text(value: object) -> str:
    if isinstance(value, ArrayFormula):
        return str(value.text or "=")
    return value if isinstance(value, str) else "="


_DATE_TEXT = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")
DATE_FORMAT_REFUSED = "日期格式不正确，应为 2026-03-01"


def cell_date(value: object) -> date | str:
    """A non-blank cell as a date, or why not in Chinese: a date cell, or text such as
    2026-03-01, 2026/3/1 or 2026年3月1日; a well-formed day that does not exist is named as such
    (2026-02-30), not answered with an example that reads like its correction."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, UncomputedFormula):
        return formula_refused(value, "日期")
    if isinstance(value, str):
        match = _DATE_TEXT.match(value)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return f"日期不存在：{value.strip()}（格式如 2026-03-01）"
    return DATE_FORMAT_REFUSED
