"""The dashboard counted in SQL on the occasion index gives the occasion service's answer."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from lifecycle.intake.occasions import waiting_occasions
from lifecycle.occasions import index
from lifecycle.occasions.index_repository import Walk, walk
from lifecycle.occasions.model import OCCASION_KIND_LABELS, OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_union
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.views.dashboard import dashboard, month_start

AS_OF = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)


def _reference(u, union, as_of):
    """The dashboard as it was computed before: every outstanding occasion, counted in Python."""
    start = month_start(as_of)
    end = month_start(as_of, 12) - timedelta(days=1)
    found = occasions_for_union(
        u, union.id, start, end, as_of, outstanding_only=True, scope=EVERYTHING
    )
    # Applications waiting for a step count in too (made from the applications on each read).
    waiting = waiting_occasions(u, Scope.subtree(union.path), as_of)
    found += [o for o in waiting if o.due_on <= end]
    found.sort(key=lambda o: o.sort_key)
    open_ = [o for o in found if o.status is not OccasionStatus.DONE]
    # A step with no deadline is due in no month, and not this month either.
    per_month = Counter(month_start(o.due_on) for o in open_ if o.due_on >= start and not o.undated)
    per_kind = Counter(o.kind for o in open_)
    return {
        "overdue": [o for o in open_ if o.status is OccasionStatus.OVERDUE],
        # Not late and due by the month's end: a warning standing since an earlier month too.
        "due_this_month": [
            o
            for o in open_
            if o.status is not OccasionStatus.OVERDUE
            and not o.undated
            and o.due_on < month_start(as_of, 1)
        ],
        "undated": [o for o in open_ if o.undated],
        "my_step": [o for o in open_ if o.union_id == union.id],
        "counts_by_kind": [
            (k, OCCASION_KIND_LABELS[k], per_kind[k]) for k in OccasionKind if per_kind[k]
        ],
        "months": [per_month.get(month_start(as_of, k), 0) for k in range(12)],
        "all": open_,
    }


def _same(board, want, items):
    for name in ("overdue", "due_this_month", "my_step", "undated"):
        assert getattr(board, f"{name}_total") == len(want[name]), name
        assert getattr(board, name) == want[name][:items], name
    assert board.counts_by_kind == want["counts_by_kind"]
    assert [m.count for m in board.months] == want["months"]


def test_the_sql_dashboard_equals_the_occasion_service_for_every_union_and_day(demo_uow):
    with demo_uow() as u:
        index.build(u, AS_OF, NOW)
        u.commit()
    seen_kinds: set[OccasionKind] = set()
    seen_statuses: set[OccasionStatus] = set()
    standing = undated = compared = truncated = walked = 0
    with demo_uow() as u:
        unions = u.session.query(Union).order_by(Union.id).all()
        days = (AS_OF, AS_OF + timedelta(days=40), date(2027, 1, 31), date(2027, 2, 1))
        for as_of in days:
            assert index.usable(u, month_start(as_of, 12) - timedelta(days=1), as_of)
            for union in unions:
                want = _reference(u, union, as_of)
                for items in (0, 3, 500):
                    board = dashboard(u, union.id, as_of, scope=EVERYTHING, items=items)
                    _same(board, want, items)
                seen_kinds |= {o.kind for o in want["all"]}
                seen_statuses |= {o.status for o in want["all"]}
                standing += sum(o.standing for o in want["all"])
                undated += len(want["undated"])
                compared += len(want["all"])
                truncated += sum(len(want[n]) > 3 for n in ("overdue", "due_this_month", "my_step"))
                lists = ("overdue", "due_this_month")
                walked += sum(walk(len(want[n]), 3, None) is Walk.DUE for n in lists)
    # Not vacuous: many kinds, every open status, standing warnings, hundreds of occasions.
    assert len(seen_kinds) >= 6, seen_kinds
    assert seen_statuses == {OccasionStatus.OVERDUE, OccasionStatus.DUE, OccasionStatus.UPCOMING}
    assert standing > 0
    assert undated > 0  # steps with no deadline, kept out of 本月到期 and the months
    assert compared > 200
    assert truncated > 0  # the first-items lists were cut somewhere
    assert walked > 0  # some lists of 3 were read walking the due dates (``index_repository.walk``)


def test_past_the_index_horizon_the_generators_answer_the_same_way(demo_uow):
    with demo_uow() as u:
        index.build(u, AS_OF, NOW)
        u.commit()
    with demo_uow() as u:
        as_of = date(2027, 10, 2)  # its 12 months reach past the index's horizon
        assert not index.usable(u, month_start(as_of, 12) - timedelta(days=1), as_of)
        city = u.session.query(Union).order_by(Union.id).first()
        want = _reference(u, city, as_of)
        assert want["all"]
        _same(dashboard(u, city.id, as_of, scope=EVERYTHING, items=5), want, 5)
