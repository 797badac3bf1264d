"""Read-only units of work, the dashboard following every commit, and read routes of the JSON
API checked and served in one read-only transaction. Everything here commits for real
(fresh databases), as a running service does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select, text
from sqlalchemy.engine import make_url

from api.app import create_app
from lifecycle.accounts.model import ApiToken
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import issue_token, revoke_api_token
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.model import Designation
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.occasions import index
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.uow import UnitOfWork
from lifecycle.views.dashboard import dashboard
from lifecycle.vocab import Role, UnionLevel
from tests import factories as f
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)
NOW = datetime.combine(AS_OF, time(10, 0), tzinfo=SHANGHAI)


@dataclass
class Registry:
    url: str
    engine: Engine
    district: int


@pytest.fixture
def registry(demo_copy: DemoCopy) -> Iterator[Registry]:
    """The demo registry with its occasion index built, committed."""
    engine = make_engine(demo_copy.url)
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as u:
        index.build(u, AS_OF, NOW.astimezone(UTC))
        district = u.session.scalars(
            select(Union.id).where(Union.level == UnionLevel.DISTRICT).order_by(Union.id)
        ).first()
        assert district is not None
        u.commit()
    try:
        yield Registry(demo_copy.url, engine, district)
    finally:
        engine.dispose()


def _board(engine: Engine, union_id: int, *, read_only: bool):
    with UnitOfWork(make_session_factory(engine), read_only=read_only) as u:
        return dashboard(u, union_id, AS_OF, scope=EVERYTHING, items=500)


def _file_a_self_check(engine: Engine, tmp_path, board) -> None:
    """Fulfil one self-check filing the dashboard lists (it leaves the lists and the counts)."""
    owed = next(
        o
        for o in [*board.overdue, *board.due_this_month, *board.my_step]
        if o.key.startswith("self_check_filing:")
    )
    _, designation_id, year = owed.key.split(":")
    with UnitOfWork(make_session_factory(engine)) as u:
        file_yearly(
            u,
            FileStorage(tmp_path),
            FileYearly(
                int(designation_id),
                int(year),
                FilingKind.SELF_CHECK,
                AS_OF,
                Upload("自查.pdf", b"%PDF-1.4 self check"),
            ),
            actor=f.unit_filer(u, int(designation_id)),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        u.commit()


def test_a_read_only_unit_takes_no_write_lock_and_refuses_changes(fresh_database_url):
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory, read_only=True) as reader:
            reader.session.execute(text("SELECT 1")).scalar()
            if engine.dialect.name == "sqlite":
                # A writer elsewhere gets the write lock at once while the reader is open.
                raw = sqlite3.connect(make_url(fresh_database_url).database or "", timeout=0)
                raw.execute("BEGIN IMMEDIATE")
                raw.rollback()
                raw.close()
            reader.session.add(Union(name="只读", level=UnionLevel.CITY, path="/x/"))
            with pytest.raises(RuntimeError, match="read-only"):
                reader.commit()
        with UnitOfWork(factory) as u:
            assert u.session.scalars(select(Union).where(Union.name == "只读")).first() is None
    finally:
        engine.dispose()


def test_the_dashboard_follows_every_commit_of_any_instance(registry, tmp_path):
    first = _board(registry.engine, registry.district, read_only=True)
    assert first == _board(registry.engine, registry.district, read_only=False)
    # A change committed by another service instance (an engine of its own) ...
    other = make_engine(registry.url)
    try:
        _file_a_self_check(other, tmp_path, first)
    finally:
        other.dispose()
    after = _board(registry.engine, registry.district, read_only=True)
    fresh = _board(registry.engine, registry.district, read_only=False)
    assert after == fresh
    assert after != first
    # ... and one committed through this instance's own pool.
    _file_a_self_check(registry.engine, tmp_path, after)
    latest = _board(registry.engine, registry.district, read_only=True)
    assert latest == _board(registry.engine, registry.district, read_only=False)
    assert latest != after


@dataclass
class Service:
    client: TestClient
    registry: Registry
    tokens: dict[str, str]
    principals: dict[str, Principal]

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def service(registry, tmp_path) -> Iterator[Service]:
    """The app on the registry, and bearer tokens of its district officer and of another one."""
    factory = make_session_factory(registry.engine)
    with UnitOfWork(factory) as u:
        own, _ = f.user(u, Role.DISTRICT_OFFICER, registry.district)
        # A district outside the registry's tree (a city of a region of its own: one per region).
        city = create_union(u, NewUnion("外省市总工会", UnionLevel.CITY, region_code="elsewhere"))
        other = create_union(u, NewUnion("外省某区总工会", UnionLevel.DISTRICT, city.id))
        stranger, _ = f.user(u, Role.DISTRICT_OFFICER, other.id)
        principals = {"own": own, "stranger": stranger}
        tokens = {who: issue_token(u, p, "看板", NOW).plaintext for who, p in principals.items()}
        u.commit()
    settings = Settings(
        database_url=registry.url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    with TestClient(create_app(settings, clock=lambda: NOW)) as client:
        yield Service(client, registry, tokens, principals)


def _stamps(engine: Engine, principal: Principal) -> list[datetime | None]:
    with UnitOfWork(make_session_factory(engine)) as u:
        stmt = select(ApiToken.last_used_at).where(ApiToken.user_id == principal.user_id)
        return list(u.session.scalars(stmt))


def test_read_routes_are_one_transaction_and_access_stays_immediate(service):
    client = service.client
    engine = client.app.state.session_factory.kw["bind"]
    dashboard_url = f"/api/v1/dashboard?union_id={service.registry.district}"
    with UnitOfWork(make_session_factory(engine)) as u:
        designation = u.session.scalars(select(Designation.id).order_by(Designation.id)).first()
    designation_url = f"/api/v1/designations/{designation}"
    # The first use stamps the token, in a writing unit of its own.
    assert _stamps(engine, service.principals["own"]) == [None]
    assert client.get(dashboard_url, headers=service.bearer("own")).status_code == 200
    assert _stamps(engine, service.principals["own"]) == [NOW.astimezone(UTC)]
    begins: list[object] = []

    def count(conn: object) -> None:
        begins.append(conn)

    event.listen(engine, "begin", count)
    try:
        answers = {}
        for url in (dashboard_url, designation_url):
            begins.clear()
            got = client.get(url, headers=service.bearer("own"))
            assert got.status_code == 200, got.text
            assert len(begins) == 1, url  # the token check and the reads: one transaction
            answers[url] = got.content
    finally:
        event.remove(engine, "begin", count)
    body = client.get(dashboard_url, headers=service.bearer("own")).json()
    assert body["overdue_total"] + body["due_this_month_total"] + body["my_step_total"] > 0
    # Scope is checked on every request: another district sees nothing.
    assert client.get(dashboard_url, headers=service.bearer("stranger")).status_code == 404
    assert client.get(designation_url, headers=service.bearer("stranger")).status_code == 404
    # A change committed by another service instance shows at once.
    other = make_engine(service.registry.url)
    try:
        with other.begin() as conn:
            conn.execute(
                text("UPDATE designations SET title = :t WHERE id = :id"),
                {"t": "改名后的工作室", "id": designation},
            )
        got = client.get(designation_url, headers=service.bearer("own"))
        assert got.json()["title"] == "改名后的工作室"
        # A revoked token stops working at once, revoked by another instance too.
        own = service.principals["own"]
        with UnitOfWork(make_session_factory(other)) as u:
            token_id = u.accounts.tokens_of(own.user_id)[0].id
            revoke_api_token(u, own, token_id, NOW.astimezone(UTC))
            u.commit()
    finally:
        other.dispose()
    assert client.get(dashboard_url, headers=service.bearer("own")).status_code == 401
    assert client.get(designation_url, headers=service.bearer("own")).status_code == 401
    # Stamps move on once the interval has passed.
    assert client.get(dashboard_url, headers=service.bearer("stranger")).status_code == 404
    later = NOW + timedelta(minutes=30)
    client.app.state.clock = lambda: later
    assert client.get(dashboard_url, headers=service.bearer("stranger")).status_code == 404
    assert _stamps(engine, service.principals["stranger"]) == [later.astimezone(UTC)]
