"""An operator's wrong settings on a real installation: every command says in Chinese what is
wrong and what to do, exits 1 and prints no traceback (README/DEPLOY: the `workshops` command)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from cli.main import app
from lifecycle.config import get_settings
from lifecycle.db import migrate
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.reminders.model import OutboxMessage, OutboxStatus
from lifecycle.uow import UnitOfWork
from tests.conftest import SERVICE_ROLE, as_service_role

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "import sys; sys.argv[0] = 'workshops'; from cli.main import app; sys.exit(app())"
LINE = {
    "kind": "cycle_inspection",
    "kind_label": "管理周期末实地检查",
    "title": "测试工作室",
    "subject": "管理周期末实地检查",
    "due_on": "2026-12-01",
    "step": "before-7",
    "step_label": "提前7天提醒",
    "link": "/designations/1",
    "on_behalf_of": None,
    "union_id": 1,
}
ENGLISH = ("Traceback", "Error:", "sqlalche.me", "Usage")


def _workshops(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _said(result: subprocess.CompletedProcess[str]) -> str:
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    for word in ENGLISH:
        assert word not in said, said
    return said


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("garbage", "DATABASE_URL 的格式不对"),
        ("mysql://someone@db-host/workshops", "数据库类型“mysql”不受支持"),
        ("postgresql://postgres@127.0.0.1:{closed}/workshops", "服务器未响应"),
    ],
)
@pytest.mark.parametrize("command", [("db", "upgrade"), ("drain",), ("sweep", "--dry-run")])
def test_a_database_url_that_cannot_be_used_is_said_in_chinese(
    url: str, expected: str, command: tuple[str, ...]
) -> None:
    said = _said(_workshops({"DATABASE_URL": url.format(closed=_closed_port())}, *command))
    assert expected in said
    assert "DATABASE_URL" in said


def test_a_database_closed_for_maintenance_is_said_in_chinese(fresh_database_url: str) -> None:
    """A PostgreSQL database not accepting connections (maintenance, a restore, a restart): the
    scheduler and every command end with the cause in Chinese, not the server's English."""
    parsed = make_url(fresh_database_url)
    if parsed.get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL server's own refusal")
    name = parsed.database
    admin = make_engine(parsed.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            conn.commit()
        said = _said(_workshops({"DATABASE_URL": fresh_database_url}, "drain"))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
            conn.commit()
        admin.dispose()
    assert "数据库暂不接受连接（正在启动、关闭或维护）" in said
    assert "not currently accepting" not in said


def test_a_database_not_migrated_yet_asks_for_db_upgrade(fresh_database_url: str) -> None:
    """A reachable but empty database (SQLite file or PostgreSQL database): create the first
    administrator before ``db upgrade`` and the command says to migrate first."""
    parsed = make_url(fresh_database_url)
    if parsed.get_backend_name() == "sqlite":
        empty = Path(str(parsed.database)).with_name("empty.db")
        empty.touch()
        url = f"sqlite:///{empty}"
    else:
        url = fresh_database_url
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
    args = ("user", "create", "chief", "--name", "管理员", "--role", "admin")
    said = _said(
        _workshops(
            {"DATABASE_URL": url},
            *args,
            "--union",
            "上海市总工会",
            "--password",
            "chief-pass-2026",
        )
    )
    assert "尚未建表：请先运行 workshops db upgrade" in said


def test_serve_refuses_a_port_already_taken(fresh_database_url: str, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        said = _said(
            _workshops(
                {
                    "DATABASE_URL": fresh_database_url,
                    "WORKSHOPS_FILES_DIR": str(tmp_path / "files"),
                },
                "serve",
                "--port",
                port,
            )
        )
    assert f"端口 {port} 已被占用" in said
    assert "--port" in said
    assert "服务未启动" in said


def test_two_services_started_at_once_on_one_port_one_serves_the_other_says_it_is_taken(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Both pass the port check when started together; the one that finds the port taken when
    it starts listening says so as the check does (exit 1), not as uvicorn's English bind
    error (exit 3)."""
    port = str(_closed_port())
    env = {
        **{k: v for k, v in os.environ.items() if "DATABASE_URL" not in k},
        "DATABASE_URL": fresh_database_url,
        "WORKSHOPS_FILES_DIR": str(tmp_path / "files"),
    }
    command = [sys.executable, "-c", SCRIPT, "serve", "--port", port]
    services = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 180  # two services starting on a loaded machine
        while all(s.poll() is None for s in services) and time.monotonic() < deadline:
            time.sleep(0.2)
        codes = [s.poll() for s in services]
        ended = [s.stdout.read() for s in services if s.poll() is not None and s.stdout]
        assert sorted(codes, key=str) == [1, None], (codes, ended)  # one refused, one serving
        said = ended[0]
    finally:
        for service in services:
            service.terminate()
            service.wait(timeout=30)
    assert f"端口 {port} 已被占用" in said
    assert "服务未启动" in said
    assert "address already in use" not in said
    assert not any(word in said for word in ENGLISH), said


def test_serve_refuses_a_files_folder_it_cannot_write(
    fresh_database_url: str, tmp_path: Path
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")
    said = _said(
        _workshops(
            {
                "DATABASE_URL": fresh_database_url,
                "WORKSHOPS_FILES_DIR": str(a_file / "files"),
            },
            "serve",
            "--port",
            str(_closed_port()),
        )
    )
    assert "上传文件目录" in said
    assert "路径中有一段是文件而不是目录" in said
    assert "WORKSHOPS_FILES_DIR" in said


def test_serve_refuses_a_database_an_upgrade_has_not_migrated_yet(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """A new release started before ``workshops db upgrade``: its pages would fail on the
    missing columns; it says which version the database is at and what to run."""
    head = migrate.current_head()
    migrate.downgrade(fresh_database_url, "-1")
    older = migrate.current_revision(fresh_database_url)
    env = {"DATABASE_URL": fresh_database_url, "WORKSHOPS_FILES_DIR": str(tmp_path / "files")}
    said = _said(_workshops(env, "serve", "--port", str(_closed_port())))
    assert f"数据库版本 {older} 早于本程序所需的版本 {head}" in said
    assert "workshops db upgrade" in said
    migrate.upgrade(fresh_database_url)


def test_drain_with_the_mail_server_down_says_each_cause_once_and_what_to_check(
    fresh_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(fresh_database_url)
    with UnitOfWork(make_session_factory(engine)) as u:
        for n in range(3):
            u.outbox.add(
                OutboxMessage(
                    kind="reminder_digest",
                    dedup_key=f"install-test-{n}",
                    recipient_email=f"officer{n}@yp.example.cn",
                    recipient_name="王干事",
                    payload={"as_of": "2026-11-20", "name": "王干事", "items": [LINE]},
                    status=OutboxStatus.PENDING,
                    attempts=0,
                    next_attempt_at=datetime(2026, 1, 1, tzinfo=UTC),
                )
            )
        u.commit()
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("WORKSHOPS_SMTP_PORT", str(_closed_port()))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["drain"], catch_exceptions=False)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "待重试 3 封" in result.output
    assert result.output.count("无法连接邮件服务器") == 1
    assert "（3 封）" in result.output
    assert "WORKSHOPS_SMTP_HOST" in result.output
    assert "自动重试" in result.output


def test_serve_names_a_files_folder_behind_a_dangling_link_in_chinese(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """A shared volume not mounted: the link to it leads nowhere; said in Chinese, not as the
    operating system's English words."""
    (tmp_path / "shared").symlink_to(tmp_path / "not-mounted" / "volume")
    said = _said(
        _workshops(
            {
                "DATABASE_URL": fresh_database_url,
                "WORKSHOPS_FILES_DIR": str(tmp_path / "shared" / "files"),
            },
            "serve",
            "--port",
            str(_closed_port()),
        )
    )
    assert "上传文件目录" in said
    assert "路径中有一段是失效的符号链接" in said
    assert "File exists" not in said
    assert "服务未启动" in said


def test_db_grant_names_a_role_that_does_not_exist(fresh_database_url: str) -> None:
    """DEPLOY step 2 before step 1's CREATE ROLE: the role is named, not the connection blamed."""
    if not fresh_database_url.startswith("postgresql"):
        pytest.skip("db grant is for PostgreSQL only")
    result = _workshops({"DATABASE_URL": fresh_database_url}, "db", "grant", "no_such_app_role")
    said = result.stdout + result.stderr
    assert result.returncode == 2, said
    assert "数据库中没有角色“no_such_app_role”" in said
    assert "CREATE ROLE" in said
    assert "Traceback" not in said


def test_db_grant_run_as_the_service_role_is_refused_not_reported_done(
    fresh_database_url: str,
) -> None:
    """DEPLOY step 2 with the service's own URL: PostgreSQL only warns on a GRANT by a role that
    does not own the table and grants nothing, so the command must not say it granted; on
    SQLite it is refused as PostgreSQL's alone."""
    service_url = as_service_role(fresh_database_url)
    result = _workshops({"DATABASE_URL": service_url}, "db", "grant", SERVICE_ROLE)
    said = result.stdout + result.stderr
    assert "已授予" not in said
    assert not any(word in said for word in ENGLISH), said
    if not fresh_database_url.startswith("postgresql"):
        assert result.returncode == 2, said
        assert "仅适用于 PostgreSQL" in said
        return
    assert result.returncode == 1, said
    assert "不是表的所有者" in said
    assert "db upgrade 的所有者" in said
    owner = _workshops({"DATABASE_URL": fresh_database_url}, "db", "grant", SERVICE_ROLE)
    assert owner.returncode == 0, owner.stdout + owner.stderr
    assert f"已授予角色 {SERVICE_ROLE}" in owner.stdout


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("WORKSHOPS_SMTP_PORT", "abc", "设置 WORKSHOPS_SMTP_PORT 的取值 'abc' 无效：应为整数"),
        ("WORKSHOPS_SESSION_IDLE_MINUTES", "0", "WORKSHOPS_SESSION_IDLE_MINUTES 的取值 '0' 无效"),
        ("WORKSHOPS_REMINDER_OVERDUE_EVERY_DAYS", "-1", "'-1' 无效：不能小于 0"),
        ("WORKSHOPS_REMINDER_LEAD_DAYS", "[400]", "提前提醒的天数须在 0 到 365 之间"),
        ("WORKSHOPS_REMINDER_LEAD_DAYS", "60,30", "WORKSHOPS_REMINDER_LEAD_DAYS 无法解析"),
        ("WORKSHOPS_TRUSTED_PROXIES", "10.0.0.1", "WORKSHOPS_TRUSTED_PROXIES 无法解析"),
        ("WORKSHOPS_SWEEP_TIME", "25:00", "应为 24 小时制的“时:分”"),
        ("WORKSHOPS_TIMEZONE", "Mars/Olympus", "应为时区名称，如 Asia/Shanghai"),
    ],
)
def test_a_setting_the_service_cannot_use_is_named_in_chinese(
    setting: str, value: str, expected: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}", setting: value}
    said = _said(_workshops(env, "sweep", "--dry-run"))
    assert expected in said
    assert "docs/DEPLOY.md" in said


def test_a_command_refuses_a_database_an_upgrade_has_not_migrated_yet(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """As ``serve`` does: the daily sweep, the funding audit or the scheduler started before
    ``workshops db upgrade`` would read and write tables that miss what this release expects;
    each command says which version the database is at and what to run, and writes nothing."""
    head = migrate.current_head()
    migrate.downgrade(fresh_database_url, "-1")
    older = migrate.current_revision(fresh_database_url)
    env = {"DATABASE_URL": fresh_database_url, "WORKSHOPS_FILES_DIR": str(tmp_path / "files")}
    for command in (
        ("sweep", "--as-of", "2026-11-20"),
        ("audit-funding", "--as-of", "2026-11-20"),
        ("scheduler",),
    ):
        done = _workshops(env, *command)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        said = _said(done)
        assert f"数据库版本 {older} 早于本程序所需的版本 {head}" in said, command
        assert "workshops db upgrade" in said, command
    migrate.upgrade(fresh_database_url)
    assert _workshops(env, "sweep", "--as-of", "2026-11-20").returncode == 0
