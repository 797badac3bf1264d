"""A region lost to a concurrent create during a registry import is refused as the row's cell,
as a single create that lost the race is (the check's 「该地区代码已由…使用」 beside 地区代码), not
the bare 409 for the whole file; nothing of the file is written [Y7][C 二（五）].

Only PostgreSQL lets another create pass an import under way: SQLite's writers queue behind the
import's write lock (its check then sees the winner, ``test_union_regions.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from lifecycle.actors import Actor
from lifecycle.adoption import apply_registry
from lifecycle.adoption.errors import RegistryRejected
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets import UNIONS
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel
from tests import factories as f
from tests.adoption_helpers import AS_OF, data_row, workbook

TAKEN = "该地区代码已由{}使用，同一层级只能有一个工会使用"
WINNER = "新区总工会（先到）"


@pytest.fixture
def factory(fresh_database_url: str) -> Iterator[object]:
    if fresh_database_url.startswith("sqlite"):
        pytest.skip("SQLite's writers queue behind the import: no create passes it")
    engine = make_engine(fresh_database_url)
    yield make_session_factory(engine)
    engine.dispose()


def test_a_region_lost_during_an_import_is_refused_as_its_row(factory, monkeypatch) -> None:
    with UnitOfWork(factory) as u:
        tree = f.union_tree(u)
        u.commit()
        city, city_id = tree.city.name, tree.city.id
    real = apply_registry.create_union

    def passed_then_lost(uow: UnitOfWork, cmd: NewUnion) -> Union:
        """The import's check passes; another request then adds the region's union and commits."""
        made = real(uow, cmd)
        if cmd.region_code == "xinqu":
            with UnitOfWork(factory) as other:  # type: ignore[arg-type]
                create_union(other, NewUnion(WINNER, UnionLevel.DISTRICT, city_id, None, "xinqu"))
                other.commit()
        return made

    monkeypatch.setattr(apply_registry, "create_union", passed_then_lost)
    rows: list[list[object]] = [
        [f"{city}/闵行区总工会", "区局（产业）工会", None, "minhang"],
        [f"{city}/新区总工会", "区局（产业）工会", None, "xinqu"],
    ]
    with UnitOfWork(factory) as u:  # type: ignore[arg-type]
        before = int(u.session.scalar(select(func.count()).select_from(Union)) or 0)
    with UnitOfWork(factory) as u, pytest.raises(RegistryRejected) as refused:  # type: ignore[arg-type]
        import_registry(
            u,
            workbook({UNIONS.name: rows}),
            actor=Actor("市总工会干部"),
            as_of=AS_OF,
            scope=EVERYTHING,
            dry_run=False,
        )
    assert [(c.sheet, c.row, c.column, c.header, c.message) for c in refused.value.cells] == [
        ("工会", data_row(1), "D", "地区代码", TAKEN.format(WINNER))
    ]
    with UnitOfWork(factory) as u:  # type: ignore[arg-type]
        names = set(u.session.scalars(select(Union.name)))
        assert int(u.session.scalar(select(func.count()).select_from(Union)) or 0) == before + 1
    assert WINNER in names
    assert "闵行区总工会" not in names
