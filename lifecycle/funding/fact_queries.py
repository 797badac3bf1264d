"""Queries of the audit's facts beside a batch's own: corrections and voids, and the spending of
the other titles of a batch's teams (reading 34); the repository's, kept apart for size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, exists, func, select, type_coerce

from lifecycle.db.batches import batches
from lifecycle.designations.model import Designation
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.facts import FindingFact
from lifecycle.funding.model import (
    AuditFinding,
    Expenditure,
    ExpenditureChange,
    ExpenditureChangeKind,
    FindingResolution,
    Grant,
)
from lifecycle.funding.receipts import ReceiptUse
from lifecycle.funding.rules import ExpenditureFact
from lifecycle.funding.standing import ChangeFact, latest_changes, standing_facts

_CATEGORIES = {c.value: c for c in ExpenditureCategory}
_CHANGE_KINDS = {k.value: k for k in ExpenditureChangeKind}


def _text(column: Any) -> Any:
    """An enum column read as its stored text (looked up below: cheaper than the type's)."""
    return type_coerce(column, String)


def change_facts(conn: Connection, which: ColumnElement[bool]) -> list[ChangeFact]:
    """Every correction and void of the expenditures ``which`` selects."""
    c, e = ExpenditureChange, Expenditure
    stmt = (
        select(
            c.expenditure_id, c.version, _text(c.kind), c.spent_on, c.amount_fen,
            _text(c.category), c.receipt_ref,
        )
        .join(e, e.id == c.expenditure_id)
        .where(which)
    )  # fmt: skip
    return [
        ChangeFact(
            eid, version, _CHANGE_KINDS[kind], spent_on, fen,
            _CATEGORIES[category] if category is not None else None, ref,
        )
        for eid, version, kind, spent_on, fen, category, ref in conn.execute(stmt).all()
    ]  # fmt: skip


def team_receipts(
    conn: Connection,
    batch: ColumnElement[bool],
    first_id: int,
    last_id: int,
    spent: Mapping[int, Sequence[ExpenditureFact]],
) -> dict[int, tuple[ReceiptUse, ...]]:
    """Per designation of the batch (``batch``: its ids, in scope, ``first_id``-``last_id``)
    whose team holds other titles: the expenditures of those titles as they stand (reading 34).
    Only teams with more than one title are read; the batch's own come from ``spent``. A team's
    titles share its unit union, so they lie in the batch's scope."""
    d, e = Designation, Expenditure
    shared = (
        select(d.workshop_id)
        .where(d.workshop_id.in_(select(d.workshop_id).where(batch)))
        .group_by(d.workshop_id)
        .having(func.count() > 1)
    )
    titles = {
        did: (shop, number)
        for did, shop, number in conn.execute(
            select(d.id, d.workshop_id, d.number).where(d.workshop_id.in_(shared))
        ).all()
    }
    if not titles:
        return {}
    outside = select(d.id).where(d.workshop_id.in_(shared), ~d.id.between(first_id, last_id))
    uses: dict[int, list[ExpenditureFact]] = defaultdict(list)
    for did, eid, spent_on, fen, category, ref in conn.execute(
        select(
            e.designation_id, e.id, e.spent_on, e.amount_fen, _text(e.category), e.receipt_ref
        ).where(e.designation_id.in_(outside))
    ).all():
        uses[did].append(ExpenditureFact(eid, spent_on, fen, _CATEGORIES[category], ref))
    latest = latest_changes(change_facts(conn, e.designation_id.in_(outside)))
    if latest:
        for did, recorded in uses.items():
            uses[did] = standing_facts(recorded, latest)
    by_team: dict[int, list[ReceiptUse]] = defaultdict(list)
    for did, (shop, number) in titles.items():
        mine = spent.get(did, ()) if first_id <= did <= last_id else uses.get(did, ())
        by_team[shop].extend(ReceiptUse(did, number, x.id, x.spent_on, x.receipt_ref) for x in mine)
    return {
        did: tuple(u for u in by_team[shop] if u.designation_id != did)
        for did, (shop, _) in titles.items()
        if first_id <= did <= last_id
    }


def open_finding_facts(
    conn: Connection, designation_ids: Collection[int]
) -> dict[int, list[FindingFact]]:
    """Per designation, its findings no resolution answers, oldest first, each with the paying
    union of the grant it is about (the occasions' facts; whether one is owed is theirs)."""
    f, r, g = AuditFinding, FindingResolution, Grant
    stmt = (
        select(f.designation_id, f.id, _text(f.kind), f.found_on, f.amount_fen, g.paying_union_id)
        .outerjoin(g, g.id == f.grant_id)
        .where(~exists().where(r.finding_id == f.id))
        .order_by(f.id)
    )
    found: dict[int, list[FindingFact]] = defaultdict(list)
    for chunk in batches(designation_ids):
        for did, *fact in conn.execute(stmt.where(f.designation_id.in_(chunk))):
            found[did].append(FindingFact(*fact))
    return found
