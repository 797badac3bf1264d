"""A recorded expenditure as it stands after its corrections and void, as pure functions [Y16].

Expenditures are append-only: one is never rewritten, its 更正 and 作废 are rows of their own
(``model.ExpenditureChange``). Every reader (the ledger page and its export, the API, the
union summary, the 专款专用 audit) takes the expenditure through ``standing``: a correction
carries every value from then on, so the latest change decides; a voided expenditure counts
nowhere (totals, category shares, overspending, receipts) and stays listed as voided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, Protocol, TypeVar

from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.model import Expenditure, ExpenditureChange, ExpenditureChangeKind
from lifecycle.funding.rules import ExpenditureFact


class ChangeFact(NamedTuple):
    """A change as the audit reads it (plain values, a tuple per row)."""

    expenditure_id: int
    version: int
    kind: ExpenditureChangeKind
    spent_on: date | None
    amount_fen: int | None
    category: ExpenditureCategory | None
    receipt_ref: str | None


class _Versioned(Protocol):
    @property
    def expenditure_id(self) -> int: ...
    @property
    def version(self) -> int: ...


C = TypeVar("C", bound=_Versioned)


def latest_changes(changes: Iterable[C]) -> dict[int, C]:
    """Per expenditure, its change of the highest version: the one that decides (a correction
    carries every value; nothing follows a void)."""
    found: dict[int, C] = {}
    for change in changes:
        seen = found.get(change.expenditure_id)
        if seen is None or change.version > seen.version:
            found[change.expenditure_id] = change
    return found


@dataclass(frozen=True)
class ChangeView:
    """One entry of an expenditure's 修改记录: what the change made it, why, by whom."""

    version: int
    kind: str
    kind_label: str
    spent_on: date | None
    amount_fen: int | None
    payee: str | None
    category: ExpenditureCategory | None
    description: str | None
    receipt_ref: str | None
    reason: str
    changed_on: date
    changed_by: str
    created_at: datetime  # when it was saved


CHANGE_KIND_LABELS = {ExpenditureChangeKind.CORRECTION: "更正", ExpenditureChangeKind.VOID: "作废"}


@dataclass(frozen=True)
class StandingExpenditure:
    """A recorded expenditure as it stands, with the values first recorded and each change."""

    id: int
    designation_id: int
    spent_on: date
    amount_fen: int
    payee: str
    category: ExpenditureCategory
    description: str
    receipt_ref: str | None
    entered_by: str
    entered_by_user_id: int | None
    created_at: datetime
    version: int  # 1 as recorded, one more per change: the ``expected_version`` of the next
    recorded_amount_fen: int
    correction_reason: str | None = None  # the latest correction's
    corrected_by: str | None = None
    voided_on: date | None = None
    void_reason: str | None = None
    voided_by: str | None = None
    changes: tuple[ChangeView, ...] = ()

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    @property
    def corrected(self) -> bool:
        return self.correction_reason is not None


def standing(e: Expenditure, changes: Sequence[ExpenditureChange]) -> StandingExpenditure:
    """``e`` with ``changes`` (its own, any order) applied in turn."""
    ordered = sorted(changes, key=lambda c: c.version)
    now = StandingExpenditure(
        id=e.id, designation_id=e.designation_id, spent_on=e.spent_on, amount_fen=e.amount_fen,
        payee=e.payee, category=e.category, description=e.description, receipt_ref=e.receipt_ref,
        entered_by=e.entered_by, entered_by_user_id=e.entered_by_user_id,
        created_at=e.created_at, version=1 + len(ordered), recorded_amount_fen=e.amount_fen,
        changes=tuple(_view(c) for c in ordered),
    )  # fmt: skip
    values = dict(now.__dict__)
    for c in ordered:
        if c.kind is ExpenditureChangeKind.VOID:
            values |= {
                "voided_on": c.changed_on,
                "void_reason": c.reason,
                "voided_by": c.changed_by,
            }
            continue
        values |= {
            "spent_on": c.spent_on, "amount_fen": c.amount_fen, "payee": c.payee,
            "category": c.category, "description": c.description, "receipt_ref": c.receipt_ref,
            "correction_reason": c.reason, "corrected_by": c.changed_by,
        }  # fmt: skip
    return StandingExpenditure(**values)


def standing_all(
    recorded: Iterable[Expenditure], changes: Iterable[ExpenditureChange]
) -> list[StandingExpenditure]:
    """Every expenditure of ``recorded`` as it stands, in the order given."""
    by_expenditure: dict[int, list[ExpenditureChange]] = {}
    for c in changes:
        by_expenditure.setdefault(c.expenditure_id, []).append(c)
    return [standing(e, by_expenditure.get(e.id, [])) for e in recorded]


def _view(c: ExpenditureChange) -> ChangeView:
    return ChangeView(
        version=c.version, kind=c.kind.value, kind_label=CHANGE_KIND_LABELS[c.kind],
        spent_on=c.spent_on, amount_fen=c.amount_fen, payee=c.payee, category=c.category,
        description=c.description, receipt_ref=c.receipt_ref, reason=c.reason,
        changed_on=c.changed_on, changed_by=c.changed_by, created_at=c.created_at,
    )  # fmt: skip


def standing_facts(
    recorded: Iterable[ExpenditureFact], latest: dict[int, ChangeFact]
) -> list[ExpenditureFact]:
    """The audit's expenditure facts as they stand: corrected values, voided ones left out."""
    out = []
    for fact in recorded:
        change = latest.get(fact.id)
        if change is None:
            out.append(fact)
        elif change.kind is ExpenditureChangeKind.CORRECTION:
            assert change.spent_on is not None
            assert change.amount_fen is not None
            assert change.category is not None
            out.append(
                ExpenditureFact(
                    fact.id, change.spent_on, change.amount_fen, change.category, change.receipt_ref
                )
            )
    return out
