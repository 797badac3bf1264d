"""Formula injection (issue 16): every Excel export gives user text back as text, never a formula.

The exports are found from the app's routes (an .xlsx path or an .xlsx response), so a new export
that this test does not know fails it until it is added here, checked the same way. Values are
stored through the API, as an attacker would.
"""

from __future__ import annotations

import ast
from io import BytesIO
from pathlib import Path

from fastapi.routing import APIRoute, iter_route_contexts
from openpyxl import load_workbook

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.web.conftest import CSRF

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POISON = '=HYPERLINK("http://x","y")'
ROOT = Path(__file__).resolve().parents[3]


def _exports(api: Api) -> set[tuple[str, bool]]:
    """(path, is a page) of every route answering an .xlsx workbook it writes (a route serving
    an uploaded file under its own type, a workbook among others, returns the uploader's bytes)."""
    found = set()
    for context in iter_route_contexts(api.client.app.routes):  # type: ignore[attr-defined]
        route, path = context.original_route, context.path or ""
        if not isinstance(route, APIRoute) or "GET" not in (context.methods or ()):
            continue
        contents = [r.get("content") or {} for r in route.responses.values()]
        if path.endswith("xlsx") or any(set(c) == {XLSX} for c in contents):
            found.add((path, not path.startswith("/api/")))
    return found


