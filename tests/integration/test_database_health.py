"""Issue 16: health says when the database is down, database faults are the JSON error or the
Chinese page (never a bare 500), and ``workshops serve`` refuses an unreachable database."""

from __future__ import annotations

import os
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from api.app import create_app
from cli.main import app as cli
from lifecycle.config import Settings, get_settings
from tests.conftest import POSTGRES_ADMIN_URL

# Nothing listens on the discard port: connecting fails at once with "connection refused".
UNREACHABLE = "postgresql://workshops@127.0.0.1:9/workshops"


def _app(url: str, tmp_path: Path) -> TestClient:
    settings = Settings(
        database_url=url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    return TestClient(create_app(settings), follow_redirects=False)


def test_healthz_reports_the_database_down_when_it_goes_away(
    fresh_database_url: str, tmp_path: Path
) -> None:
    with _app(fresh_database_url, tmp_path) as client:
        up = client.get("/healthz")
        assert up.status_code == 200
        assert up.json() == {"status": "ok", "checks": {"database": {"status": "ok"}}}
        url = make_url(fresh_database_url)
        if url.get_backend_name() == "sqlite":
            Path(url.database or "").unlink()
        else:
            admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
            admin.dispose()
        down = client.get("/healthz")
        assert down.status_code == 503
        body = down.json()
        assert body["status"] == "down"
        assert body["checks"]["database"]["status"] == "down"
        assert body["checks"]["database"]["error"]
        assert "127.0.0.1" not in down.text  # the kind of failure only, no addresses


def test_an_unreachable_database_is_a_503_chinese_page_or_json_error(tmp_path: Path) -> None:
    with _app(UNREACHABLE, tmp_path) as client:
        # The front door answers without the database; a login must ask it.
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        page = client.post(
            "/login",
            data={"csrf_token": token.group(1), "username": "city", "password": "x" * 12},
        )
        assert page.status_code == 503
        assert page.headers["content-type"].startswith("text/html")
        assert "数据库暂时无法访问" in page.text
        assert page.headers["x-frame-options"] == "DENY"
        api = client.post("/api/v1/auth/tokens", json={"username": "admin", "password": "x" * 12})
        assert api.status_code == 503
        assert api.json()["error"]["code"] == "database_unavailable"
        bearer = client.get("/api/v1/me", headers={"Authorization": "Bearer wst_x"})
        assert bearer.status_code == 503
        assert bearer.json()["error"]["message"] == "数据库暂时无法访问，请稍后再试"
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["checks"]["database"]["status"] == "down"


def _serve(url: str) -> tuple[int, str]:
    get_settings.cache_clear()
    env = {**os.environ, "DATABASE_URL": url}
    try:
        result = CliRunner().invoke(cli, ["serve", "--port", "1"], env=env)
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.output


def test_serve_refuses_an_unreachable_database_naming_its_host_and_the_cause(
    fresh_database_url: str, tmp_path: Path
) -> None:
    if fresh_database_url.startswith("sqlite"):
        missing = tmp_path / "nowhere" / "workshops.db"
        code, output = _serve(f"sqlite:///{missing}")
        assert code == 1
        assert str(missing) in output
        assert "数据库文件不存在" in output
    else:
        code, output = _serve(UNREACHABLE.replace("workshops@", "workshops:secret-pw@"))
        assert code == 1
        assert "127.0.0.1:9" in output
        assert "服务器未响应" in output  # the driver's cause in Chinese, as every command says it
        assert "OperationalError" not in output
        assert "secret-pw" not in output
    assert "服务未启动" in output
