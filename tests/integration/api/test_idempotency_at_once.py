"""Two identical API requests with one ``Idempotency-Key`` at the same moment (a client retrying
before the first answer came) record one expenditure on both databases: both pass the replay
check before either has written, and the key's unique index decides which one writes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import api.idempotency as idempotency
from api.app import create_app
from lifecycle.accounts.service import issue_token
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.model import Expenditure
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.test_concurrent_writes import NOW, at_once


class Service:
    def __init__(self, url: str, app: Any, designation_id: int, token: str) -> None:
        self.url, self.app, self.designation_id, self.token = url, app, designation_id, token

    def spent(self) -> int:
        engine = make_engine(self.url)
        try:
            with UnitOfWork(make_session_factory(engine)) as u:
                return int(u.session.scalar(select(func.count()).select_from(Expenditure)) or 0)
        finally:
            engine.dispose()


@pytest.fixture
def service(fresh_database_url: str, tmp_path: Path) -> Iterator[Service]:
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            designation = f.named_designation(u, tree)
            principal, _ = f.user(u, Role.UNIT_CONTACT, tree.unit.id)
            token = issue_token(u, principal, "测试", NOW).plaintext
            u.commit()
            designation_id = designation.id
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    app = create_app(settings, clock=lambda: NOW)
    with TestClient(app):  # the app's own engine and pool, as in production
        yield Service(fresh_database_url, app, designation_id, token)


def test_two_identical_requests_at_once_record_one_expenditure(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = TestClient(service.app)
    path = f"/api/v1/designations/{service.designation_id}/expenditures"
    headers = {"Authorization": f"Bearer {service.token}", "Idempotency-Key": "spend-356-80"}
    body = {
        "spent_on": "2026-10-08",
        "amount_yuan": "356.80",
        "payee": "上海书城",
        "category": "books",
        "description": "数控技术参考书",
    }
    # Both requests are past the replay check (nothing written yet) before either goes on.
    checked = threading.Barrier(2)
    earlier = idempotency._earlier

    def both_checked(*args: Any) -> None:
        earlier(*args)
        checked.wait(timeout=60)

    monkeypatch.setattr(idempotency, "_earlier", both_checked)
    before = service.spent()
    answers = at_once([lambda: client.post(path, headers=headers, json=body)] * 2)
    assert not [a for a in answers if isinstance(a, Exception)], answers
    codes = sorted(a.status_code for a in answers)
    assert codes == [201, 409], [a.text[:300] for a in answers]
    lost = next(a for a in answers if a.status_code == 409).json()["error"]
    assert (lost["code"], lost["field"]) == ("idempotency_key_in_use", "Idempotency-Key")
    assert service.spent() == before + 1
    # Sent once more, the request gets the first answer and writes nothing.
    monkeypatch.setattr(idempotency, "_earlier", earlier)
    won = next(a for a in answers if a.status_code == 201)
    again = client.post(path, headers=headers, json=body)
    assert (again.status_code, again.json()) == (201, won.json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert service.spent() == before + 1
