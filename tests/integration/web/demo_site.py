"""The service on a database holding the demo (occasion index built), and demo-user browsers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import load_demo
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.files.storage import FileStorage
from lifecycle.occasions import index
from lifecycle.uow import UnitOfWork
from tests.conftest import BACKENDS, new_database
from tests.integration.web.conftest import log_in

AS_OF = date(2026, 11, 21)
NOW = datetime.combine(AS_OF, time(9, 30), tzinfo=SHANGHAI)
ROLES = ("admin", "city", "yangpu", "finance", "unit")


@dataclass
class DemoSite:
    client: TestClient
    sessions: sessionmaker[Session]

    def browser(self) -> TestClient:
        return TestClient(self.client.app, follow_redirects=False)

    def login(self, username: str) -> TestClient:
        return log_in(self.browser(), username, DEMO_PASSWORD)


@contextmanager
def demo_site(database_url: str, files: Path, as_of: date = AS_OF) -> Iterator[DemoSite]:
    """Load the demo on ``as_of``, build the occasion index, serve it with the clock at 09:30
    that day (``NOW`` for ``AS_OF``)."""
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    now = datetime.combine(as_of, NOW.timetz())
    try:
        storage = FileStorage(files)
        load_demo(lambda: UnitOfWork(sessions), as_of=as_of, storage=storage)
        with UnitOfWork(sessions) as uow:
            index.build(uow, as_of, now)
            uow.commit()
        settings = Settings(
            database_url=database_url, files_dir=files, base_url="http://testserver"
        )
        app = create_app(settings, clock=lambda: now)
        with TestClient(app, follow_redirects=False) as client:
            yield DemoSite(client, sessions)
    finally:
        engine.dispose()


@pytest.fixture(name="demo", scope="module", params=BACKENDS)
def demo_fixture(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The demo served once per module and backend, for tests that only read and log in."""
    folder = tmp_path_factory.mktemp("demo")
    for url in new_database(request.param, request, folder):
        with demo_site(url, folder / "files") as site:
            yield site
