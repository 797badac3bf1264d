"""A served instance under a burst of requests and beside a writer. Everything here commits for
real (fresh databases) and talks to the service over HTTP, as its users' browsers and scripts do.

- A burst of concurrent API requests well beyond the connection pool (40) is answered in full:
  a request queued for a thread holds no connection, so the threads never all wait for
  connections the queued requests hold (before, 120 at once stood the service still until the
  pool's 30-second timeout refused them: 503).
- A page view and the API's reads take no write lock: while another process holds the
  database's write lock (SQLite) or an exclusive table lock (PostgreSQL), they are answered at
  once instead of waiting out the lock (busy timeout: 30 s).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.app import create_app
from lifecycle.accounts.service import issue_token
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory, normalise_url
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import log_in

AS_OF = date(2026, 11, 21)
NOW = datetime.combine(AS_OF, time(10, 0), tzinfo=SHANGHAI)
BURST = 120  # concurrent requests: three times the pool's 40 connections


@dataclass
class Instance:
    url: str
    settings: Settings
    token: str
    username: str
    password: str
    district: int
    designation: int


@pytest.fixture
def instance(fresh_database_url: str, tmp_path: Path) -> Instance:
    """A committed registry: a district with a named title, its officer with an API token."""
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            designation = f.named_designation(u, tree)
            officer, password = f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
            token = issue_token(u, officer, "压力", NOW.astimezone(UTC)).plaintext
            u.commit()
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url,
        files_dir=tmp_path / "files",
        base_url="http://testserver",
    )
    return Instance(
        fresh_database_url,
        settings,
        token,
        officer.username,
        password,
        tree.district.id,
        designation.id,
    )


@contextmanager
def served(settings: Settings) -> Iterator[str]:
    """The app under uvicorn on a free port in this process; its base URL."""
    config = uvicorn.Config(
        create_app(settings, clock=lambda: NOW), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive(), "the server did not start"
            threading.Event().wait(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def test_a_burst_of_requests_beyond_the_connection_pool_is_answered_in_full(
    instance: Instance,
) -> None:
    with served(instance.settings) as base:
        routes = [
            f"{base}/api/v1/designations",  # the request's read-only unit (ReaderDep)
            f"{base}/api/v1/dashboard?union_id={instance.district}",
            f"{base}/api/v1/designations/{instance.designation}/history",
        ]
        urls = [routes[i % len(routes)] for i in range(BURST)]
        with ThreadPoolExecutor(BURST) as pool:
            answers = list(pool.map(lambda url: _get(url, instance.token), urls))
        statuses = [status for status, _ in answers]
        assert statuses == [200] * BURST, sorted(set(statuses))
        totals = {
            json.loads(body)["total"]
            for (_, body), url in zip(answers, urls, strict=True)
            if url == routes[0]
        }
        assert len(totals) == 1  # every page the same
        assert totals.pop() >= 1  # the district's title on it
        # Afterwards the service answers at once, every connection given back.
        assert _get(routes[0], instance.token)[0] == 200


@contextmanager
def write_locked(url: str) -> Iterator[None]:
    """Another process's writer: SQLite's write lock, or an exclusive lock on every table a
    request reads on PostgreSQL (reads go on, writes wait)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        held = sqlite3.connect(parsed.database, isolation_level=None)
        try:
            held.execute("BEGIN IMMEDIATE")
            held.execute("UPDATE unions SET name = name WHERE id = -1")
            yield
        finally:
            held.execute("ROLLBACK")
            held.close()
        return
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("LOCK TABLE web_sessions, users, api_tokens IN EXCLUSIVE MODE"))
            yield
    finally:
        engine.dispose()


def test_page_views_and_api_reads_wait_for_no_writer(instance: Instance) -> None:
    with TestClient(create_app(instance.settings, clock=lambda: NOW)) as browser:
        log_in(browser, instance.username, instance.password)
        bearer = {"Authorization": f"Bearer {instance.token}"}
        # The token's first use stamps it (a write); later uses within the interval only read.
        assert browser.get("/api/v1/unions", headers=bearer).status_code == 200
        with write_locked(instance.url):
            page = browser.get("/dashboard")
            assert page.status_code == 200, page.text
            assert "工作台" in page.text or "待办" in page.text
            history = browser.get(f"/designations/{instance.designation}")
            assert history.status_code == 200
            for path in (
                "/api/v1/unions",
                f"/api/v1/designations/{instance.designation}/history",
                f"/api/v1/designations/{instance.designation}/filings",
                f"/api/v1/unions/{instance.district}/contacts",
            ):
                answer = browser.get(path, headers=bearer)
                assert answer.status_code == 200, (path, answer.text)
