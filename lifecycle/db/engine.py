"""Engine factory: SQLite by default, PostgreSQL by DATABASE_URL; nothing connects at import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from lifecycle.db.append_only import guard_append_only
from lifecycle.db.limits import guard_limits
from lifecycle.errors import ConflictError, IntegrityConflict
from lifecycle.occasions.index import collect as collect_touched


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy own transactions (savepoints, transactional DDL) and enforce foreign keys.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgres_settings(dbapi_connection: Any, _record: Any) -> None:
    # psycopg prepares a statement run five times on a connection; PostgreSQL may then plan it
    # once for any parameters. That generic plan of the dashboard's tally read, blind to the
    # dates it is given, took 10-11 ms where a plan for the dates takes 3.5 (150,000
    # designations): every execution is planned for its own parameters, the parse still saved.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


# Execution option of the connections of a read-only unit of work (``UnitOfWork(read_only=True)``).
READ_ONLY = "workshops_read_only"
# What a write that found the database locked by another write says (SQLite).
LOCKED = "另一项修改正在保存，您的修改未保存，请稍后重试"


def _sqlite_begin(conn: Connection) -> None:
    # IMMEDIATE: a transaction takes the write lock up front, so concurrent writers queue on
    # busy_timeout instead of failing when a deferred reader tries to become a writer. A read-only
    # unit of work never writes: it begins DEFERRED and reads its WAL snapshot beside the others.
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_busy_is_conflict(context: ExceptionContext) -> None:
    # In WAL mode a reader whose snapshot went stale cannot become a writer: SQLite answers
    # "database is locked" at once (or once busy_timeout passes while another write holds the
    # lock). That is a lost race, the same as a stale version on PostgreSQL. The other write may
    # be the same user's, in another tab, and of another record (SQLite locks the whole file):
    # no 「他人」 is said.
    if "database is locked" in str(context.original_exception):
        raise ConflictError(LOCKED, code="conflict") from context.sqlalchemy_exception


# Pooled connections kept open; a burst opens more, closed again on return, up to 40 in all. The
# service bounds who may hold them (``reader_slots``, ``WORKSHOPS_REQUEST_THREADS``) so that a
# request never waits for a connection only a waiting request could give back.
POOL_SIZE = 10
MAX_OVERFLOW = 30
# Connections kept for the scheduler's jobs when they run inside the service.
JOB_CONNECTIONS = 8


def reader_slots(request_threads: int) -> int:
    """How many requests may hold a read-only connection between worker threads at once.

    Each worker thread may hold two more (a unit it opens and one inside it); with the jobs'
    share, the pool can then never run dry, so no thread ever waits for a connection that only
    a request waiting for a thread could give back.
    """
    return POOL_SIZE + MAX_OVERFLOW - JOB_CONNECTIONS - 2 * request_threads


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Build an engine for `url`, creating the SQLite file's folder when needed. A database
    error names its statement but not its values (``hide_parameters``): the error log never
    holds an ID-card number (CONTRIBUTING: never log them) or a password hash."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        on_file = bool(database) and database != ":memory:" and not parsed.query
        pool = {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW} if on_file else {}
        engine = create_engine(
            url, echo=echo, hide_parameters=True, connect_args={"timeout": 30}, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "handle_error", _sqlite_busy_is_conflict)
        return engine
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
    )
    event.listen(engine, "connect", _postgres_settings)
    return engine


class GuardedSession(Session):
    """A session whose lost races surface as ConflictError wherever they flush.

    A lost optimistic lock (StaleDataError) and a constraint a concurrent writer made fail
    (IntegrityError) are the same 409 for the caller, whether they happen at a flush inside a
    service or at the commit.
    """

    def flush(self, objects: Any = None) -> None:
        try:
            super().flush(objects)
        except StaleDataError as err:
            raise ConflictError("记录已在您打开后被修改，请刷新后重试", code="conflict") from err
        except IntegrityError as err:
            raise IntegrityConflict() from err


def make_session_factory(
    bind: Engine | Connection | None = None, **kwargs: Any
) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit and never rewrite history."""
    factory = sessionmaker(
        bind=bind, class_=GuardedSession, expire_on_commit=False, autoflush=False, **kwargs
    )
    event.listen(factory, "before_flush", guard_append_only)
    event.listen(factory, "before_flush", guard_limits)
    event.listen(factory, "after_flush", collect_touched)
    return factory
