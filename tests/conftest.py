"""Shared fixtures: every integration test runs on a real SQLite file and on real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from lifecycle.db.engine import make_engine, make_session_factory, normalise_url
from lifecycle.db.migrate import upgrade
from lifecycle.uow import UnitOfWork

POSTGRES_ADMIN_URL = normalise_url(
    os.environ.get("WORKSHOPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
)
REQUIRE_POSTGRES = os.environ.get("WORKSHOPS_REQUIRE_POSTGRES") == "1"
BACKENDS = ("sqlite", "postgresql")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in item.nodeid or "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.integration)


def _postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:  # any failure to reach the server means: skip with the reason
        where = make_url(POSTGRES_ADMIN_URL).render_as_string()
        return f"PostgreSQL not reachable at {where}: {type(err).__name__}"
    finally:
        engine.dispose()
    return None


class PostgresDatabases:
    """Creates throw-away databases on the PostgreSQL server and drops them afterwards."""

    def __init__(self) -> None:
        self.admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"workshops_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    reason = _postgres_unavailable()
    if reason is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"WORKSHOPS_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    databases = PostgresDatabases()
    yield databases
    databases.admin.dispose()


def new_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A freshly migrated database of `backend`, removed afterwards."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
        upgrade(url)
        yield url
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.create()
    try:
        upgrade(url)
        yield url
    finally:
        databases.drop(url)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One migrated database per backend for the whole run."""
    yield from new_database(request.param, request, tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def uow(engine: Engine) -> Iterator[Callable[[], UnitOfWork]]:
    """Units of work inside one outer transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    factory = make_session_factory(connection, join_transaction_mode="create_savepoint")
    try:
        yield lambda: UnitOfWork(factory)
    finally:
        outer.rollback()
        connection.close()


@pytest.fixture(params=BACKENDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own for tests that must commit for real (concurrency, CLI)."""
    yield from new_database(request.param, request, tmp_path)
