"""The queries of one batch of the 专款专用 audit, built once per run [Y14][Y16][S10].

Each is bounded by the batch: an id range (two bound parameters, so a statement is built and
compiled once and only the range changes) within the run's scope, and depends on nothing but
the batch, so all of a batch's queries can go out together (``AuditRepository.pipeline``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)

from lifecycle.designations.model import Designation
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.model import AuditFinding, Expenditure, Grant
from lifecycle.funding.rules import NEVER_NAMED, ExpenditureFact
from lifecycle.funding.vocab import GrantKind
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.workshops.model import Workshop

_CATEGORIES = {c.value: c for c in ExpenditureCategory}

_GRANTS = cast(Table, Grant.__table__)
_EXPENDITURES = cast(Table, Expenditure.__table__)
_FINDINGS = cast(Table, AuditFinding.__table__)
_DESIGNATIONS = cast(Table, Designation.__table__)


class AuditCriteria(NamedTuple):
    """What the screens look for: the day, forbidden categories, matching ratios by scheme."""

    as_of: date
    forbidden: Collection[str]
    matching: Mapping[str, tuple[int, int]]


class Span(NamedTuple):
    """The id range of the batch queries: bound parameters, so each is built and compiled once."""

    first_id: Any
    last_id: Any
    scope: Scope


SPAN_FIRST = bindparam("first_id", 0, type_=Integer)
SPAN_LAST = bindparam("last_id", 0, type_=Integer)


def _in_scope(scope: Scope) -> Select[int]:
    """Designation ids whose workshop's unit union lies in ``scope``."""
    return (
        select(Designation.id)
        .join(Workshop, Workshop.id == Designation.workshop_id)
        .join(Union, Union.id == Workshop.unit_union_id)
        .where(scope.clause(Union.path))
    )


def _within(column: Any, batch: Span) -> ColumnElement[bool]:
    """Rows of the batch's designations: an id range (an index range scan), within its scope."""
    in_range = column.between(batch.first_id, batch.last_id)
    if batch.scope.path_prefix is None:
        return cast(ColumnElement[bool], in_range)
    ids = _in_scope(batch.scope).where(Designation.id.between(batch.first_id, batch.last_id))
    return and_(in_range, column.in_(ids))


class BatchQuery(NamedTuple):
    """One query of a batch and how its rows become facts."""

    stmt: Select[Any]
    parse: Callable[[Sequence[Any]], Any]


def batch_queries(batch: Span, criteria: AuditCriteria) -> list[BatchQuery]:
    """The batch's queries in ``BatchFacts`` order; each depends on nothing but the batch."""
    f = _FINDINGS.c
    return [
        BatchQuery(_designations(batch), list),
        BatchQuery(_screened(batch, criteria), _expenditure_facts),
        BatchQuery(_grant_suspects(batch, criteria), lambda rows: {did for (did,) in rows}),
        BatchQuery(_grant_facts(batch, criteria.as_of), _by_designation),
        BatchQuery(
            select(f.designation_id, f.key).where(_within(f.designation_id, batch)),
            lambda rows: {(did, key) for did, key in rows},
        ),
    ]


def _designations(batch: Span) -> Select[Any]:
    """The lifecycle columns of the batch's designations with any grant or expenditure."""
    d, g, e = _DESIGNATIONS.c, _GRANTS.c, _EXPENDITURES.c
    spent = select(e.designation_id).where(e.designation_id.between(batch.first_id, batch.last_id))
    granted = select(g.designation_id).where(
        g.designation_id.between(batch.first_id, batch.last_id)
    )
    return (
        select(d.id, d.scheme_code, type_coerce(d.status, String), d.naming_date, d.ended_on)
        .where(_within(d.id, batch), or_(d.id.in_(granted), d.id.in_(spent)))
        .order_by(d.id)
    )


def _grant_facts(batch: Span, as_of: date) -> Select[Any]:
    """Grants approved by ``as_of`` and not voided (the audit judges no other)."""
    g = _GRANTS.c
    return select(
        g.designation_id,
        g.id,
        type_coerce(g.kind, String),
        g.amount_fen,
        g.approved_on,
        g.paid_on,
    ).where(_within(g.designation_id, batch), g.approved_on <= as_of, g.voided_on.is_(None))


