"""An installation's own faults said to the operator in Chinese: what is wrong, what to do.

A command that meets a database it cannot use (a DATABASE_URL that does not parse, a backend
the service does not support, a server that does not answer, a database not migrated yet), a
port already taken or a files folder it cannot write ends with one Chinese line and exit code 1,
never a traceback.
"""

from __future__ import annotations

import errno
import re
import socket
import uuid
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)

from lifecycle.config import get_settings
from lifecycle.db import migrate
from lifecycle.db.engine import normalise_url
from lifecycle.db.health import describe

SUPPORTED = ("postgresql", "sqlite")
URL_FORM = "postgresql://用户:密码@主机:5432/库名 或 sqlite:////绝对路径/workshops.db"
# Frequent causes of a refused connection, by what the driver says: the words for them.
CAUSES = (
    (re.compile(r"Connection refused|could not connect|No route to host", re.I), "服务器未响应"),
    (re.compile(r'database "[^"]*" does not exist', re.I), "数据库不存在（先用 createdb 创建）"),
    (re.compile(r"password authentication failed|no password supplied", re.I), "用户名或密码错误"),
    (re.compile(r'role "[^"]*" does not exist', re.I), "数据库用户不存在"),
    (re.compile(r"timeout expired|timed out", re.I), "连接超时"),
    (
        re.compile(r"not currently accepting connections|starting up|shutting down", re.I),
        "数据库暂不接受连接（正在启动、关闭或维护）",
    ),
    (
        re.compile(r"could not translate host name|Name or service not known", re.I),
        "主机名无法解析",
    ),
    (
        re.compile(r"terminating connection|server closed the connection|connection is lost", re.I),
        "数据库连接被中断（数据库服务器重启或连接被终止）",
    ),
    (re.compile(r"unable to open database file", re.I), "无法打开数据库文件（目录不存在或不可写）"),
    (re.compile(r"readonly database|read-only", re.I), "数据库文件只读"),
)
DIR_WHY = {
    errno.ENOENT: "路径不存在且无法创建",
    errno.EEXIST: "路径中有一段是失效的符号链接",
    errno.ENOTDIR: "路径中有一段是文件而不是目录",
    errno.EACCES: "没有写权限",
    errno.EPERM: "没有写权限",
    errno.EROFS: "所在文件系统只读",
    errno.ENOSPC: "磁盘已满",
}
BACKLOG = 2048  # uvicorn's own default
PERMISSION = re.compile(r"permission denied|must be owner", re.I)
NOT_MIGRATED_COLUMN = re.compile(r"no such column|column \S+ does not exist|UndefinedColumn", re.I)
NOT_MIGRATED = re.compile(
    r"no such table|relation \"[^\"]*\" does not exist|UndefinedTable|"
    + NOT_MIGRATED_COLUMN.pattern,
    re.I,
)


def _configured_url() -> str | None:
    try:
        return get_settings().database_url
    except Exception:  # settings themselves refused: not a database matter
        return None


def _where(url: str | None) -> str:
    if url is None:
        return "数据库"
    try:
        return f"数据库 {describe(url)}"
    except Exception:
        return "数据库"


def connection_cause(detail: str) -> str:
    """The driver's words for a failed connection said in Chinese when they are a known cause
    (their first line otherwise), as every command says them."""
    return _cause(detail)


def _cause(detail: str) -> str:
    for pattern, words in CAUSES:
        if pattern.search(detail):
            return words
    first = detail.strip().splitlines()
    return first[0] if first else "未知原因"


# A setting that cannot be read at all (a list or map not written as JSON): pydantic-settings
# names the field only in its English message.
UNPARSED = re.compile(r'error parsing value for field "(?P<field>\w+)"')
SETTING_WHY = {
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为 JSON 列表，如 [60, 30, 7, 0]",
    "dict_type": "应为 JSON 对象",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
}
ADVICE = "请在环境变量或 .env 中改正（各项设置见 docs/DEPLOY.md 第5节）"


def _env_name(field: str) -> str:
    return "DATABASE_URL" if field == "database_url" else f"WORKSHOPS_{field.upper()}"


def settings_trouble(err: BaseException) -> str | None:
    """The Chinese line for settings the service cannot start with, naming each environment
    variable, or None if ``err`` is not about the settings."""
    if isinstance(err, SettingsError):
        match = UNPARSED.search(str(err))
        name = _env_name(match["field"]) if match else "某项设置"
        return f'设置 {name} 无法解析：列表和对象须写成 JSON，如 ["127.0.0.1"]。{ADVICE}'
    if not isinstance(err, ValidationError) or err.title != "Settings":
        return None
    lines = []
    for problem in err.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        why = SETTING_WHY.get(problem["type"], "")
        if why:
            why = why.format(**problem.get("ctx", {}))
        elif problem["type"] == "value_error":  # our validators' own Chinese words
            why = str(problem["msg"]).removeprefix("Value error, ")
        else:
            why = "取值无效"
        lines.append(f"设置 {_env_name(field)} 的取值 {problem.get('input')!r} 无效：{why}")
    return "；".join(lines) + f"。{ADVICE}"


