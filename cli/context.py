"""What every command needs: settings, an engine and units of work, built on demand.

The command line imports only what its parsing and help need; a command imports the rest of
the product when it runs (``workshops --help`` or a usage error does not load the service)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from lifecycle.actors import SYSTEM, Actor
from lifecycle.clock import chinese_date, today_shanghai
from lifecycle.errors import DomainError
from lifecycle.validation import iso_date

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from lifecycle.uow import UnitOfWork

console = Console()
err_console = Console(stderr=True)


@contextmanager
def units_of_work(actor: Actor = SYSTEM) -> Iterator[Callable[[], UnitOfWork]]:
    """A factory of units of work on the configured database, logged as done by ``actor``."""
    from lifecycle.config import get_settings
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.uow import UnitOfWork

    engine = make_engine(get_settings().database_url)
    factory = make_session_factory(engine)
    try:
        require_migrated(engine)
        yield lambda: UnitOfWork(factory, actor)
    finally:
        engine.dispose()


@contextmanager
def reading() -> Iterator[UnitOfWork]:
    """A read-only unit of work on the configured database (no write lock taken)."""
    from lifecycle.config import get_settings
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.uow import UnitOfWork

    engine = make_engine(get_settings().database_url)
    try:
        require_migrated(engine)
        with UnitOfWork(make_session_factory(engine), read_only=True) as uow:
            yield uow
    finally:
        engine.dispose()


def require_migrated(engine: Engine) -> None:
    """Exit 1 before a command reads or writes a database that a new release's migrations have
    not reached yet (started before ``workshops db upgrade``), as ``serve`` refuses to start:
    its tables would miss what this release reads and writes."""
    from lifecycle.db.migrate import behind_on

    with engine.connect() as connection:
        behind = behind_on(connection)
    if behind is not None:
        err_console.print(
            f"数据库版本 {behind[0]} 早于本程序所需的版本 {behind[1]}（尚未迁移）："
            "请先运行 workshops db upgrade，再执行此命令",
            style="red",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)


def show_job_logs() -> None:
    """Write the scheduler's own log lines (``workshops.jobs``, ``workshops.scheduler``: each
    sweep and audit, each drain that sent something, taking and losing the lease) to standard
    error, as DEPLOY.md §6 promises; Python shows only the warnings of loggers nobody set up.
    APScheduler's warnings go the same way, in Chinese (``cli/joblog.py``)."""
    from cli.joblog import route

    logger = logging.getLogger("workshops")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        route(handler)
    logger.setLevel(logging.INFO)


# Exit code of a refused command: click's own for a usage error.
REFUSED = 2


def as_of_or_today(value: str | None) -> date:
    """Parse --as-of (YYYY-MM-DD) or take today in Asia/Shanghai."""
    if value is None:
        return today_shanghai()
    return cli_date(value, "--as-of")


def as_of_past_or_today(value: str | None, why: str) -> date:
    """Parse --as-of, refusing a day not yet come (``why``: what it would let through) in
    Chinese with exit 2: a command that writes judges records by it, and a later day would let
    records dated in the future in, or store findings not yet true."""
    day = as_of_or_today(value)
    today = today_shanghai()
    if day > today:
        shown = f"不能晚于今天（{chinese_date(today)}）：{why}"
        raise bad_value("日期（--as-of）", shown)
    return day


def cli_date(value: str, option: str) -> date:
    """A YYYY-MM-DD value of the command line, or the refusal of ``iso_date`` beside it."""
    day = iso_date(value)
    if isinstance(day, str):
        raise bad_value(f"日期（{option}）", day)
    return day


def bad_value(label: str, message: str) -> typer.Exit:
    """Print a wrong command-line value in Chinese beside its label and exit as click would (2);
    typer's ``BadParameter`` would wrap it in English (Usage, "Invalid value for", Error)."""
    err_console.print(f"[red]错误[/red] {label}：{message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=REFUSED)


def _os_why(err: OSError) -> str:
    """Why the operating system refused a file, in Chinese."""
    if isinstance(err, FileNotFoundError):
        return "文件或其所在目录不存在"
    if isinstance(err, IsADirectoryError):
        return "这是一个目录，应为文件"
    if isinstance(err, PermissionError):
        return "没有权限"
    return f"无法读写（{err.strerror or err}）"


def write_file(path: Path, content: bytes) -> None:
    """Write a file the command made, or refuse in Chinese (exit 2) where it cannot be written:
    no traceback, and the command's work is not reported done."""
    try:
        path.write_bytes(content)
    except OSError as err:
        raise bad_value(f"文件 {path}", f"不能写入：{_os_why(err)}") from None


def read_text(path: Path) -> str:
    """A text file the operator gives, UTF-8 (with or without BOM) or, as Excel saves a CSV on a
    Chinese Windows, GBK/GB18030; anything else refused in Chinese (exit 2)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise bad_value(f"文件 {path}", f"不能读取：{_os_why(err)}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise bad_value(f"文件 {path}", "不是文本文件（应为 UTF-8 或 GBK 编码的 CSV）")


def fail(err: DomainError, labels: Mapping[str, str] | None = None) -> typer.Exit:
    """Print a domain error in Chinese and exit non-zero: each problem beside its field's label
    in ``labels``, else its message alone (a field path is no word for the operator)."""
    for problem in err.problems or []:
        label = (labels or {}).get(problem.field)
        shown = f"{label}：{problem.message}" if label else problem.message
        err_console.print(f"[red]错误[/red] {shown}", highlight=False, soft_wrap=True)
    if not err.problems:
        err_console.print(f"[red]错误[/red] {err.message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=REFUSED)
