"""Two identical posts of one rendered form at the same moment (a double click, a retried
request racing the first) record one expenditure on both databases: both pass the replay check
before either has written, and the form's unique key decides which one writes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import api.web.auth as web_auth
from api.app import create_app
from lifecycle.audit.model import AuditEntry
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.model import Expenditure
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.test_concurrent_writes import NOW, at_once
from tests.integration.web.conftest import csrf_of, log_in
from tests.integration.web.test_form_replays import NOTICE, key_of


class Service:
    def __init__(self, url: str, app: Any, designation_id: int, login: tuple[str, str]) -> None:
        self.url, self.app, self.designation_id, self.login = url, app, designation_id, login

    def written(self) -> tuple[int, int]:
        engine = make_engine(self.url)
        try:
            with UnitOfWork(make_session_factory(engine)) as u:
                return tuple(  # type: ignore[return-value]
                    int(u.session.scalar(select(func.count()).select_from(m)) or 0)
                    for m in (Expenditure, AuditEntry)
                )
        finally:
            engine.dispose()


@pytest.fixture
def service(fresh_database_url: str, tmp_path: Path) -> Iterator[Service]:
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            designation = f.named_designation(u, tree)
            principal, password = f.user(u, Role.UNIT_CONTACT, tree.unit.id)
            u.commit()
            ids = (designation.id, principal.username, password)
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    app = create_app(settings, clock=lambda: NOW)
    with TestClient(app):  # the app's own engine and pool, as in production
        yield Service(fresh_database_url, app, ids[0], (ids[1], ids[2]))


def test_two_identical_posts_at_once_record_one_expenditure(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = log_in(TestClient(service.app, follow_redirects=False), *service.login)
    twin = TestClient(service.app, follow_redirects=False, cookies=browser.cookies)
    d = service.designation_id
    action = f"/finance/designations/{d}/expenditures"
    ledger = browser.get(f"/finance/designations/{d}").text
    data = {
        "csrf_token": csrf_of(ledger, action),
        "form_key": key_of(ledger, action),
        "category": "books",
        "spent_on": "2026-10-08",
        "amount_yuan": "356.80",
        "payee": "上海书城",
        "description": "数控技术参考书",
        "receipt_ref": "FP-2026-88",
    }
    # Both posts are past the replay check (nothing written yet) before either goes on.
    checked = threading.Barrier(2)
    note_key = web_auth.note_key

    def both_checked(*args: Any) -> None:
        note_key(*args)
        checked.wait(timeout=60)

    monkeypatch.setattr(web_auth, "note_key", both_checked)
    before = service.written()
    answers = at_once(
        [lambda: browser.post(action, data=data), lambda: twin.post(action, data=data)]
    )
    assert not [a for a in answers if isinstance(a, Exception)], answers
    assert sorted(a.status_code for a in answers) == [200, 303], [a.text[:300] for a in answers]
    assert NOTICE in next(a for a in answers if a.status_code == 200).text
    spent, audited = service.written()
    assert spent == before[0] + 1
    assert audited > before[1]
