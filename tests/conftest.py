"""Shared fixtures: every integration test runs on a real SQLite file and on real PostgreSQL.

Each backend is migrated once per session (per xdist worker) into a template; every database a
test gets is a copy of it: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL.
``tests/integration/test_migrations.py`` still runs the real migrations down and up again.
"""

from __future__ import annotations

import copy
import gc
import os
import queue
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from lifecycle.accounts import service as accounts_service
from lifecycle.db.engine import make_engine, make_session_factory, normalise_url
from lifecycle.db.migrate import upgrade
from lifecycle.db.roles import grant_service_role
from lifecycle.uow import UnitOfWork
from tests import district_pack
from tests.shared_routes import share_route_analysis

# The demo loaded once per worker and copied for each test (``tests/demo_copies.py``).
pytest_plugins = ("tests.demo_copies",)

POSTGRES_ADMIN_URL = normalise_url(
    os.environ.get("WORKSHOPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
)
REQUIRE_POSTGRES = os.environ.get("WORKSHOPS_REQUIRE_POSTGRES") == "1"
# Issue 16 (docs/DEPLOY.md): the shared PostgreSQL test database is used as the service role the
# deployment documents (rows only, history tables insert-only, no TRUNCATE/ALTER); migrations
# and ``fresh_database_url`` stay with the owner (they migrate, create tables, drop databases).
SERVICE_ROLE = "workshops_test_service"
BACKENDS = ("sqlite", "postgresql")
# argon2 at production cost (64 MiB, 3 passes, 4 lanes) takes ~0.1–0.5 s a hash and the web and
# API fixtures create five or six users per test. The tests check the code path (argon2id hashes,
# verify, rehash), not the cost, so in-process tests hash at the smallest cost argon2 allows.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
# The cyclic garbage collector at Python's default thresholds (700, 10, 10) ran ~27 times a test
# and took ~16 % of a test process's CPU: each request and fixture allocates many short-lived
# ORM and ASGI objects over a large heap of imported modules. Collecting every 20,000 net
# allocations instead leaves the same garbage collected, less often (a few MB more held).
GC_THRESHOLDS = (20_000, 20, 20)


# The OpenAPI document of the first app of this process that was asked for it (``share_openapi``).
_OPENAPI: list[dict[str, Any]] = []


def share_openapi(app: FastAPI) -> FastAPI:
    """``app``, starting from the OpenAPI document an earlier app of this process built.

    FastAPI builds the document on the first ``app.openapi()`` (~0.8 s of CPU, some sixty tests
    a run ask for it, each of a new app) and keeps it for the calls after. It depends only on
    the routes and models, the same for every app, so each app starts from a copy of the first
    one's, as the service's own second call does: what ``api/idempotency.py`` and
    ``api/reference.py`` add on each call is still added by every app.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None and _OPENAPI:
            app.openapi_schema = copy.deepcopy(_OPENAPI[0])
        document = build()
        if not _OPENAPI and app.openapi_schema is not None:
            _OPENAPI.append(copy.deepcopy(app.openapi_schema))
        return document

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    accounts_service._hasher = lambda: CHEAP_HASHER
    share_route_analysis()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # pytest-xdist workers start with COLUMNS=80 and LINES set; a console created at import
        # (cli.context) would fix its width from them and wrap the tables CLI tests read.
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)
    accounts_service._dummy_hash.cache_clear()


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
    """Creates throw-away databases on the PostgreSQL server and drops them afterwards.

    The first call migrates a template database; every database after that is a copy of it.
    Drops happen on a thread of their own: ``DROP DATABASE`` waits for a checkpoint, which the
    next test need not wait for. The session's end waits for all of them.
    """

    def __init__(self) -> None:
        self.admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.template: str | None = None
        self._doomed: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._failures: list[str] = []
        self._dropper = threading.Thread(
            target=self._drop_queued, name="drop-test-databases", daemon=True
        )
        self._dropper.start()

    def _url(self, name: str) -> str:
        return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def create(self) -> str:
        """A new, migrated database (no connection may be open to the template meanwhile)."""
        if self.template is None:
            template = f"workshops_template_{uuid.uuid4().hex[:12]}"
            self._execute(f'CREATE DATABASE "{template}"')
            self.template = template
            upgrade(self._url(template))  # disposes its engine: nothing stays connected
            self._grant_service_role(template)  # copied into every database made from it
        name = f"workshops_test_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._url(name)

    def copy(self, url: str) -> str:
        """A new database holding what ``url``'s holds (nothing may be connected to it)."""
        name = f"workshops_test_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"')
        return self._url(name)

    def _grant_service_role(self, database: str) -> None:
        # The role is cluster-wide: created once (another worker may have just done it).
        self._execute(
            f"DO $$ BEGIN CREATE ROLE {SERVICE_ROLE} LOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
        owner = create_engine(self._url(database))
        try:
            with owner.begin() as conn:
                grant_service_role(conn, SERVICE_ROLE)
        finally:
            owner.dispose()

    def drop(self, url: str) -> None:
        """Drop the database soon (connections still open to it are closed by force); at once
        once the session's drops are over: a fixture set up before this one (the demo's
        templates, which first ask for PostgreSQL in a test) is torn down after it."""
        name = make_url(url).database
        if self._dropper.is_alive():
            self._doomed.put(name)
        elif name is not None:
            self._drop_now(name)
            if self._failures:
                pytest.fail("could not drop test databases: " + "; ".join(self._failures))

    def _drop_queued(self) -> None:
        # Drops waiting together run together: concurrent checkpoint requests share checkpoints.
        with ThreadPoolExecutor(max_workers=8) as pool:
            while True:
                batch = [self._doomed.get()]
                while not self._doomed.empty():
                    batch.append(self._doomed.get())
                names = [name for name in batch if name is not None]
                list(pool.map(self._drop_now, names))
                if len(names) < len(batch):
                    return

    def _drop_now(self, name: str) -> None:
        try:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as err:  # reported when the session closes
            self._failures.append(f"{name}: {err}")

    def close(self) -> None:
        """Drop the template and wait until every database is gone."""
        if self.template is not None:
            self._doomed.put(self.template)
        self._doomed.put(None)
        self._dropper.join()
        self.admin.dispose()
        if self._failures:
            pytest.fail("could not drop test databases: " + "; ".join(self._failures))


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    reason = _postgres_unavailable()
    if reason is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"WORKSHOPS_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    databases = PostgresDatabases()
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, checkpointed so that the file alone holds the whole schema."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def new_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A freshly migrated database of `backend` (a copy of the template), removed afterwards."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = folder / f"{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.create()
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One migrated database per backend for the whole run."""
    yield from new_database(request.param, request, tmp_path_factory.mktemp("db"))


def as_service_role(url: str) -> str:
    """The same PostgreSQL database, connected as ``SERVICE_ROLE`` (SQLite URLs unchanged)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    return parsed.set(username=SERVICE_ROLE, password=None).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(as_service_role(database_url))  # the app's rights, not the owner's
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


@pytest.fixture
def pudong_pack(monkeypatch: pytest.MonkeyPatch) -> str:
    """A district pack named by 浦东新区总工会 for this test only (``tests/district_pack.py``): a
    second district's titles with Yangpu's oversight; its scheme code."""
    return district_pack.register_for(monkeypatch)
