"""The 待办 list read from the occasion index equals the generators' answer, filter by filter."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.clock import SHANGHAI
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.occasions import index
from lifecycle.occasions.index_repository import Walk, walk
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.views.todo import NOW, PENDING, TodoQuery, my_todo, todo_page
from lifecycle.vocab import Role
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)


def _questions(yangpu: int, unit: int) -> list[tuple[TodoQuery, str]]:
    q = TodoQuery(yangpu)
    return [
        (q, "everything"),
        (TodoQuery(yangpu, statuses=frozenset({OccasionStatus.OVERDUE})), "overdue"),
        (TodoQuery(yangpu, statuses=frozenset({OccasionStatus.DUE})), "due"),
        (TodoQuery(yangpu, statuses=frozenset({OccasionStatus.UPCOMING})), "upcoming"),
        (TodoQuery(yangpu, statuses=PENDING), "pending"),
        (TodoQuery(yangpu, statuses=NOW), "now"),
        (
            TodoQuery(
                yangpu, statuses=frozenset({OccasionStatus.UPCOMING}), due_from=date(2025, 1, 1)
            ),
            "upcoming, from",
        ),
        (
            TodoQuery(
                yangpu, statuses=frozenset({OccasionStatus.OVERDUE, OccasionStatus.UPCOMING})
            ),
            "overdue or upcoming",
        ),
        (
            TodoQuery(yangpu, kinds=frozenset({OccasionKind.SELF_CHECK_FILING}), statuses=NOW),
            "kind, now",
        ),
        (TodoQuery(yangpu, kinds=frozenset({OccasionKind.SELF_CHECK_FILING})), "kind"),
        (TodoQuery(yangpu, scheme="shanghai-model-worker"), "scheme"),
        (TodoQuery(unit), "under a unit"),
        (TodoQuery(yangpu, due_from=AS_OF, due_to=AS_OF + timedelta(days=40)), "dates"),
        (TodoQuery(yangpu, acting_union_id=yangpu), "acting"),
        (
            TodoQuery(
                yangpu,
                kinds=frozenset({OccasionKind.SELF_CHECK_FILING, OccasionKind.CYCLE_INSPECTION}),
                statuses=frozenset({OccasionStatus.OVERDUE}),
                acting_union_id=yangpu,
                due_from=date(2025, 1, 1),
            ),
            "kinds, overdue, acting, from",
        ),
        (TodoQuery(yangpu, acting_union_id=unit), "another union acting"),
        (my_todo(q, ROLE_PERMISSIONS[Role.DISTRICT_OFFICER], yangpu), "mine (officer)"),
        (my_todo(q, ROLE_PERMISSIONS[Role.FINANCE], yangpu), "mine (finance)"),
        (my_todo(TodoQuery(unit), ROLE_PERMISSIONS[Role.UNIT_CONTACT], unit), "mine (unit)"),
    ]


def _answers(sessions, questions, scope, *, limit=500, offset=0):
    with UnitOfWork(sessions, read_only=True) as uow:
        pages = [
            todo_page(uow, q, AS_OF, scope=scope, limit=limit, offset=offset) for q, _ in questions
        ]
        return [([(o.key, o.kind, o.status) for o in p.items], p.total) for p in pages]


def _past_the_end(sessions, questions, scope, totals):
    """The page starting at each question's total: empty, the total the same."""
    with UnitOfWork(sessions, read_only=True) as uow:
        pages = [
            todo_page(uow, q, AS_OF, scope=scope, limit=2, offset=total)
            for (q, _), total in zip(questions, totals, strict=True)
        ]
        return [(p.items, p.total) for p in pages]


def test_the_index_answers_every_filter_as_the_generators_do(demo_copy: DemoCopy):
    engine = make_engine(demo_copy.url)
    sessions = make_session_factory(engine)
    try:
        with UnitOfWork(sessions) as uow:
            yangpu = uow.session.scalars(select(Union).where(Union.name == "杨浦区总工会")).one()
            unit = uow.session.scalars(
                select(Union).where(Union.name == "上海杨浦热能设备有限公司工会")
            ).one()
            ids, scope = (yangpu.id, unit.id), Scope.subtree(yangpu.path)
        questions = _questions(*ids)
        generated = _answers(sessions, questions, scope)
        with UnitOfWork(sessions) as uow:
            index.build(uow, AS_OF, datetime.combine(AS_OF, time(7), tzinfo=SHANGHAI))
            uow.commit()
        indexed = _answers(sessions, questions, scope)
        # Small pages: where many entries match, the index is walked in due-date order.
        small = _answers(sessions, questions, scope, limit=2, offset=1)
        totals = [total for _, total in generated]
        past = _past_the_end(sessions, questions, scope, totals)
    finally:
        engine.dispose()
    # Items and totals alike: totals of a whole subtree come from the tally, others are counted.
    for (_, name), left, right in zip(questions, generated, indexed, strict=True):
        assert left == right, name
    for (_, name), (items, total), (page, counted) in zip(questions, generated, small, strict=True):
        assert (page, counted) == (items[1:3], total), name
    assert any(walk(total, 3, None) is Walk.DUE for _, total in small)
    assert past == [([], total) for total in totals]
    empty = [name for (_, name), (g, _) in zip(questions, generated, strict=True) if not g]
    assert not empty
    mine, _ = generated[-3]
    assert {status for _, _, status in mine} <= NOW
