"""An expenditure's 修改记录: each correction lists only what it changed, against the values just
before it; a void says only that the expenditure was voided [Y10][Y16] (reading 36a)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lifecycle.funding.categories import ExpenditureCategory as C
from lifecycle.funding.model import Expenditure, ExpenditureChange
from lifecycle.funding.model import ExpenditureChangeKind as K
from lifecycle.funding.standing import standing
from lifecycle.views.expenditure_history import history_entries

D = date(2026, 3, 1)
AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def _change(version: int, kind: K, **values: object) -> ExpenditureChange:
    return ExpenditureChange(
        expenditure_id=1, version=version, kind=kind, reason=f"第{version}版",
        changed_on=D, changed_by="赵联系人", created_at=AT, **values,
    )  # fmt: skip


def test_each_correction_is_shown_against_the_values_just_before_it() -> None:
    recorded = Expenditure(
        id=1, designation_id=7, spent_on=D, amount_fen=400_000, payee="某书店",
        category=C.BOOKS, description="书", receipt_ref="R1", entered_by="录入人",
        entered_by_user_id=None, created_at=AT,
    )  # fmt: skip
    same = {"spent_on": D, "payee": "某书店", "description": "书"}
    changes = [
        _change(2, K.CORRECTION, amount_fen=40_000, category=C.BOOKS, receipt_ref="R1", **same),
        _change(3, K.CORRECTION, amount_fen=40_000, category=C.MATERIALS, receipt_ref=None, **same),
        _change(4, K.VOID),
    ]
    void, second, first, entered = history_entries(recorded, standing(recorded, changes).changes)
    assert [e.version for e in (void, second, first, entered)] == [4, 3, 2, 1]
    assert [(c.label, c.before, c.after) for c in first.fields] == [
        ("金额（元）", "4,000.00", "400.00")
    ]
    assert [(c.label, c.before, c.after) for c in second.fields] == [
        ("支出类别", "书籍", "材料"),
        ("票据号", "R1", "（空）"),
    ]
    assert [(c.label, c.before, c.after) for c in void.fields] == [("状态", "有效", "已作废")]
    assert (void.kind_label, void.reason, void.by) == ("作废", "第4版", "赵联系人")
    assert entered.kind_label == "登记"
    assert entered.by == "录入人"
    assert entered.at.hour == 9  # Shanghai time
    assert ("金额（元）", "", "4,000.00") in [(c.label, c.before, c.after) for c in entered.fields]
