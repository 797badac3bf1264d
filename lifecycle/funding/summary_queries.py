"""The funding repository's union-summary queries (``FundingRepository`` is one), kept apart
for size: what each scheme's titles in a scope received (less what they returned) and spent by
category, and the changed expenditures' sums as they stand."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from lifecycle.db.batches import batches
from lifecycle.designations.model import Designation
from lifecycle.funding.model import Expenditure, ExpenditureChange, Grant
from lifecycle.funding.refund_queries import refunded_by_scheme
from lifecycle.funding.standing import standing_all
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop


def in_scope(scope: Scope) -> Select[int]:
    """Designation ids whose workshop's unit union lies in ``scope``."""
    return (
        select(Designation.id)
        .join(Workshop, Workshop.id == Designation.workshop_id)
        .join(Union, Union.id == Workshop.unit_union_id)
        .where(scope.clause(Union.path))
    )


class SummaryQueries:
    """Union-summary sums over a scope."""

    session: Session

    def received_by_scheme(self, scope: Scope) -> dict[str, int]:
        stmt = (
            select(Designation.scheme_code, func.sum(Grant.amount_fen))
            .join(Designation, Designation.id == Grant.designation_id)
            .where(
                Grant.paid_on.is_not(None),
                Grant.voided_on.is_(None),
                Grant.designation_id.in_(in_scope(scope)),
            )
            .group_by(Designation.scheme_code)
        )
        received = {code: int(fen) for code, fen in self.session.execute(stmt)}
        returned = refunded_by_scheme(self.session, in_scope(scope))
        # A scheme whose only paid grant was voided after a refund still shows what was
        # returned, as the ledger and the finance list count it (received less returned).
        return {
            code: received.get(code, 0) - returned.get(code, 0)
            for code in received.keys() | returned.keys()
        }

    def spent_by_scheme_and_category(self, scope: Scope) -> dict[tuple[str, str], int]:
        """Spending as it stands: the sums of expenditures never changed, then each changed
        one as ``standing`` makes it (corrected values; a voided one counts nowhere)."""
        changed = exists().where(ExpenditureChange.expenditure_id == Expenditure.id)
        stmt = (
            select(Designation.scheme_code, Expenditure.category, func.sum(Expenditure.amount_fen))
            .join(Designation, Designation.id == Expenditure.designation_id)
            .where(Expenditure.designation_id.in_(in_scope(scope)), ~changed)
            .group_by(Designation.scheme_code, Expenditure.category)
        )
        spent: dict[tuple[str, str], int] = defaultdict(int)
        for code, cat, fen in self.session.execute(stmt):
            spent[code, str(cat)] += int(fen)
        rows = self.session.execute(
            select(Expenditure, Designation.scheme_code)
            .join(Designation, Designation.id == Expenditure.designation_id)
            .where(Expenditure.designation_id.in_(in_scope(scope)), changed)
        ).all()
        codes = {e.id: code for e, code in rows}
        changes = self.session.scalars(
            select(ExpenditureChange)
            .join(Expenditure, Expenditure.id == ExpenditureChange.expenditure_id)
            .where(Expenditure.designation_id.in_(in_scope(scope)))
        )
        for now in standing_all([e for e, _ in rows], changes):
            if not now.voided:
                spent[codes[now.id], str(now.category)] += now.amount_fen
        return dict(spent)

    def changed_spending(self, designation_ids: Collection[int]) -> dict[int, int]:
        """Per designation, what its corrected or voided expenditures amount to as they stand
        (a voided one: nothing); those never changed are summed by the caller's own query."""
        found: dict[int, int] = defaultdict(int)
        changed = exists().where(ExpenditureChange.expenditure_id == Expenditure.id)
        for ids in batches(designation_ids):
            rows = self.session.scalars(
                select(Expenditure).where(Expenditure.designation_id.in_(ids), changed)
            ).all()
            if not rows:
                continue
            changes = self.session.scalars(
                select(ExpenditureChange)
                .join(Expenditure, Expenditure.id == ExpenditureChange.expenditure_id)
                .where(Expenditure.designation_id.in_(ids))
            )
            for now in standing_all(rows, changes):
                if not now.voided:
                    found[now.designation_id] += now.amount_fen
        return dict(found)
