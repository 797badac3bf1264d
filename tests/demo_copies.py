"""The demo, loaded once per worker, backend and day, then copied for every test that needs it.

Loading the demo through the services takes 4–7 s a time and some fifty tests start from it.
Each worker loads it once per backend and ``as_of`` into a database of its own (a copy of the
migrated template) and every test gets a copy of that: a file copy on SQLite, ``CREATE DATABASE
… TEMPLATE`` on PostgreSQL, with the demo's stored files copied beside it. A copy holds exactly
what a fresh load would write. ``tests/integration/test_demo.py`` still loads it for real: it
tests the loader (a second load, an interrupted load, progress).
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import load_demo
from lifecycle.files.storage import FileStorage
from lifecycle.uow import UnitOfWork
from tests.conftest import BACKENDS, PostgresDatabases, as_service_role, new_database

AS_OF = date(2026, 11, 21)


@dataclass(frozen=True)
class DemoCopy:
    """A database holding the demo loaded on ``as_of`` and the folder of its stored files."""

    url: str
    files: Path
    as_of: date


class DemoTemplates:
    """The demo databases this worker loaded, one per backend and day; dropped at the end."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self._request = request
        self._folder = folder
        self._made: dict[tuple[str, date], DemoCopy] = {}
        self._cleanups: list[Iterator[str]] = []

    def template(self, backend: str, as_of: date) -> DemoCopy:
        key = (backend, as_of)
        if key not in self._made:
            made = new_database(backend, self._request, self._folder)
            self._cleanups.append(made)
            url = next(made)
            files = self._folder / f"files-{backend}-{as_of.isoformat()}"
            _load(url, files, as_of)
            if backend == "sqlite":
                with sqlite3.connect(make_url(url).database or "") as conn:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.close()
            self._made[key] = DemoCopy(url, files, as_of)
        return self._made[key]

    def close(self) -> None:
        for made in self._cleanups:
            next(made, None)  # runs new_database's clean-up (PostgreSQL: drops the template)


def _load(url: str, files: Path, as_of: date) -> None:
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        load_demo(lambda: UnitOfWork(sessions), as_of=as_of, storage=FileStorage(files))
    finally:
        engine.dispose()  # nothing may stay connected to a PostgreSQL template


@pytest.fixture(scope="session")
def demo_templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoTemplates]:
    templates = DemoTemplates(request, tmp_path_factory.mktemp("demo-templates"))
    yield templates
    templates.close()


def demo_database(
    backend: str, request: pytest.FixtureRequest, folder: Path, as_of: date = AS_OF
) -> Iterator[DemoCopy]:
    """A database of its own holding the demo loaded on ``as_of``, removed afterwards."""
    templates: DemoTemplates = request.getfixturevalue("demo_templates")
    template = templates.template(backend, as_of)
    files = folder / "files"  # where the served tests point WORKSHOPS_FILES_DIR
    if template.files.exists():
        shutil.copytree(template.files, files, dirs_exist_ok=True)
    else:
        files.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        path = folder / f"demo-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(make_url(template.url).database or "", path)
        yield DemoCopy(f"sqlite:///{path}", files, as_of)
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.copy(template.url)
    try:
        yield DemoCopy(url, files, as_of)
    finally:
        databases.drop(url)


@pytest.fixture(params=BACKENDS)
def demo_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DemoCopy]:
    """A database of its own holding the demo loaded on ``AS_OF`` (2026-11-21)."""
    yield from demo_database(request.param, request, tmp_path)


@pytest.fixture(params=BACKENDS)
def demo_today(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DemoCopy]:
    """A database of its own holding the demo loaded on today's date in Shanghai, as
    ``workshops demo`` loads it (the browser tests serve it with the real clock)."""
    yield from demo_database(request.param, request, tmp_path, as_of=today_shanghai())


@pytest.fixture
def demo_uow(demo_copy: DemoCopy) -> Iterator[Callable[[], UnitOfWork]]:
    """Units of work on a copy of the demo, with the service's rights (they commit for real)."""
    engine = make_engine(as_service_role(demo_copy.url))
    sessions = make_session_factory(engine)
    try:
        yield lambda: UnitOfWork(sessions)
    finally:
        engine.dispose()