def _poison(api: Api) -> int:
    """Store the value as a payee, a description, a grant's 文号 and a designation title."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    finance = api.callers[Role.FINANCE].headers
    d = api.own.designation
    spent = api.client.post(
        f"/api/v1/designations/{d}/expenditures",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={
            "spent_on": "2026-10-20",
            "amount_yuan": "10.00",
            "payee": POISON,
            "category": "travel",  # a forbidden use: an open finding, so the summary lists it
            "description": POISON,
            "receipt_ref": "+1-FP",
        },
    )
    assert spent.status_code == 201, spent.text
    grant = api.client.post(
        f"/api/v1/grants/{api.own.grant}/correction",
        headers=finance,
        json={"reason": "文号更正", "approval_ref": POISON},
    )
    assert grant.status_code == 200, grant.text
    shop = api.client.post(
        "/api/v1/workshops",
        headers=officer,
        json={
            "name": POISON,
            "host_unit_name": POISON,
            "host_unit_nature": "state_owned",
            "unit_union_id": api.own.unit,
            "founded_on": "2020-01-01",
            "leader_person_id": api.own.person,
        },
    )
    assert shop.status_code == 201, shop.text
    titled = api.client.post(
        "/api/v1/designations/existing",
        headers=officer,
        json={
            "workshop_id": shop.json()["id"],
            "scheme": "yangpu-district",
            "title": POISON,
            "number": "+2026-999",
            "naming_date": "2026-01-05",
            "decision_ref": "=杨工〔2026〕1号",
        },
    )
    assert titled.status_code == 201, titled.text
    spent = api.client.post(
        f"/api/v1/designations/{titled.json()['id']}/expenditures",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={
            "spent_on": "2026-10-21",
            "amount_yuan": "20.00",
            "payee": "@SUM(1+1)*cmd|' /C calc'!A0",
            "category": "travel",  # its open finding puts the title into the summary
            "description": "-2+3",
        },
    )
    assert spent.status_code == 201, spent.text
    return d


def _cells(content: bytes) -> list[tuple[str, object, str]]:
    book = load_workbook(BytesIO(content))
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _page_client(api: Api, role: Role = Role.UNIT_CONTACT):
    browser = api.client.__class__(api.client.app, follow_redirects=False)
    login = browser.get("/login")
    token = CSRF.search(login.text)
    assert token is not None
    caller = api.callers[role]  # by default the role that files expenditures (union template)
    response = browser.post(
        "/login",
        data={
            "csrf_token": token.group(1),
            "username": caller.principal.username,
            "password": api.passwords[role],
            "next": "/dashboard",
        },
    )
    assert response.status_code == 303, response.text
    return browser


def test_every_export_gives_a_formula_like_value_back_as_the_same_text(api: Api) -> None:
    d = _poison(api)
    # Where each export is fetched, and whether the poisoned value must appear in it (the
    # templates of the expenditure import carry no user text; the union template lists titles).
    urls = {
        "/api/v1/designations/{designation_id}/fund-ledger/xlsx": (
            f"/api/v1/designations/{d}/fund-ledger/xlsx",
            True,
        ),
        "/api/v1/unions/{union_id}/funding-summary/xlsx": (
            f"/api/v1/unions/{api.own.district}/funding-summary/xlsx",
            True,
        ),
        "/api/v1/funding/expenditure-template": ("/api/v1/funding/expenditure-template", False),
        "/api/v1/unions/{union_id}/expenditure-template": (
            f"/api/v1/unions/{api.own.district}/expenditure-template",
            True,
        ),
        "/finance/summary.xlsx": ("/finance/summary.xlsx", True),
        "/finance/designations.xlsx": ("/finance/designations.xlsx", True),
        "/finance/designations/{designation_id}/ledger.xlsx": (
            f"/finance/designations/{d}/ledger.xlsx",
            True,
        ),
        "/finance/expenditure-template.xlsx": ("/finance/expenditure-template.xlsx", False),
        "/finance/designations/{designation_id}/expenditure-template.xlsx": (
            f"/finance/designations/{d}/expenditure-template.xlsx",
            False,
        ),
        "/finance/union-expenditure-template.xlsx": (
            "/finance/union-expenditure-template.xlsx",
            True,
        ),
        # The registry list and the adoption workbook list the (poisoned) title.
        "/designations.xlsx": ("/designations.xlsx", True),
        "/api/v1/exports/designations.xlsx": ("/api/v1/exports/designations.xlsx", True),
        # The 整改通知 list (no notice in this world; its cells go through lifecycle.workbooks).
        "/notices.xlsx": ("/notices.xlsx", False),
        "/api/v1/exports/notices.xlsx": ("/api/v1/exports/notices.xlsx", False),
        "/adoption/export.xlsx": ("/adoption/export.xlsx", True),
        "/api/v1/adoption/export": ("/api/v1/adoption/export", True),
        "/adoption/template.xlsx": ("/adoption/template.xlsx", False),
        "/api/v1/adoption/template": ("/api/v1/adoption/template", False),
        "/leaders/retiring.xlsx": ("/leaders/retiring.xlsx", False),
        "/api/v1/unions/{union_id}/retiring-leaders/xlsx": (
            f"/api/v1/unions/{api.own.district}/retiring-leaders/xlsx",
            False,
        ),
        "/intake/batches/{batch_id}/statistics.xlsx": (
            f"/intake/batches/{api.own.batch}/statistics.xlsx",
            False,
        ),
        "/api/v1/intake/batches/{batch_id}/xlsx": (
            f"/api/v1/intake/batches/{api.own.batch}/xlsx",
            False,
        ),
        "/api/v1/craftsman-selections/{selection_id}/statistics.xlsx": (
            f"/api/v1/craftsman-selections/{api.own.craftsman_selection}/statistics.xlsx",
            False,
        ),
        "/api/v1/craftsman-selections/{selection_id}/unions/{union_id}/statistics.xlsx": (
            f"/api/v1/craftsman-selections/{api.own.craftsman_selection}/unions/"
            f"{api.own.district}/statistics.xlsx",
            False,
        ),
    }
    city_only = {"/api/v1/craftsman-selections/{selection_id}/statistics.xlsx"}
    exports = _exports(api)
    assert len(exports) >= len(urls), exports  # the enumeration itself works
    unknown = {path for path, _ in exports} - set(urls)
    assert not unknown, f"exports without a formula-injection check here: {sorted(unknown)}"
    browser = _page_client(api)
    officer_pages = {"/adoption/export.xlsx", "/adoption/template.xlsx", "/designations.xlsx"}
    officer = _page_client(api, Role.DISTRICT_OFFICER)
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    # Statistics of craftsman/Leshan batches: this world's batch is a Yangpu one, which has no
    # statistics form; their workbooks are checked in tests/integration/intake/test_statistics.py
    # and write cells only through lifecycle.workbooks (the next test).
    no_form_here = {
        "/intake/batches/{batch_id}/statistics.xlsx",
        "/api/v1/intake/batches/{batch_id}/xlsx",
    }
    for path, is_page in sorted(exports):
        if path in no_form_here:
            continue
        url, carries_poison = urls[path]
        who = api.callers[Role.CITY_OFFICER].headers if path in city_only else headers
        page = officer if path in officer_pages else browser
        response = page.get(url) if is_page else api.client.get(url, headers=who)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.headers["content-type"].startswith(XLSX), url
        cells = _cells(response.content)
        formulas = [c for c in cells if c[2] == "f"]
        assert not formulas, (url, formulas)
        texts = [value for _, value, _ in cells if isinstance(value, str)]
        if carries_poison:
            assert any(POISON in t for t in texts), (url, texts[:40])


def _writes_cells_directly(tree: ast.AST) -> list[int]:
    """Lines writing a worksheet cell around ``lifecycle.workbooks``: ``ws.append([...])``,
    ``cell.value = …`` or ``ws.cell(..., value=…)``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            args = node.args
            if node.func.attr == "append" and args and isinstance(args[0], ast.List | ast.ListComp):
                lines.append(node.lineno)
            if node.func.attr == "cell" and any(k.arg == "value" for k in node.keywords):
                lines.append(node.lineno)
    return lines


def test_no_module_writes_workbook_cells_around_the_helper() -> None:
    offenders = []
    for folder in ("lifecycle", "api", "cli", "jobs", "notifications"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "openpyxl" not in source or path == ROOT / "lifecycle" / "workbooks.py":
                continue
            for line in _writes_cells_directly(ast.parse(source)):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, offenders