def _by_designation(rows: Sequence[Any]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(row)
    return found


def _grant_suspects(batch: Span, criteria: AuditCriteria) -> Select[Any]:
    """Designations of the batch with a one-off grant (approved by ``as_of``) on which
    ``rules._ineligible_grants`` or ``rules._matching`` can find something [Y14][S10].

    Ineligible: the title was never named, or the grant was approved before naming or after
    the title ended. Matching: the scheme has a ratio ``num / den`` (``matching``, by scheme
    code), the grant is paid and the matching paid by ``as_of`` is below ratio × grant
    (``matched < ceil(ratio × grant)`` is ``matched × den < grant × num`` in integers).
    """
    g, d = _GRANTS.c, _DESIGNATIONS.c
    as_of, matching = criteria.as_of, criteria.matching
    kind = type_coerce(g.kind, String)
    suspect = [
        type_coerce(d.status, String).in_(sorted(s.value for s in NEVER_NAMED)),
        d.naming_date.is_(None),
        g.approved_on < d.naming_date,
        and_(d.ended_on.is_not(None), g.approved_on > d.ended_on),
    ]
    if matching:
        m = _GRANTS.alias("paid_matching").c
        matched = (
            select(func.coalesce(func.sum(m.amount_fen), 0))
            .where(
                m.designation_id == g.designation_id,
                type_coerce(m.kind, String) == GrantKind.MATCHING.value,
                m.approved_on <= as_of,
                m.paid_on <= as_of,
                m.voided_on.is_(None),
            )
            .scalar_subquery()
        )
        num = case({code: r[0] for code, r in matching.items()}, value=d.scheme_code)
        den = case({code: r[1] for code, r in matching.items()}, value=d.scheme_code)
        suspect.append(
            and_(
                d.scheme_code.in_(sorted(matching)),
                g.paid_on.is_not(None),
                matched * den < g.amount_fen * num,
            )
        )
    return (
        select(g.designation_id)
        .join_from(_GRANTS, _DESIGNATIONS, d.id == g.designation_id)
        .where(
            _within(g.designation_id, batch),
            d.id.between(batch.first_id, batch.last_id),
            kind == GrantKind.ONE_OFF.value,
            g.approved_on <= as_of,
            g.voided_on.is_(None),
            or_(*suspect),
        )
    )


def _screened(batch: Span, criteria: AuditCriteria) -> Select[Any]:
    """The expenditures by ``as_of`` that the audit rules can find something on [Y16].

    Kept: a category in ``forbidden``; dated after the title ended; no receipt reference;
    and every expenditure of a designation that uses a receipt reference more than once or
    whose running balance goes below zero (``_whole_ledgers``). What is left out yields no
    finding and changes none: with its whole list where references repeat or the balance dips,
    a designation's findings are the same as over all of its expenditures (receipt references
    are stored stripped, so ``TRIM`` and ``str.strip`` agree).
    """
    e, d = _EXPENDITURES.c, _DESIGNATIONS.c
    as_of = criteria.as_of
    kept = [
        type_coerce(e.category, String).in_(sorted(criteria.forbidden)),
        and_(d.ended_on.is_not(None), e.spent_on > d.ended_on),
        e.receipt_ref.is_(None),
        func.trim(e.receipt_ref) == "",
        e.designation_id.in_(_whole_ledgers(batch, as_of)),
    ]
    return (
        select(
            e.designation_id,
            e.id,
            e.spent_on,
            e.amount_fen,
            type_coerce(e.category, String),
            e.receipt_ref,
        )
        .join_from(_EXPENDITURES, _DESIGNATIONS, d.id == e.designation_id)
        .where(
            _within(e.designation_id, batch),
            e.spent_on <= as_of,
            d.id.between(batch.first_id, batch.last_id),
            or_(*kept),
        )
    )


def _expenditure_facts(rows: Sequence[Any]) -> dict[int, list[ExpenditureFact]]:
    found: dict[int, list[ExpenditureFact]] = {}
    for did, eid, spent_on, amount, category, receipt_ref in rows:
        fact = ExpenditureFact(eid, spent_on, amount, _CATEGORIES[category], receipt_ref)
        found.setdefault(did, []).append(fact)
    return found


def _whole_ledgers(batch: Span, as_of: date) -> Any:
    """Designations of the batch whose every expenditure the rules must see: those reusing a
    receipt reference, and those whose running balance goes below zero.

    One pass per designation (first spending day, total spent, references used and distinct)
    gives the reusers and the cheap test of ``rules._overspent``'s fast path (funds paid by
    the first spending day cover all spending); the running balance decides the rest.
    """
    e, g = _EXPENDITURES.c, _GRANTS.c
    ref = func.nullif(func.trim(e.receipt_ref), "")
    spend = (
        select(
            e.designation_id,
            func.min(e.spent_on).label("first_on"),
            func.sum(e.amount_fen).label("total"),
            (func.count(ref) - func.count(ref.distinct())).label("reused"),
        )
        .where(_within(e.designation_id, batch), e.spent_on <= as_of)
        .group_by(e.designation_id)
        .cte("spend")
    )
    early = (
        select(func.coalesce(func.sum(g.amount_fen), 0))
        .where(
            g.designation_id == spend.c.designation_id,
            g.approved_on <= as_of,
            g.paid_on <= spend.c.first_on,
            g.voided_on.is_(None),
        )
        .scalar_subquery()
    )
    reusers = select(spend.c.designation_id).where(spend.c.reused > 0)
    maybe = select(spend.c.designation_id).where(spend.c.reused == 0, spend.c.total > early)
    return union_all(reusers, _dipping(batch, maybe, as_of))


def _dipping(batch: Span, maybe: Select[Any], as_of: date) -> Select[Any]:
    """Those of ``maybe`` whose running balance goes below zero after a spend, as
    ``rules.running_ledger`` keeps it: paid grants approved by ``as_of`` and expenditures by
    ``as_of``, by date, money in before money out on a day."""
    e, g = _EXPENDITURES.c, _GRANTS.c
    events = union_all(
        select(
            g.designation_id,
            g.paid_on.label("on_day"),
            literal_column("0").label("side"),
            g.id,
            g.amount_fen.label("delta"),
        ).where(
            g.designation_id.between(batch.first_id, batch.last_id),
            g.designation_id.in_(maybe),
            g.approved_on <= as_of,
            g.paid_on.is_not(None),
            g.voided_on.is_(None),
        ),
        select(
            e.designation_id,
            e.spent_on,
            literal_column("1"),
            e.id,
            -e.amount_fen,
        ).where(
            e.designation_id.between(batch.first_id, batch.last_id),
            e.designation_id.in_(maybe),
            e.spent_on <= as_of,
        ),
    ).subquery()
    balance = func.sum(events.c.delta).over(
        partition_by=events.c.designation_id,
        order_by=(events.c.on_day, events.c.side, events.c.id),
        rows=(None, 0),
    )
    ledger = select(events.c.designation_id, events.c.side, balance.label("balance")).subquery()
    return (
        select(ledger.c.designation_id).where(ledger.c.side == 1, ledger.c.balance < 0).distinct()
    )
