"""修改记录 of one expenditure: what was recorded, then each 更正 (every field before and after)
and 作废 (why), who and when, with the version each made [Y10][Y16] (reading 36a).

An expenditure is append-only and its changes are rows of their own
(``funding.standing``), so its history is read from those rows, not from the audit log; it
is part of the 经费使用台账 and read by whoever reads the ledger, in the ledger's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.errors import NotFound
from lifecycle.funding.categories import CATEGORY_LABELS, ExpenditureCategory
from lifecycle.funding.model import Expenditure, ExpenditureChangeKind
from lifecycle.funding.standing import ChangeView
from lifecycle.money import format_fen
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.history import EMPTY, FieldChange

RECORDED = "recorded"
KIND_LABELS = {
    RECORDED: "登记",
    ExpenditureChangeKind.CORRECTION.value: "更正",
    ExpenditureChangeKind.VOID.value: "作废",
}
STATUS_LABEL = "状态"
LIVE, VOIDED = "有效", "已作废"


def _day(value: Any) -> str:
    return chinese_date(value) if isinstance(value, date) else EMPTY


def _category(value: Any) -> str:
    return CATEGORY_LABELS.get(value, str(value)) if isinstance(value, ExpenditureCategory) else ""


def _amount(value: Any) -> str:
    return format_fen(value) if isinstance(value, int) else EMPTY


def _text(value: Any) -> str:
    return str(value) if value not in (None, "") else EMPTY


# The fields of an expenditure in the order of its form: (name, label, how a value is shown).
FIELDS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("spent_on", "支出日期", _day),
    ("category", "支出类别", _category),
    ("payee", "收款方", _text),
    ("amount_fen", "金额（元）", _amount),
    ("description", "用途说明", _text),
    ("receipt_ref", "票据号", _text),
)


@dataclass(frozen=True)
class ExpenditureEntry:
    """One step of the expenditure's history: its recording, a 更正 or a 作废."""

    version: int  # the version this step made (recorded: 1)
    kind: str  # recorded / correction / void
    kind_label: str  # 登记 / 更正 / 作废
    at: datetime  # when it was saved, Asia/Shanghai
    on: date  # the day it counts from (recorded: the day it was entered; a change: its date)
    by: str
    reason: str | None  # a change's 更正原因 / 作废原因
    fields: tuple[FieldChange, ...]  # recorded: every value; 更正: those changed; 作废: 状态


@dataclass(frozen=True)
class ExpenditureHistory:
    """One expenditure's 修改记录, newest first, with the title whose ledger it is on."""

    expenditure_id: int
    designation_id: int
    designation_title: str
    ledger_url: str
    summary: str  # the expenditure as it stands: date, payee, amount
    voided: bool
    version: int
    entries: tuple[ExpenditureEntry, ...]


def _values(x: Any) -> dict[str, Any]:
    return {name: getattr(x, name) for name, _, _ in FIELDS}


def history_entries(
    recorded: Expenditure, changes: Sequence[ChangeView]
) -> tuple[ExpenditureEntry, ...]:
    """The recording and each change in turn, newest first (pure)."""
    at = to_shanghai(recorded.created_at)
    before = _values(recorded)
    entries = [
        ExpenditureEntry(
            1, RECORDED, KIND_LABELS[RECORDED], at, at.date(), recorded.entered_by, None,
            tuple(
                FieldChange(label, "", show(before[name]))
                for name, label, show in FIELDS
                if before[name] not in (None, "")
            ),
        )
    ]  # fmt: skip
    for c in sorted(changes, key=lambda c: c.version):
        if c.kind == ExpenditureChangeKind.VOID.value:
            shown: tuple[FieldChange, ...] = (FieldChange(STATUS_LABEL, LIVE, VOIDED),)
        else:
            after = _values(c)
            shown = tuple(
                FieldChange(label, show(before[name]), show(after[name]))
                for name, label, show in FIELDS
                if before[name] != after[name]
            )
            before = after
        entries.append(
            ExpenditureEntry(
                c.version, c.kind, c.kind_label, to_shanghai(c.created_at), c.changed_on,
                c.changed_by, c.reason, shown,
            )
        )  # fmt: skip
    return tuple(reversed(entries))


def expenditure_history(
    uow: UnitOfWork, expenditure_id: int, *, scope: Scope
) -> ExpenditureHistory:
    """The expenditure's 修改记录; NotFound when it is not in ``scope`` (as the ledger's)."""
    recorded = uow.funding.get_expenditure(expenditure_id, scope)
    e = None if recorded is None else uow.funding.standing_expenditure(recorded.id, scope)
    designation = None if e is None else uow.designations.get(e.designation_id, scope)
    if recorded is None or e is None or designation is None:
        raise NotFound("支出记录不存在或不在管辖范围内", field="expenditure_id")
    summary = f"{chinese_date(e.spent_on)} {e.payee} {format_fen(e.amount_fen)} 元"
    return ExpenditureHistory(
        expenditure_id=e.id,
        designation_id=designation.id,
        designation_title=f"{designation.title}（{designation.number or '未编号'}）",
        ledger_url=f"/finance/designations/{designation.id}#expenditure-{e.id}",
        summary=summary,
        voided=e.voided,
        version=e.version,
        entries=history_entries(recorded, e.changes),
    )
