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


YANGPU = "杨浦区劳模（先进）、技师创新工作室"
CYCLE_END, RE_INSPECTION = "周期末实地检查", "整改复查"
PLACE, INSPECTORS = "工作室现场", "区总工会 张检查、李检查"


def add_past_oversight(rows: dict[str, list[list[object]]]) -> None:
    """Past oversight for the first three titles of ``sample_registry(titles>=4, districts=1)``,
    named 2019-06-01 (cycle ends 2022-06-01 and 2025-06-01) [Y11][Y12]:

    0 — cycle 1 passed; cycle 2 failed, a re-inspection failed, the next passed: 已整改;
    1 — cycle 2 failed and its notice is still open, its deadline long past (整改中);
    2 — cycle 2 failed, the deadline passed, 撤牌 (the title is 已撤牌 in the 命名 sheet; its
        one-off grant of 2019 stays in the 拨款 sheet);
    and two years of filings for title 0.
    """
    n = [str(row[1]) for row in rows["命名"][:3]]
    rows["命名"][2][8:] = ["已撤牌/摘牌", date(2025, 8, 1), "区1工创〔2025〕9号"]
    team = "有创新团队"
    rows["检查"] = [
        [YANGPU, n[0], CYCLE_END, date(2022, 5, 20), 1, PLACE, INSPECTORS, "合格"],
        [YANGPU, n[0], CYCLE_END, date(2025, 5, 20), 2, PLACE, INSPECTORS, "不合格", team,
         "团队不足5人", "区1工创〔2025〕1号"],
        [YANGPU, n[0], RE_INSPECTION, date(2025, 6, 15), None, PLACE, INSPECTORS, "不合格",
         team, "仍未补齐", "区1工创〔2025〕1号"],
        [YANGPU, n[0], RE_INSPECTION, date(2025, 7, 1), None, PLACE, INSPECTORS, "合格", None,
         None, "区1工创〔2025〕1号"],
        [YANGPU, n[1], CYCLE_END, date(2025, 5, 20), 2, PLACE, INSPECTORS, "不合格",
         "有创新团队、有创新成果", "团队与成果均不足", "区1工创〔2025〕2号"],
        [YANGPU, n[2], CYCLE_END, date(2025, 5, 21), None, PLACE, INSPECTORS, "不合格",
         "有场所和制度", "无固定场所", "区1工创〔2025〕3号"],
    ]  # fmt: skip
    rows["整改通知"] = [
        [YANGPU, n[0], "区1工创〔2025〕1号", date(2025, 5, 25), date(2025, 7, 10), "已整改",
         date(2025, 7, 1)],
        [YANGPU, n[1], "区1工创〔2025〕2号", date(2025, 5, 25), date(2025, 7, 10), "整改中"],
        [YANGPU, n[2], "区1工创〔2025〕3号", date(2025, 5, 26), date(2025, 7, 11), "已撤牌",
         date(2025, 8, 1), "区1工创〔2025〕9号"],
    ]  # fmt: skip
    rows["年度备案"] = [
        [YANGPU, n[0], year, kind, date(year, 12, 20)]
        for year in (2024, 2025)
        for kind in ("工作室年度自查", "单位工会年度评估")
    ]
