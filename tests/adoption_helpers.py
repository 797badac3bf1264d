"""Helpers for the adoption tests: workbooks from rows, and the registry compared by table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.adoption.export import registry_rows
from lifecycle.adoption.sample import sample_id_card, sample_registry
from lifecycle.adoption.sheets import (
    CONTACTS,
    DESIGNATIONS,
    FIRST_DATA_ROW,
    GRANTS,
    PERSONS,
    UNIONS,
)
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
        for name, rows in registry_rows(uow, scope=EVERYTHING, full_id_cards=True).items()
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


def five_errors_rows(city: str, district: str) -> dict[str, list[list[object]]]:
    """The city tester's registry: two Yangpu titles of a new unit under ``district`` (named by
    it, 2023-12-20), with five errors in three sheets, each in a row of its own:

    人员 row 4 an ID number with a wrong check digit, row 5 one whose birth date is not the
    出生日期 cell (neither person named elsewhere); 命名 row 3 a Yangpu title named by 静安,
    row 4 one named 2030-12-20; 拨款 row 3, the grant of the title of 命名 row 4, `abc` yuan.
    """
    rows = sample_registry(titles=2, districts=1, naming_date=date(2023, 12, 20), full=False)
    base = f"{city}/{district}"
    unit = f"{base}/验收街道总工会/验收公司工会"
    old = rows[UNIONS.name][-1][0]
    rows[UNIONS.name] = [
        [f"{city}/静安区总工会", "区局（产业）工会"],
        [f"{base}/验收街道总工会", "行业、街镇、直属工会"],
        [unit, "基层单位工会"],
    ]
    rows[CONTACTS.name] = []
    for sheet in rows.values():
        for row in sheet:
            for i, value in enumerate(row):
                if value == old:
                    row[i] = unit
    wrong_digit = sample_id_card(901, date(1985, 5, 5))
    wrong_digit = wrong_digit[:17] + ("0" if wrong_digit[17] != "0" else "1")
    other_birth = sample_id_card(902, date(1986, 6, 6))
    rows[PERSONS.name][1:1] = [
        [wrong_digit, "校验位错", "男", date(1985, 5, 5), "男职工", unit, "是"],
        [other_birth, "生日不符", "女", date(1986, 6, 7), "女工人", unit, "是"],
    ]
    titles = rows[DESIGNATIONS.name]
    titles[0][6] = f"{city}/静安区总工会"
    titles[1][5], titles[1][6] = date(2030, 12, 20), base
    rows[GRANTS.name] = [
        [titles[1][0], titles[1][1], "一次性补贴", "区工拨〔2023〕1号", date(2023, 12, 20),
         None, "abc"],
    ]  # fmt: skip
    return rows


# (sheet, row, column) → what the refusal says there, in sheet and row order: the five errors,
# and the grant's title refused in its 命名 row (not "not registered").
FIVE_ERRORS = {
    ("人员", 4, "A"): "身份证号码校验位不正确",
    ("人员", 5, "A"): "身份证号码中的出生日期与出生日期不一致",
    ("命名", 3, "G"): "应由区级工会命名（杨浦区总工会），与所填命名单位不符",
    ("命名", 4, "F"): "命名日期不能晚于",
    ("拨款", 3, "B"): "该命名在「命名」表第4行未通过校验",
    ("拨款", 3, "G"): "应为不小于0、最多两位小数的数",
}
