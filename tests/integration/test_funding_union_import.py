"""One expenditure file for all of a unit union's workshops [Y16]: 命名记录 per row."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lifecycle.errors import NotFound
from lifecycle.funding.excel_import import ImportRejected
from lifecycle.funding.model import Expenditure
from lifecycle.funding.union_import import (
    designation_choices,
    import_union_expenditures,
    union_template,
)
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.views.funding import designation_ledger
from tests import factories as f

AS_OF = f.AS_OF
UNIT = f.OFFICER


def _two_workshops_and_a_stranger(u):
    tree = f.union_tree(u)
    first = f.named_designation(u, tree, naming_date=date(2026, 1, 5))
    second = f.named_designation(u, tree, scheme="shanghai-model-worker")
    # Another district's title: a city title of a 浦东 unit (Yangpu's are 杨浦区总工会's alone).
    mirror = f.seen_from_the_other_district(tree)
    stranger = f.named_designation(u, mirror, scheme="shanghai-model-worker")
    return tree, first, second, stranger


def _file(choices: dict[int, str], rows: list[list[object]]) -> bytes:
    wb = load_workbook(BytesIO(union_template(choices)))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _count(u) -> int:
    return u.session.scalar(select(func.count()).select_from(Expenditure)) or 0


def test_the_template_lists_the_unions_designations_only(uow):
    with uow() as u:
        tree, first, second, _ = _two_workshops_and_a_stranger(u)
        choices = designation_choices(u, tree.unit.id, scope=EVERYTHING)
        assert set(choices) == {first.id, second.id}
        assert choices[first.id].startswith(f"{first.id}｜{first.title}｜")
        wb = load_workbook(BytesIO(union_template(choices)))
        ws = wb.worksheets[0]
        assert ws.cell(row=1, column=1).value == "命名记录"
        assert ws.cell(row=1, column=2).value == "支出日期"
        listed = [r[0] for r in wb["命名清单"].iter_rows(min_row=2, values_only=True)]
        assert listed == list(choices.values())
        (menu, category) = sorted(ws.data_validations.dataValidation, key=lambda v: str(v.sqref))
        assert "命名清单" in menu.formula1
        assert str(category.sqref).startswith("E2")  # categories moved one column right
        with pytest.raises(NotFound):
            designation_choices(u, tree.unit.id, scope=Scope.subtree(tree.other_district.path))


def test_rows_for_several_designations_import_whole_each_audited(uow):
    with uow() as u:
        tree, first, second, _ = _two_workshops_and_a_stranger(u)
        choices = designation_choices(u, tree.unit.id, scope=EVERYTHING)
        rows = [
            [choices[first.id], "2026-03-01", "1,200.00", "某书店", "书籍", "专业书", "FP1"],
            [str(second.id), "2026-03-02", "88.50", "某文具店", "学习用品", "笔记本", "FP2"],
            [choices[first.id], "2026-03-03", "450.00", "某酒店", "差旅", "住宿", "FP3"],
        ]
        report = import_union_expenditures(
            u, tree.unit.id, _file(choices, rows), actor=UNIT, as_of=AS_OF, scope=EVERYTHING
        )
        assert report.imported == 3
        assert report.by_designation == {first.id: 2, second.id: 1}
        assert designation_ledger(u, first.id, scope=EVERYTHING).spent_fen == 120_000 + 45_000
        assert designation_ledger(u, second.id, scope=EVERYTHING).spent_fen == 8_850
        kinds = {x.kind for x in designation_ledger(u, first.id, scope=EVERYTHING).findings}
        assert "forbidden_category" in kinds  # the 差旅 row is audited at once


def test_a_row_outside_the_union_or_unnamed_imports_nothing_and_every_bad_cell_is_listed(uow):
    with uow() as u:
        tree, first, _, stranger = _two_workshops_and_a_stranger(u)
        choices = designation_choices(u, tree.unit.id, scope=EVERYTHING)
        edited = f"{first.id}｜改过的名称｜杨浦区"
        rows = [
            [choices[first.id], "2026-03-01", "100.00", "某书店", "书籍", "书", "FP1"],
            [str(stranger.id), "2026-03-01", "100.00", "某书店", "书籍", "书", "FP2"],
            [None, "2026-03-01", "100.005", "某书店", "书籍", "书", "FP3"],
            [edited, "2026-03-01", "100.00", "某书店", "书籍", "书", "FP4"],
        ]
        with pytest.raises(ImportRejected) as err:
            import_union_expenditures(
                u, tree.unit.id, _file(choices, rows), actor=UNIT, as_of=AS_OF, scope=EVERYTHING
            )
        found = {(c.row, c.column, c.header) for c in err.value.cells}
        assert found == {
            (3, "A", "命名记录"),
            (4, "A", "命名记录"),
            (4, "C", "金额（元）"),
            (5, "A", "命名记录"),
        }
        assert _count(u) == 0
        # The stranger's designation is refused even for a caller who may see it.
        rows = [[str(stranger.id), "2026-03-01", "100.00", "某书店", "书籍", "书", "FP2"]]
        with pytest.raises(ImportRejected):
            import_union_expenditures(
                u, tree.unit.id, _file(choices, rows), actor=UNIT, as_of=AS_OF, scope=EVERYTHING
            )
        assert _count(u) == 0
