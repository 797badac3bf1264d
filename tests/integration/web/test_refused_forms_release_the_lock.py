"""A refused form answers 422 at once, and other users' pages load meanwhile (issue 15 §1).

The service runs on its own engine (a real SQLite file, a real PostgreSQL database): every
request has connections of its own, as in production. While a refused page is being rendered
again, a second user loads a page; on SQLite that load would wait on the write lock (and then
fail) if the refused transaction were still open.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

import api.web.core as web_core
from api.app import create_app
from lifecycle.actors import Actor
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests.factories import AS_OF, OFFICER, named_designation, union_tree, user
from tests.integration.web.conftest import CSRF, NOW, csrf_of


@dataclass
class Service:
    app: Any
    designation_id: int
    accounts: dict[str, tuple[str, str]]
    probes: list[int] = field(default_factory=list)

    def login(self, who: str) -> TestClient:
        browser = TestClient(self.app, follow_redirects=False)
        page = browser.get("/login")
        token = CSRF.search(page.text)
        assert token is not None
        username, password = self.accounts[who]
        data = {"csrf_token": token.group(1), "username": username, "password": password}
        assert browser.post("/login", data=data).status_code == 303
        return browser


@pytest.fixture
def service(fresh_database_url: str, tmp_path: Path) -> Iterator[Service]:
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        tree = union_tree(uow)
        d = named_designation(uow, tree)
        accounts = {}
        for who, role, union in (
            ("district", Role.DISTRICT_OFFICER, tree.district),
            ("finance", Role.FINANCE, tree.district),
            ("unit", Role.UNIT_CONTACT, tree.unit),
        ):
            principal, password = user(uow, role, union.id)
            accounts[who] = (principal.username, password)
        spent = RecordExpenditure(
            d.id, AS_OF, "800.00", "某旅行社", ExpenditureCategory.TRAVEL, "差旅", "R-1"
        )
        # a finding to resolve
        record_expenditure(uow, spent, actor=OFFICER, as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
        designation_id = d.id
    engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    app = create_app(settings, clock=lambda: NOW)
    with TestClient(app):  # runs the lifespan: the app's own engine and pool
        yield Service(app, designation_id, accounts)


def _probe_during_refusals(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whenever a refused page (422) is about to be rendered, a second user loads a page."""
    other = service.login("district")
    respond = web_core.TEMPLATES.TemplateResponse

    def rendering(request: Any, name: str, context: Any, **kw: Any) -> Any:
        if kw.get("status_code") == 422:
            service.probes.append(other.get("/dashboard").status_code)
        return respond(request, name, context, **kw)

    monkeypatch.setattr(web_core.TEMPLATES, "TemplateResponse", rendering)


def _refused(response: Any, service: Service, *expected: str) -> None:
    assert response.status_code == 422, response.text[:500]
    for text in expected:
        assert text in response.text
    assert service.probes[-1] == 200  # the second user's page loaded meanwhile


def test_refused_forms_answer_422_while_another_user_works(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    _probe_during_refusals(service, monkeypatch)
    d = service.designation_id
    officer = service.login("district")
    form = officer.get(f"/designations/{d}/inspections/new")
    response = officer.post(
        f"/designations/{d}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "",  # refused by the service: 检查地点 is required
            "inspectors": "王干事、李干事",
        },
    )
    _refused(response, service, "检查地点", "王干事、李干事")

    finance = service.login("finance")
    ledger = finance.get(f"/finance/designations/{d}")
    response = finance.post(
        f"/finance/designations/{d}/grants",
        data={
            "csrf_token": csrf_of(ledger.text),
            "kind": "one_off",
            "approval_ref": "杨工〔2026〕5号",
            "approved_on": "2026-03-01",
            "amount_yuan": "一万元",  # not an amount
        },
    )
    _refused(response, service, "杨工〔2026〕5号", 'aria-invalid="true"')

    summary = finance.get("/finance")
    finding = summary.text.split("/finance/findings/", 1)[1].split("/", 1)[0]
    response = finance.post(
        f"/finance/findings/{finding}/resolve",
        data={
            "csrf_token": csrf_of(summary.text),
            "resolved_on": "2026-11-20",
            "outcome": "explained",
            "note": "",  # a resolution needs its note
        },
    )
    _refused(response, service)

    unit = service.login("unit")
    ledger = unit.get(f"/finance/designations/{d}")
    response = unit.post(
        f"/finance/designations/{d}/import",
        data={"csrf_token": csrf_of(ledger.text, f"/finance/designations/{d}/import")},
        files={"file": ("支出.xlsx", b"not a workbook", "application/octet-stream")},
    )
    _refused(response, service)

    page = unit.get(f"/designations/{d}/ledger/project/new")
    response = unit.post(
        f"/designations/{d}/ledger/project",
        data={"csrf_token": csrf_of(page.text), "year": "2026", "title": "", "work_plan": "计划甲"},
    )
    _refused(response, service, "项目名称", "计划甲")
    assert len(service.probes) == 5


def test_a_page_is_never_rendered_inside_a_users_open_write(
    service: Service,
) -> None:
    """The guard that keeps new pages from reintroducing the freeze: rendering is refused."""
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "app": service.app}
    request = Request(scope)
    with (
        web_core.unit_of_work(request, Actor(name="某用户")),
        pytest.raises(RuntimeError, match="open write transaction"),
    ):
        web_core.render(request, "error.html", {"title": "", "message": "", "status": 422})
    assert (
        web_core.render(
            request, "error.html", {"title": "出错了", "message": "", "status": 422}
        ).status_code
        == 200
    )
