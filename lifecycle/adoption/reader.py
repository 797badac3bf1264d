"""Reading an uploaded registry workbook: the one place openpyxl opens a file we did not write."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from openpyxl.utils.exceptions import InvalidFileException

from lifecycle.errors import ValidationFailed
from lifecycle.workbook_reader import sheet_values

# Whole-file limits: the national registry (150,000 titles) fits with room to spare.
MAX_ROWS_PER_SHEET = 400_000
MAX_CELL_CHARS = 2000

RawRow = tuple[int, tuple[object, ...]]


def refuse_oversize(size: int, limit: int) -> None:
    """A file over the upload limit is refused before it is read, on the page as in the API."""
    if size > limit:
        raise ValidationFailed(
            f"文件超过{limit // (1024 * 1024)}MB，未导入任何记录", code="too_large", field="file"
        )


def read_sheets(content: bytes, names: tuple[str, ...]) -> dict[str, list[RawRow]]:
    """(row number, values) of every row of each named sheet present; a bad file refused.

    Only this function opens the file (``sheet_values``), so limits on size, rows and cells (and the
    XML hardening) can be applied here once.
    """
    try:
        found = sheet_values(content, names, MAX_ROWS_PER_SHEET + 1)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationFailed(
            "文件不是有效的 Excel（.xlsx）文件，请使用下载的模板", code="invalid_file", field="file"
        ) from None
    return {name: list(_rows(iter(rows))) for name, rows in found.items()}


def _rows(rows: Iterator[tuple[object, ...]]) -> Iterator[RawRow]:
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS_PER_SHEET:
            raise ValidationFailed(
                f"每个工作表最多{MAX_ROWS_PER_SHEET}行", code="too_many_rows", field="file"
            )
        yield number, values
