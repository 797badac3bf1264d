"""The command line's own usage errors in Chinese, through the console script's entry point
(``sys.exit(app())`` as the installed ``workshops`` script runs it): which parameter and why,
exit code 2, no English usage text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What the generated ``workshops`` script does, in a process of its own.
SCRIPT = "import sys; sys.argv[0] = 'workshops'; from cli.main import app; sys.exit(app())"
ENGLISH = ("Usage", "Error", "Missing", "Invalid", "No such", "Got unexpected", "Try ")


def _workshops(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("db", "downgrade"), "缺少必填的参数 REVISION（目标版本，如 base）"),
        (("user", "create", "chief"), "缺少必填的选项 --name（显示名称）"),
        (("demo", "--bogus"), "没有选项 --bogus"),
        (("lead",), "没有命令 lead（是否想用 leaders？）；可用的命令："),
        (("serve", "--port", "x"), "--port 的取值 'x' 无效：应为整数"),
        (("import", "--scope", "1", "missing.xlsx"), "FILE 的取值 'missing.xlsx' 无效：文件不存在"),
        (("db", "upgrade", "head", "extra"), "多余的参数：extra"),
        (("leaders", "retiring", "1", "--months"), "选项 --months 缺少取值"),
        (("export", "--full-id-cards=yes", "out.xlsx"), "选项 --full-id-cards 是开关，不接受取值"),
        (
            ("calendar", "retirement", "1970-01-01", "male_worker"),
            "GROUP 的取值 'male_worker' 无效：应为以下之一：male、female_cadre、female_worker",
        ),
        (("calendar", "add", "2026-01-01", "99999"), "DAYS 的取值 '99999' 无效：不能大于3650"),
        (("calendar", "add", "2026-01-01", "--", "-5"), "DAYS 的取值 '-5' 无效：不能小于0"),
    ],
)
def test_a_usage_error_names_the_parameter_and_why_in_chinese(
    args: tuple[str, ...], said: str
) -> None:
    done = _workshops(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert said in done.stderr
    assert done.stderr.startswith("错误 ")
    assert not any(word in done.stderr + done.stdout for word in ENGLISH), done.stderr
    if "--months" not in args and "--full-id-cards=yes" not in args:
        # The command to ask for help (an option's misuse is raised without its command).
        assert "（运行 workshops" in done.stderr
        assert "--help 查看用法）" in done.stderr


def test_help_is_still_printed_and_exits_zero() -> None:
    done = _workshops("db", "--help")
    assert done.returncode == 0, done.stderr
    assert "upgrade" in done.stdout
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "迁移数据库、载入演示数据并运行服务：初次体验只需这一条命令"),
        ((), "核查全部经费（专款专用）：记录新发现，关闭已不成立的发现"),
        (("db",), "将数据库回退到指定版本"),
        (("user",), "创建用户（如首个系统管理员），归属于一个工会"),
        (("calendar",), "计算某日之后若干个工作日的日期"),
        (("leaders",), "期限内达到法定退休年龄的领衔人及须办理的事项"),
    ],
)
def test_each_command_is_described_in_chinese(args: tuple[str, ...], said: str) -> None:
    """An administrator reads what each command does in Chinese, not the code's docstrings."""
    done = _workshops(*args, "--help")
    assert done.returncode == 0, done.stderr
    listed = " ".join(done.stdout.split()).replace("│", "")
    assert said in " ".join(listed.split()), done.stdout
    for english in ("Migrate", "Run the", "Sweep one", "Audit every", "Create a user", "The date"):
        assert english not in done.stdout


@pytest.mark.parametrize("args", [("--help",), ("user", "create", "--help"), ("db",)])
def test_the_help_is_worded_in_chinese(args):
    shown = _workshops(*args)
    said = shown.stdout + shown.stderr
    assert shown.returncode in {0, 2}, said
    assert "用法： workshops" in said
    assert "选项" in said
    assert "显示本帮助并退出" in said
    for english in ("Usage", "Options", "Commands", "Arguments", "Show this message", "required"):
        assert english not in said, (english, said)
    if args[0] == "user":
        assert "[必填]" in said
        assert "参数" in said
