"""Is the database there? For ``/healthz`` and for ``workshops serve`` before it starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from lifecycle.db import migrate
from lifecycle.db.engine import normalise_url

CONNECT_TIMEOUT_SECONDS = 5
# Every migrated database has this table; a query on it also proves the schema is there.
_PROBE = text("SELECT version_num FROM alembic_version")


class DatabaseUnreachable(Exception):
    """The service cannot use its database: where it looked (host, never the password) and why."""

    def __init__(self, where: str, cause: str) -> None:
        super().__init__(f"{where}: {cause}")
        self.where = where
        self.cause = cause


def describe(url: str) -> str:
    """The URL's host and database (or the SQLite file) without user or password."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite 文件 {parsed.database or ':memory:'}"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


@dataclass(frozen=True)
class Problem:
    """Why the database cannot serve: a short kind (safe to publish) and the detail (for logs)."""

    kind: str
    detail: str


def _problem(err: BaseException) -> Problem:
    original = getattr(err, "orig", None) or err
    first = str(original).strip().splitlines()
    kind = type(original).__name__
    return Problem(kind, f"{kind}: {first[0] if first else ''}".rstrip(": "))


def _missing_sqlite_file(url: str) -> Problem | None:
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.query or Path(parsed.database).exists():
        return None
    return Problem("database_file_missing", f"数据库文件不存在：{parsed.database}")


def database_problem(bind: Engine | Connection, url: str) -> Problem | None:
    """Why the database cannot serve now (unreachable, file gone, not migrated), or None."""
    missing = _missing_sqlite_file(url)
    if missing is not None:
        return missing
    try:
        if isinstance(bind, Connection):
            bind.execute(_PROBE)
        else:
            with bind.connect() as conn:
                conn.execute(_PROBE)
    except Exception as err:  # any failure means "down"; the kind is reported, not raised
        return _problem(err)
    return None


def check_reachable(url: str) -> None:
    """Connect once with a short timeout; ``DatabaseUnreachable`` saying where and why if not."""
    where = describe(url)
    missing = _missing_sqlite_file(url)
    if missing is not None:
        raise DatabaseUnreachable(where, missing.detail)
    normal = normalise_url(url)
    args = {} if normal.startswith("sqlite") else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    try:
        engine = create_engine(normal, connect_args=args)
    except Exception as err:  # a malformed URL or a missing driver: the same refusal
        raise DatabaseUnreachable(where, _problem(err).detail) from err
    try:
        problem = database_problem(engine, url)
    finally:
        engine.dispose()
    if problem is not None:
        raise DatabaseUnreachable(where, problem.detail)
    behind = migrate.behind_head(url)
    if behind is not None:  # a new release started before its migrations ran
        raise DatabaseUnreachable(
            where, f"数据库版本 {behind[0]} 早于本程序所需的版本 {behind[1]}（尚未迁移）"
        )
