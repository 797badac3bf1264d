"""An id in a page's path that no record can have is the Chinese 404 page, never a 500: SQLite
holds 64-bit integers only (an ``OverflowError`` in the driver before), PostgreSQL 32-bit ids."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from annotated_types import Ge, Le
from fastapi import APIRouter
from fastapi.routing import APIRoute

import api.web
from api.web.ids import MAX_ID
from tests.integration.web.conftest import Site

HUGE = (2**63 + 7, 2**64, MAX_ID + 1)
PAGES = (
    "/designations/{n}",
    "/workshops/{n}",
    "/persons/{n}",
    "/notices/{n}",
    "/notices/{n}.pdf",
    "/notices/{n}/print",
    "/inspections/{n}",
    "/history/designation/{n}",
    "/finance/designations/{n}",
    "/finance/designations/{n}/ledger.xlsx",
    "/changes/{n}",
    "/changes/{n}/form.pdf",
    "/intake/calls/{n}",
    "/intake/applications/{n}",
    "/craftsman-selections/{n}",
    "/craftsman-selections/applications/{n}",
    "/designations/1/filings/{n}/file",
    "/designations/{n}/inspections/new",
    "/designations/{n}/assessments/new",
    "/designations/{n}/leader/event",
    "/admin/users/{n}/password",
)


@pytest.mark.parametrize("path", PAGES)
def test_an_id_no_record_can_have_is_the_chinese_not_found_page(site: Site, path: str) -> None:
    browser = site.login("admin") if path.startswith("/admin") else site.login("city")
    for n in HUGE:
        response = browser.get(path.format(n=n))
        assert response.status_code == 404, (path, n, response.text[:300])
        assert "页面不存在" in response.text
        assert response.headers["content-type"].startswith("text/html")
    zero = browser.get(path.format(n=0))
    assert zero.status_code == 404


def test_a_form_posted_to_a_huge_id_is_refused_before_anything_runs(site: Site) -> None:
    browser = site.login("city")
    page = browser.get("/dashboard")
    assert page.status_code == 200
    for path in ("/persons/{n}", "/changes/{n}/decision", "/inspections/{n}/outcome"):
        response = browser.post(path.format(n=2**63 + 7), data={})
        assert response.status_code in (403, 404), (path, response.status_code)
        assert response.status_code != 500


def test_every_page_route_with_an_id_in_its_path_takes_the_shared_annotation() -> None:
    """Each page route's integer path parameters are bounded as ``api.web.ids.IdPath`` is."""
    checked = 0
    for info in pkgutil.iter_modules(api.web.__path__):
        module = importlib.import_module(f"api.web.{info.name}")
        router = getattr(module, "router", None)
        if not isinstance(router, APIRouter):
            continue
        for route in router.routes:
            assert isinstance(route, APIRoute)
            for param in route.dependant.path_params:
                if param.field_info.annotation is not int:
                    continue
                bounds = {type(m): m for m in param.field_info.metadata}
                assert Ge in bounds, (route.path, param.name)
                assert Le in bounds, (route.path, param.name)
                assert bounds[Le].le == MAX_ID, (route.path, param.name)  # type: ignore[attr-defined]
                checked += 1
    assert checked >= 80
