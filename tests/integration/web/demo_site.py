"""The service on a database holding the demo (occasion index built), and demo-user browsers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.occasions import index
from lifecycle.uow import UnitOfWork
from tests.conftest import BACKENDS
from tests.demo_copies import AS_OF, DemoCopy, demo_database
from tests.integration.web.conftest import log_in

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
def demo_site(demo: DemoCopy) -> Iterator[DemoSite]:
    """Serve a copy of the demo (``tests/demo_copies.py``) with its occasion index built and the
    clock at 09:30 on its day (``NOW`` for ``AS_OF``)."""
    engine = make_engine(demo.url)
    sessions = make_session_factory(engine)
    now = datetime.combine(demo.as_of, NOW.timetz())
    try:
        with UnitOfWork(sessions) as uow:
            index.build(uow, demo.as_of, now)
            uow.commit()
        settings = Settings(
            database_url=demo.url, files_dir=demo.files, base_url="http://testserver"
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
    for copy in demo_database(request.param, request, folder):
        with demo_site(copy) as site:
            yield site
