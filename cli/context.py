"""What every command needs: settings, an engine and units of work, built on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import typer
from rich.console import Console

from lifecycle.actors import SYSTEM, Actor
from lifecycle.clock import today_shanghai
from lifecycle.config import get_settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.errors import DomainError
from lifecycle.uow import UnitOfWork

console = Console()
err_console = Console(stderr=True)


@contextmanager
def units_of_work(actor: Actor = SYSTEM) -> Iterator[Callable[[], UnitOfWork]]:
    """A factory of units of work on the configured database, logged as done by ``actor``."""
    engine = make_engine(get_settings().database_url)
    factory = make_session_factory(engine)
    try:
        yield lambda: UnitOfWork(factory, actor)
    finally:
        engine.dispose()


@contextmanager
def reading() -> Iterator[UnitOfWork]:
    """A read-only unit of work on the configured database (no write lock taken)."""
    engine = make_engine(get_settings().database_url)
    try:
        with UnitOfWork(make_session_factory(engine), read_only=True) as uow:
            yield uow
    finally:
        engine.dispose()


def as_of_or_today(value: str | None) -> date:
    """Parse --as-of (YYYY-MM-DD) or take today in Asia/Shanghai."""
    if value is None:
        return today_shanghai()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("日期格式应为 YYYY-MM-DD", param_hint="--as-of") from None


def fail(err: DomainError) -> typer.Exit:
    """Print a domain error in Chinese, naming the field, and exit non-zero."""
    for problem in err.problems or []:
        err_console.print(f"[red]错误[/red] {problem.field}：{problem.message}")
    if not err.problems:
        err_console.print(f"[red]错误[/red] {err.message}")
    return typer.Exit(code=2)
