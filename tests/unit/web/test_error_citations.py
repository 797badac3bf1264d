"""Refusals cite rules in Chinese: the API's error JSON and the pages' error page (issue 15 §6)."""

from __future__ import annotations

import re

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from api.web.core import HtmlRoute, render_domain_error
from lifecycle.errors import Problems

BARE_RULE_ID = re.compile(r"\[(?:[YSG]\d{1,2}|[CL](?:\s[^\]]{1,20})?)\]")


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    def refuse() -> None:
        problems = Problems()
        problems.add("achievement_id", "duplicate", "同一成果只能提出一次扶持申请（[Y15]）")
        problems.add("measure", "invalid", "措施不在附件3可选范围内（[C 三（六）]）")
        problems.raise_if_any()

    app.add_api_route("/api/v1/refuse", refuse)
    pages = APIRouter(route_class=HtmlRoute)
    pages.add_api_route("/refuse", refuse)
    app.include_router(pages)
    return app


def test_api_errors_cite_the_regulation_and_keep_the_machine_fields():
    body = TestClient(_app()).get("/api/v1/refuse").json()["error"]
    text = body["message"] + "".join(p["message"] for p in body["problems"])
    assert not BARE_RULE_ID.search(text)
    yangpu = "《杨浦区劳模（先进）、技师创新工作室管理办法》"
    assert f"{yangpu}第十五条" in body["problems"][0]["message"]
    assert "创建命名工作的通知》三（六）" in body["problems"][1]["message"]
    assert body["problems"][0]["field"] == "achievement_id"  # machine fields unchanged
    assert body["code"] == "duplicate"


def test_the_error_page_cites_the_regulation():
    app = _app()
    app.state.html_error_renderer = render_domain_error
    page = TestClient(app).get("/refuse")
    assert page.status_code == 422
    assert "第十五条" in page.text
    assert not BARE_RULE_ID.search(page.text)
