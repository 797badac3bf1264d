"""`workshops user`: a new installation's first administrator, and a locked-out one's way back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from cli.main import app
from lifecycle.config import Settings, get_settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from tests import factories as f

PASSWORD = "first-admin-2026"
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "import sys; sys.argv[0] = 'workshops'; from cli.main import app; sys.exit(app())"


@pytest.fixture
def world(fresh_database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            city = f.union_tree(u).city.name  # the unions a registry import would bring
            u.commit()
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    runner = CliRunner()

    def cli(*args: str, typed: str = "") -> object:
        return runner.invoke(app, list(args), input=typed, catch_exceptions=False)

    with TestClient(create_app(settings)) as client:
        yield cli, client, city
    get_settings.cache_clear()


def _login(client: TestClient, password: str) -> int:
    body = {"username": "chief", "password": password, "token_name": "首次登录"}
    return client.post("/api/v1/auth/tokens", json=body).status_code


def test_the_first_administrator_is_created_from_the_command_line_and_logs_in(world):
    cli, client, city = world
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    made = cli("user", "create", "Chief", "--name", "系统管理员", "--role", "admin",
               "--union", city, "--email", "chief@example.cn", typed=typed)  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "已创建用户 chief（系统管理员" in made.output
    assert _login(client, PASSWORD) == 201
    token = client.post(
        "/api/v1/auth/tokens",
        json={"username": "chief", "password": PASSWORD, "token_name": "管理"},
    ).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    users = client.get("/api/v1/users", headers=bearer).json()
    assert [u["username"] for u in users["items"]] == ["chief"]
    # The creation is in the user's 修改记录, done by the operator's command.
    entries = client.get(f"/api/v1/users/{users['items'][0]['id']}/audit", headers=bearer).json()
    assert [e["actor_name"] for e in entries["items"]] == ["命令行"]
    # The same name again, a short password, an unknown union: refused, each named.
    again = cli("user", "create", "chief", "--name", "重复", "--role", "admin",
                "--union", city, typed="short\nshort\n")  # fmt: skip
    assert again.exit_code == 2
    # Each beside its label in Chinese: no field path, nothing of typer's English.
    assert "用户名：用户名已被使用" in again.output
    assert "密码：密码至少需要10个字符" in again.output
    nowhere = cli("user", "create", "x1", "--name", "某", "--role", "admin",
                  "--union", "不存在的工会", typed=typed)  # fmt: skip
    assert nowhere.exit_code == 2
    assert "所属工会（--union）：工会“不存在的工会”不存在" in nowhere.output
    wrong_role = cli("user", "create", "x2", "--name", "某", "--role", "boss",
                     "--union", city, typed=typed)  # fmt: skip
    assert wrong_role.exit_code == 2
    assert "角色（--role）：没有角色“boss”" in wrong_role.output
    assert "city_officer" in wrong_role.output
    for refused in (again, nowhere, wrong_role):
        for english in ("username", "union_id", "Invalid value", "Usage", "Error"):
            assert english not in refused.output, (english, refused.output)


def test_a_reset_password_ends_the_old_one_and_its_tokens(world):
    cli, client, city = world
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    cli("user", "create", "chief", "--name", "管理员", "--role", "admin", "--union", city,
        typed=typed)  # fmt: skip
    token = client.post(
        "/api/v1/auth/tokens",
        json={"username": "chief", "password": PASSWORD, "token_name": "旧"},
    ).json()["token"]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).is_success
    reset = cli("user", "reset-password", "chief", typed="renewed-2026-pw\nrenewed-2026-pw\n")
    assert reset.exit_code == 0, reset.output
    assert _login(client, PASSWORD) == 401
    assert _login(client, "renewed-2026-pw") == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    missing = cli("user", "reset-password", "nobody", typed="renewed-2026-pw\nrenewed-2026-pw\n")
    assert missing.exit_code == 2
    assert "用户名：用户“nobody”不存在" in missing.output
    assert "Invalid value" not in missing.output
    assert "USERNAME" not in missing.output


def test_a_leshan_officer_made_from_the_command_line_is_named_in_leshans_words(
    fresh_database_url, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.leshan_tree(u)
            path = f"{tree.city.name}/{tree.district.name}"
            u.commit()
    finally:
        engine.dispose()
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    args = ["user", "create", "ls1", "--name", "何干事", "--role", "district_officer"]
    made = CliRunner().invoke(app, [*args, "--union", path], input=typed, catch_exceptions=False)
    get_settings.cache_clear()
    assert made.exit_code == 0, made.output
    assert f"已创建用户 ls1（县（市、区）总工会干部，{path}）" in made.output


def test_the_password_is_asked_twice_in_chinese_and_two_different_entries_write_nothing(world):
    cli, client, city = world
    args = ["user", "create", "chief", "--name", "管理员", "--role", "admin", "--union", city]
    differ = cli(*args, typed=f"{PASSWORD}\n{PASSWORD}x\n")
    assert differ.exit_code == 2, differ.output
    assert "密码：两次输入的密码不一致，未作任何修改" in differ.output
    assert "再次输入密码" in differ.output
    for english in ("Repeat for confirmation", "do not match", "Error"):
        assert english not in differ.output, (english, differ.output)
    assert _login(client, PASSWORD) == 401  # no user was created
    assert cli(*args, typed=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    reset = cli("user", "reset-password", "chief", typed="renewed-2026-pw\nrenewed-2026-px\n")
    assert reset.exit_code == 2
    assert "再次输入新密码" in reset.output
    assert "两次输入的密码不一致" in reset.output
    assert _login(client, PASSWORD) == 201  # the password is unchanged


def test_a_password_piped_from_a_script_is_read_without_pythons_english_echo_warning(world):
    _cli, client, city = world
    database_url = os.environ["DATABASE_URL"]
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    args = ["user", "create", "chief", "--name", "管理员", "--role", "admin", "--union", city]
    piped = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        input=f"{PASSWORD}\n{PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,  # no terminal to fall back on, as under cron or a deployment script
    )
    said = piped.stdout + piped.stderr
    assert piped.returncode == 0, said
    assert "密码（从标准输入读取）" in said
    for english in ("GetPassWarning", "may be echoed", "Warning"):
        assert english not in said, said
    assert _login(client, PASSWORD) == 201
    # A pipe that ends before the second entry: refused in Chinese, nobody created.
    short = subprocess.run(
        [sys.executable, "-c", SCRIPT, "user", "create", "second", *args[3:]],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,
    )
    assert short.returncode == 2, short.stdout + short.stderr
    assert "密码：标准输入已结束，未读到密码，未作任何修改" in short.stdout + short.stderr
