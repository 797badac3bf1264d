"""The app on the test database (one rolled-back transaction per test) and browser-like clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.model import Designation
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests.conftest import BACKENDS, as_service_role, new_database, share_openapi
from tests.factories import AS_OF, Tree, named_designation, union_tree, user

NOW = datetime.combine(AS_OF, time(10, 0), tzinfo=SHANGHAI)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    """The app under test, its data and a way to open units of work on the same transaction."""

    app_client: TestClient
    tree: Tree
    designation: Designation
    passwords: dict[str, str]
    usernames: dict[str, str]
    factory: object

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.factory)  # type: ignore[arg-type]

    def client(self, base_url: str = "http://testserver") -> TestClient:
        """A fresh browser (own cookie jar) on the same app."""
        return TestClient(self.app_client.app, base_url=base_url, follow_redirects=False)

    def login(self, who: str, client: TestClient | None = None) -> TestClient:
        """Log ``who`` (district, other, finance, city, admin, unit) in through the login form."""
        return log_in(client or self.client(), self.usernames[who], self.passwords[who])


def log_in(browser: TestClient, username: str, password: str) -> TestClient:
    """Log ``username`` in through the login form, as a browser does; the browser keeps the
    session cookie."""
    page = browser.get("/login")
    token = CSRF.search(page.text)
    assert token is not None
    response = browser.post(
        "/login",
        data={
            "csrf_token": token.group(1),
            "username": username,
            "password": password,
            "next": "/dashboard",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return browser


def csrf_of(html: str, action: str | None = None) -> str:
    """The CSRF token the page's form posting to ``action`` carries (default: its last form)."""
    forms = re.findall(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
    found = [
        m.group(1)
        for act, body in forms
        if action is None or act == action
        for m in [CSRF.search(body)]
        if m is not None
    ]
    assert found, html
    return found[-1]


ROLES = {
    "district": Role.DISTRICT_OFFICER,
    "other": Role.DISTRICT_OFFICER,
    "finance": Role.FINANCE,
    "city": Role.CITY_OFFICER,
    "admin": Role.ADMIN,
    "unit": Role.UNIT_CONTACT,
}


@dataclass(frozen=True)
class SiteWorld:
    """A database holding the union tree, one named title and a user per role, committed once."""

    engine: Engine
    tree: Tree
    designation: Designation
    passwords: dict[str, str]
    usernames: dict[str, str]


def _build(engine: Engine) -> SiteWorld:
    with UnitOfWork(make_session_factory(engine)) as uow:
        tree = union_tree(uow)
        designation = named_designation(uow, tree)
        unions = {
            "district": tree.district,
            "other": tree.other_district,
            "finance": tree.district,
            "city": tree.city,
            "admin": tree.city,
            "unit": tree.unit,
        }
        usernames, passwords = {}, {}
        for who, role in ROLES.items():
            principal, password = user(uow, role, unions[who].id)
            usernames[who], passwords[who] = principal.username, password
        uow.commit()
    return SiteWorld(engine, tree, designation, passwords, usernames)


@pytest.fixture(scope="session", params=BACKENDS)
def site_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SiteWorld]:
    """What every page test starts from, built once per worker and backend in a database of its
    own; each test works inside a transaction on it that is rolled back afterwards, as it did
    when it built them itself."""
    folder = tmp_path_factory.mktemp("site-world")
    made = new_database(request.param, request, folder)
    engine = make_engine(as_service_role(next(made)))
    try:
        yield _build(engine)
    finally:
        engine.dispose()
        next(made, None)  # new_database's clean-up


@pytest.fixture
def site(site_world: SiteWorld, tmp_path: Path) -> Iterator[Site]:
    engine = site_world.engine
    connection = engine.connect()
    outer = connection.begin()
    factory = make_session_factory(connection, join_transaction_mode="create_savepoint")
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        files_dir=tmp_path / "files",
        base_url="http://testserver",
    )
    app = share_openapi(create_app(settings, clock=lambda: NOW))
    world = site_world
    try:
        with TestClient(app, follow_redirects=False) as client:
            app.state.session_factory = factory
            yield Site(
                client,
                world.tree,
                world.designation,
                dict(world.passwords),
                dict(world.usernames),
                factory,
            )
    finally:
        outer.rollback()
        connection.close()


class Moving:
    """The service's clock, moved by the test."""

    def __init__(self) -> None:
        self.at = NOW

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def moving(site: Site, tmp_path: Path) -> Iterator[tuple[TestClient, Moving]]:
    """A browser on the site with its idle limit set to 20 minutes and a clock the test moves."""
    clock = Moving()
    settings = Settings(
        database_url="sqlite://",
        files_dir=tmp_path,
        base_url="http://testserver",
        session_idle_minutes=20,
    )
    app = share_openapi(create_app(settings, clock=clock))
    with TestClient(app, follow_redirects=False) as client:
        app.state.session_factory = site.factory
        yield client, clock
