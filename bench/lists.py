"""Benchmark: the 待办 list, the registry list and finance's list beside the dashboard.

Run: ``.venv/bin/python -m bench.lists [N] [sqlite|postgresql ...]`` (N defaults to 150,000).

On a copy of the cached synthetic registry with its occasion index built, for the district with
the most designations, each read is timed (best of 3, a fresh read-only unit of work each time)
and printed with its ratio to the same run's dashboard read, the yardstick: every list pages in
SQL, so a page should cost about what the dashboard costs, whatever the district's size. The city
officer's 待办 list (the whole registry, read scope everything) follows, unfiltered and by status.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from bench import synthetic
from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.model import Designation
from lifecycle.listings.repository import RegistryFilter
from lifecycle.occasions.model import OccasionStatus
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.views.dashboard import dashboard
from lifecycle.views.finance_overview import fund_page
from lifecycle.views.registry import registry_page
from lifecycle.views.todo import NOW, TodoQuery, my_todo, todo_page
from lifecycle.vocab import Role, UnionLevel
from lifecycle.workshops.model import Workshop

AS_OF = synthetic.AS_OF
UPCOMING = OccasionStatus.UPCOMING


def _largest_district(uow: UnitOfWork) -> Union:
    counts = (
        select(Union, func.count(Designation.id))
        .join(Workshop, Workshop.unit_union_id == Union.id)
        .join(Designation, Designation.workshop_id == Workshop.id)
        .group_by(Union.id)
    )
    per_unit = [(u, n) for u, n in uow.session.execute(counts)]
    districts = {u.id: u for u in uow.unions.find(Scope(None), UnionLevel.DISTRICT)}
    totals: dict[int, int] = {}
    for unit, n in per_unit:
        for district in districts.values():
            if unit.path.startswith(district.path):
                totals[district.id] = totals.get(district.id, 0) + n
    return districts[max(totals, key=lambda k: totals[k])]


def _best(read: Callable[[UnitOfWork], Any], sessions: Any) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        with UnitOfWork(sessions, read_only=True) as uow:
            read(uow)
        times.append(time.perf_counter() - started)
    return min(times)


def run(backend: str, n: int) -> None:
    url = synthetic.prepare(backend, n, "lists", indexed=True)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        with UnitOfWork(sessions, read_only=True) as uow:
            district = _largest_district(uow)
            scope, uid, name = Scope.subtree(district.path), district.id, district.name
            (city,) = uow.unions.find(Scope(None), UnionLevel.CITY)
            cid = city.id
        officer = my_todo(TodoQuery(uid), ROLE_PERMISSIONS[Role.DISTRICT_OFFICER], uid)
        reads: dict[str, Callable[[UnitOfWork], Any]] = {
            "dashboard (baseline)": lambda u: dashboard(u, uid, AS_OF, scope=scope),
            "my todo, page 1": lambda u: todo_page(u, officer, AS_OF, scope=scope),
            "todo, every kind, page 1": lambda u: todo_page(u, TodoQuery(uid), AS_OF, scope=scope),
            "todo, every kind, page 20": lambda u: todo_page(
                u, TodoQuery(uid), AS_OF, scope=scope, offset=950
            ),
            "registry, page 1": lambda u: registry_page(u, RegistryFilter(), scope=scope),
            "registry, search": lambda u: registry_page(
                u, RegistryFilter(text="工作室"), scope=scope
            ),
            "finance list, page 1": lambda u: fund_page(u, RegistryFilter(), scope=scope),
            "city todo, page 1": lambda u: todo_page(u, TodoQuery(cid), AS_OF, scope=EVERYTHING),
            "city todo, page 5": lambda u: todo_page(
                u, TodoQuery(cid), AS_OF, scope=EVERYTHING, offset=200
            ),
            "city todo, due or overdue": lambda u: todo_page(
                u, TodoQuery(cid, statuses=NOW), AS_OF, scope=EVERYTHING
            ),
            "city todo, upcoming": lambda u: todo_page(
                u, TodoQuery(cid, statuses=frozenset({UPCOMING})), AS_OF, scope=EVERYTHING
            ),
        }
        base = None
        print(f"{backend}, {n:,} designations, district {name}:")
        for label, read in reads.items():
            seconds = _best(read, sessions)
            base = base or seconds
            print(f"  {label:28} {seconds * 1000:9.1f} ms  {seconds / base:6.2f}×")
    finally:
        engine.dispose()
        synthetic.drop(url)


def main() -> None:
    args = sys.argv[1:]
    n = int(args.pop(0)) if args and args[0].isdigit() else 150_000
    for backend in args or ["sqlite", "postgresql"]:
        run(backend, n)


if __name__ == "__main__":
    main()