def database_trouble(err: BaseException) -> str | None:
    """The Chinese line for a database the command could not use, or None if ``err`` is not
    about the configured database."""
    url = _configured_url()
    if isinstance(err, ArgumentError) and "parse" in str(err):
        return f"DATABASE_URL 的格式不对，无法解析。应为 {URL_FORM}"
    backend = _backend(url)
    if isinstance(err, NoSuchModuleError | ModuleNotFoundError) and backend not in SUPPORTED:
        return (
            f"DATABASE_URL 指定的数据库类型“{backend}”不受支持：本服务只支持 PostgreSQL"
            f"（生产）和 SQLite（单机试用）。应为 {URL_FORM}"
        )
    if not isinstance(err, SQLAlchemyError):
        return None
    detail = str(getattr(err, "orig", None) or err)
    kind = type(getattr(err, "orig", None) or err).__name__
    if url is not None and (NOT_MIGRATED.search(detail) or NOT_MIGRATED.search(kind)):
        behind = _behind(url)
        if behind is not None:
            return (
                f"{_where(url)} 的版本 {behind[0]} 早于本程序所需的版本 {behind[1]}："
                "请先运行 workshops db upgrade，再执行此命令"
            )
        if _revision(url) is None:  # never migrated (at head, a missing table is a fault of ours)
            return f"{_where(url)} 尚未建表：请先运行 workshops db upgrade，再执行此命令"
    if PERMISSION.search(detail) or kind == "InsufficientPrivilege":
        return (
            f"{_where(url)} 拒绝了这个操作：DATABASE_URL 中的数据库用户没有所需的权限。"
            "迁移（db upgrade）和 db grant 须以表的所有者运行；服务所用的角色须先由所有者运行 "
            "workshops db grant 角色名 授权"
        )
    if isinstance(err, OperationalError | InterfaceError):  # the connection itself
        return (
            f"无法使用{_where(url)}：{_cause(detail)}。"
            "请检查 DATABASE_URL（主机、端口、库名、用户和密码）以及数据库服务是否已启动"
        )
    return None


def _revision(url: str) -> str | None:
    try:
        return migrate.current_revision(url)
    except Exception:  # no version table to read: as never migrated
        return None


def _behind(url: str) -> tuple[str, str] | None:
    try:
        return migrate.behind_head(url)
    except Exception:  # the version itself unreadable: say only that tables are missing
        return None


def _backend(url: str | None) -> str:
    if url is None:
        return ""
    try:
        return make_url(normalise_url(url)).get_backend_name()
    except Exception:
        return url.split(":", 1)[0]


def listening_socket(host: str, port: int) -> socket.socket | str:
    """A socket listening on host:port for ``workshops serve``, or why it cannot be had, in
    Chinese. Bound here and handed to the server, not probed and let go: of two services started
    at once on one port, the second is told the port is taken, as a port taken before is."""
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(BACKLOG)  # two bound sockets may not both listen: the later one fails
    except OSError as err:
        listening.close()
        if err.errno == errno.EADDRINUSE:
            return (
                f"端口 {port} 已被占用（{host}:{port}）：另一个程序（或另一个 workshops serve）"
                f"正在使用它。请停止该程序，或用 --port 换一个端口"
            )
        if err.errno in (errno.EACCES, errno.EPERM):
            return f"无权监听端口 {port}：1024 以下的端口需要管理员权限。请用 --port 换一个端口"
        if err.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME):
            return f"本机没有地址 {host}：请用 --host 指定本机的地址（如 127.0.0.1 或 0.0.0.0）"
        return f"无法监听 {host}:{port}：{err.strerror or err}。请检查 --host 和 --port"
    return listening


def files_dir_trouble(files_dir: Path) -> str | None:
    """Why uploads could not be stored under ``files_dir`` (WORKSHOPS_FILES_DIR), or None."""
    probe = files_dir / f".write-check-{uuid.uuid4().hex}"
    try:
        files_dir.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        why = DIR_WHY.get(err.errno or 0, err.strerror or str(err))
        return (
            f"上传文件目录 {files_dir} 无法写入（{why}）：附件将无法保存。"
            "请将 WORKSHOPS_FILES_DIR 设为服务账号可写的目录（多实例时为共享存储）"
        )
    return None
