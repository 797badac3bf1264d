"""Logins at the same moment from one address (an office behind one NAT): different users each log
in; guesses at one name in parallel take turns, so the back-off stops them as it stops guesses one
after another. Everything commits for real (fresh databases), through the login page and the API.

Before, the hash gate let one password check run per client address and refused the others at
once: of six users logging in together from 127.0.0.1 one got in, the rest read
「上一次登录尚未完成，请稍后再试」.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lifecycle.accounts.throttle import FREE_FAILURES
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.test_concurrent_writes import NOW, at_once
from tests.integration.web.conftest import CSRF


@pytest.fixture
def accounts(fresh_database_url: str, tmp_path: Path) -> tuple[Settings, dict[str, str], str]:
    """Three users of a union tree (unit, yangpu, city), their names and the one password."""
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            names = {}
            for who, role, union in (
                ("unit", Role.UNIT_CONTACT, tree.unit),
                ("yangpu", Role.DISTRICT_OFFICER, tree.district),
                ("city", Role.CITY_OFFICER, tree.city),
            ):
                principal, password = f.user(u, role, union.id)
                names[who] = principal.username
            u.commit()
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    return settings, names, password


def test_six_logins_at_once_from_one_address_all_get_in(accounts) -> None:
    settings, names, password = accounts
    app = create_app(settings, clock=lambda: NOW)
    who = ["unit", "unit", "unit", "yangpu", "yangpu", "city"]
    with TestClient(app) as api:
        browsers = [TestClient(app, follow_redirects=False) for _ in who]
        forms = []
        for browser in browsers:
            token = CSRF.search(browser.get("/login").text)
            assert token is not None
            forms.append(token.group(1))

        def page_login(k: int):
            data = {
                "csrf_token": forms[k],
                "username": names[who[k]],
                "password": password,
                "next": "/dashboard",
            }
            return lambda: browsers[k].post("/login", data=data).status_code

        def api_login(k: int):
            body = {"username": names[who[k]], "password": password}
            return lambda: api.post("/api/v1/auth/tokens", json=body).status_code

        assert at_once([page_login(k) for k in range(len(who))]) == [303] * 6
        assert at_once([api_login(k) for k in range(len(who))]) == [201] * 6
        for browser in browsers:
            assert browser.get("/dashboard").status_code == 200  # each holds its own session


def test_guesses_at_one_name_in_parallel_stop_at_the_free_failures(accounts) -> None:
    settings, names, password = accounts
    app = create_app(settings, clock=lambda: NOW)
    with TestClient(app) as api:

        def guess(n: int):
            body = {"username": names["yangpu"], "password": f"wrong-password-{n}"}
            return lambda: api.post("/api/v1/auth/tokens", json=body).status_code

        answers = at_once([guess(n) for n in range(FREE_FAILURES + 7)])
        # One at a time: the free failures are checked (401), every later guess is throttled
        # before its hash (429), as if they had come one after another.
        assert sorted(answers) == [401] * FREE_FAILURES + [429] * 7
        right = {"username": names["yangpu"], "password": password}
        assert api.post("/api/v1/auth/tokens", json=right).status_code == 429
        other = {"username": names["unit"], "password": password}
        assert api.post("/api/v1/auth/tokens", json=other).status_code == 201
