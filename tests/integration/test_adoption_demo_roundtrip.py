"""The demo registry, with persons registered without an ID number, through `workshops export` and
`workshops import`: unedited it re-imports changing nothing, and in full it moves into an empty
database [DOMAIN §1]."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from cli.main import app
from lifecycle.adoption.export import registry_rows
from lifecycle.adoption.sheets import HONOURS, MEMBERS, PERSONS, WORKSHOPS
from lifecycle.audit.model import AuditEntry
from lifecycle.config import get_settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.persons.model import Person
from lifecycle.persons.service import HonourInput, NewPerson, register_person
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Honour, UnionLevel, UnitNature
from lifecycle.workshops.service import NewMember, NewWorkshop, create_workshop
from tests.adoption_helpers import masked_difference
from tests.conftest import new_database
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)
SHOP = "无证号人员攻关创新工作室"
# The columns naming a person by 人员编号, by sheet: an id of one database only.
NUMBERS = {
    PERSONS.name: PERSONS.index("person_no"),
    HONOURS.name: HONOURS.index("person_no"),
    WORKSHOPS.name: WORKSHOPS.index("leader_no"),
    MEMBERS.name: MEMBERS.index("person_no"),
}
Cli = Callable[..., Result]
Tables = dict[str, list[tuple[object, ...]]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Cli]]:
    """The command line on the database of a URL."""
    runner = CliRunner()

    def on(url: str) -> Cli:
        def run(*args: str) -> Result:
            monkeypatch.setenv("DATABASE_URL", url)
            get_settings.cache_clear()
            return runner.invoke(app, list(args), catch_exceptions=False)

        return run

    yield on
    get_settings.cache_clear()


@pytest.fixture
def demo(demo_copy: DemoCopy) -> Iterator[sessionmaker[Session]]:
    """The demo, plus a workshop whose leader and member were registered without an ID number
    (the leader with an honour), after a person the export leaves out: their ids in another
    database are not the ones they have here."""
    engine = make_engine(demo_copy.url)
    sessions = make_session_factory(engine)
    with UnitOfWork(sessions) as u:
        unit = u.session.scalars(select(Union).where(Union.level == UnionLevel.UNIT)).first()
        assert unit is not None
        _person(u, "不在名册的人", None)  # no union, no workshop: not exported
        honour = (HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2016),)
        leader = _person(u, "无证号带头人", unit.id, honour)
        member = _person(u, "无证号成员", None)
        shop = NewWorkshop(
            SHOP, "上海某无证号单位", UnitNature.STATE_OWNED, unit.id, date(2021, 3, 1),
            leader.id, members=(NewMember(member.id, date(2021, 3, 1), role="骨干"),),
        )  # fmt: skip
        create_workshop(u, shop, as_of=AS_OF, scope=EVERYTHING)
        u.commit()
    yield sessions
    engine.dispose()


def _person(
    u: UnitOfWork, name: str, union_id: int | None, honours: tuple[HonourInput, ...] = ()
) -> Person:
    person = NewPerson(name, Gender.MALE, date(1980, 5, 6), union_id=union_id, honours=honours)
    registered = register_person(u, person, as_of=AS_OF, scope=EVERYTHING)
    u.flush()
    assert registered.id_card_number is None
    return registered


def _writes(sessions: sessionmaker[Session]) -> int:
    with UnitOfWork(sessions) as u:
        return int(u.session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _tables(sessions: sessionmaker[Session]) -> Tables:
    """The registry as the full export writes it, a person's 人员编号 replaced by who they are
    (name, birth date): the ids differ from one database to another."""
    with UnitOfWork(sessions) as u:
        rows = registry_rows(u, scope=EVERYTHING, full_id_cards=True)
    at = NUMBERS[PERSONS.name]
    who = {r[at]: (r[1], str(r[3])) for r in rows[PERSONS.name] if r[at] is not None}
    tables: Tables = {}
    for name, sheet_rows in rows.items():
        column = NUMBERS.get(name)
        tables[name] = sorted(
            tuple(
                str(who[v] if i == column and v is not None else "" if v is None else v)
                for i, v in enumerate(row)
            )
            for row in sheet_rows
        )
    return tables


def _counts(output: str) -> dict[str, tuple[int, int, int]]:
    found = re.findall(r"(\S+)：将?新增 (\d+)，将?修改 (\d+)，不变 (\d+)", output)
    return {sheet: (int(a), int(b), int(c)) for sheet, a, b, c in found}


# The whole registry, and a district's: its officer's sheets offer only its city's schemes (a
# copy of each sheet), which once sent its 整改通知 rows down the inspections' path (a 500).
@pytest.mark.parametrize("scope", ["all", "上海市总工会/杨浦区总工会"])
def test_the_unedited_demo_export_reimports_changing_nothing(demo, cli, demo_copy, tmp_path, scope):
    source = cli(demo_copy.url)
    out = tmp_path / "名册.xlsx"
    exported = source("export", str(out), "--scope", scope, "--as-of", AS_OF.isoformat())
    assert exported.exit_code == 0, exported.output
    before, written = _tables(demo), _writes(demo)
    dry = source("import", str(out), "--scope", scope, "--dry-run", "--as-of", AS_OF.isoformat())
    assert dry.exit_code == 0, dry.output
    counts = _counts(dry.output)
    # Persons without an ID number are named by their 人员编号 (the inspections' opinions
    # written from their items' notes are no change either).
    assert counts["人员"][2] >= 3
    assert counts["检查"][2] > 0
    assert {s: c for s, c in counts.items() if c[0] or c[1]} == {}
    assert (_tables(demo), _writes(demo)) == (before, written)
    assert counts["整改通知"][2] > 0
    done = source("import", str(out), "--scope", scope, "--as-of", AS_OF.isoformat())
    assert done.exit_code == 0, done.output
    assert {s: c for s, c in _counts(done.output).items() if c[0] or c[1]} == {}
    assert (_tables(demo), _writes(demo)) == (before, written)


@pytest.fixture
def empty_database_url(
    demo_copy: DemoCopy, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A second database of the same backend, empty (migrated)."""
    backend = "sqlite" if demo_copy.url.startswith("sqlite") else "postgresql"
    yield from new_database(backend, request, tmp_path)


def test_the_full_export_moves_persons_without_an_id_number_to_an_empty_database(
    demo, cli, demo_copy, empty_database_url, tmp_path
):
    out = tmp_path / "迁移.xlsx"
    exported = cli(demo_copy.url)(
        "export", str(out), "--scope", "all", "--full-id-cards", "--as-of", AS_OF.isoformat()
    )
    assert exported.exit_code == 0, exported.output
    moved = cli(empty_database_url)("import", str(out), "--scope", "all", "--as-of", "2026-11-21")
    assert moved.exit_code == 0, moved.output
    engine = make_engine(empty_database_url)
    try:
        target = make_session_factory(engine)
        before, after = _tables(demo), _tables(target)
        with UnitOfWork(target) as u:
            without = u.session.scalars(select(Person).where(Person.id_card_number.is_(None)))
            names = sorted(p.name for p in without)
    finally:
        engine.dispose()
    assert names == ["无证号带头人", "无证号成员"]
    shop = next(r for r in after[WORKSHOPS.name] if r[1] == SHOP)
    assert shop[WORKSHOPS.index("leader_no")] == str(("无证号带头人", "1980-05-06"))
    assert before == after, masked_difference(before, after)
