"""Helpers for the adoption tests: workbooks from rows, and the registry compared by table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.adoption.export import registry_rows
from lifecycle.adoption.sheets import FIRST_DATA_ROW
from lifecycle.adoption.template import registry_workbook
from lifecycle.persons.id_card import mask_id_card
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork

AS_OF = date(2026, 12, 3)


def workbook(rows: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    return registry_workbook(rows)


def set_cell(content: bytes, sheet: str, row: int, column: str, value: object) -> bytes:
    """``content`` with one cell changed (as a person would in Excel)."""
    wb = load_workbook(BytesIO(content))
    wb[sheet][f"{column}{row}"] = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def data_row(index: int) -> int:
    """The spreadsheet row of the ``index``-th data row (0-based)."""
    return FIRST_DATA_ROW + index


def snapshot(uow: UnitOfWork) -> dict[str, list[tuple[object, ...]]]:
    """The whole registry table by table, by natural keys (no database ids), sorted."""
    tables = {
        name: sorted(tuple(_plain(v) for v in row) for row in rows)
        for name, rows in registry_rows(uow, scope=EVERYTHING).items()
    }
    from lifecycle.designations.model import Designation

    ended = uow.session.execute(
        select(Designation.scheme_code, Designation.number, Designation.ended_on)
    ).all()
    tables["ended_on"] = sorted((c, n, _plain(e)) for c, n, e in ended)
    return tables


def _plain(value: object) -> object:
    """Values as text; a number by its value (SQLite hands back 120 where PostgreSQL has 120.0)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(Decimal(str(value)).normalize())
    return "" if value is None else str(value)


def masked_difference(
    a: Mapping[str, list[tuple[object, ...]]], b: Mapping[str, list[tuple[object, ...]]]
) -> str:
    """The tables that differ, with ID numbers masked (never shown in full, not even here)."""
    lines = []
    for name in sorted(set(a) | set(b)):
        left, right = set(a.get(name, [])), set(b.get(name, []))
        for label, rows in (("only before", left - right), ("only after", right - left)):
            for row in sorted(rows)[:5]:
                lines.append(f"{name} {label}: {tuple(_mask(v) for v in row)}")
    return "\n".join(lines)


def _mask(value: object) -> object:
    text = str(value)
    if len(text) == 18 and text[:17].isdigit():
        return mask_id_card(text)
    return value
