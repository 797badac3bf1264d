"""A registry import asks and writes in batches: statements do not grow with the titles [issue 19].

Every row still goes through its use case (the other adoption tests show each rule refusing);
these show that the facts those use cases read come in batches, that what the import writes
(titles, their history, the audit trail) is all there, and that the unit of work is its own
again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, event, func, select

from lifecycle.actors import Actor
from lifecycle.adoption.errors import RegistryRejected
from lifecycle.adoption.plan import ImportReport
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets import DESIGNATIONS
from lifecycle.audit.model import AuditEntry
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.repository import DesignationRepository
from lifecycle.persons.repository import PersonRepository
from lifecycle.scope import EVERYTHING
from lifecycle.unions.repository import UnionRepository
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.repository import WorkshopRepository
from tests.adoption_helpers import AS_OF, workbook

IMPORTER = Actor(name="导入测试")


def _import(u: UnitOfWork, content: bytes, *, dry_run: bool = False) -> ImportReport:
    return import_registry(
        u, content, actor=IMPORTER, as_of=AS_OF, scope=EVERYTHING, dry_run=dry_run
    )


def _statements(engine: Engine, uow: Callable[[], UnitOfWork], content: bytes) -> int:
    """Statements sent while importing ``content`` into the empty database (then rolled back)."""
    sent = 0

    def count(*_args: object) -> None:
        nonlocal sent
        sent += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        with uow() as u:
            _import(u, content)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return sent


def test_statements_do_not_grow_with_the_titles(engine, uow) -> None:
    small = _statements(engine, uow, workbook(sample_registry(titles=20, districts=1, full=False)))
    large = _statements(engine, uow, workbook(sample_registry(titles=80, districts=1, full=False)))
    assert small > 0
    # 60 more titles, persons and workshops (and 6 more unit unions, each inserted then given
    # its path): far fewer statements than rows. Row by row it was about forty per title.
    assert large - small < 60


def test_everything_written_in_batches_is_there_with_its_history_and_audit(uow) -> None:
    first = sample_registry(titles=6, districts=1, full=False)
    with uow() as u:
        _import(u, workbook(first))
        u.commit()
    more = sample_registry(titles=12, districts=1, full=False)  # the first 6 again, 6 new
    with uow() as u:
        report = _import(u, workbook(more))
        u.commit()
    assert report.counts[DESIGNATIONS.name].created == 6
    assert report.counts[DESIGNATIONS.name].unchanged == 6
    with uow() as u:
        titles = u.session.scalars(select(Designation).order_by(Designation.id)).all()
        assert len(titles) == 12
        assert len({t.id for t in titles}) == 12
        history = u.session.scalars(select(StatusChange)).all()
        assert sorted(h.designation_id for h in history) == sorted(t.id for t in titles)
        audited = u.session.execute(
            select(AuditEntry.entity, func.count())
            .where(AuditEntry.action == "insert")
            .group_by(AuditEntry.entity)
        ).all()
        by_table = {entity: n for entity, n in audited}  # noqa: C416
        assert by_table["designations"] == 12
        assert by_table["designation_status_changes"] == 12
        assert by_table["persons"] == 12
        assert by_table["workshops"] == 12
        entries = u.session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.entity == "designations")
        ).all()
        assert sorted(int(e) for e in entries) == sorted(t.id for t in titles)


def _own_repositories(u: UnitOfWork) -> bool:
    return (
        type(u.unions) is UnionRepository
        and type(u.persons) is PersonRepository
        and type(u.workshops) is WorkshopRepository
        and type(u.designations) is DesignationRepository
    )


def test_the_unit_of_work_is_its_own_again_after_an_import_done_or_refused(uow) -> None:
    rows = sample_registry(titles=3, districts=1, full=False)
    with uow() as u:
        _import(u, workbook(rows))
        assert _own_repositories(u)
    rows[DESIGNATIONS.name][2][2:4] = rows[DESIGNATIONS.name][1][2:4]  # a repeat [Y7]
    with uow() as u:
        with pytest.raises(RegistryRejected):
            _import(u, workbook(rows))
        assert _own_repositories(u)
