"""Issue 16 (docs/DEPLOY.md): the service's database role cannot rewrite history.

On PostgreSQL the shared test database is used as the documented service role (see
``tests/conftest.py``): it reads and writes rows, but TRUNCATE, ALTER and DROP of the audit and
history tables fail, as do UPDATE and DELETE on them. SQLite has no roles; there the append-only
triggers are what refuses.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from lifecycle.db.roles import append_only_tables, grant_statements
from lifecycle.uow import UnitOfWork
from tests import factories
from tests.conftest import SERVICE_ROLE

REFUSED_ON_POSTGRES = (
    "TRUNCATE audit_log",
    "TRUNCATE designation_status_changes CASCADE",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "ALTER TABLE funding_expenditures ADD COLUMN sneaky integer",
    "DROP TABLE leader_events",
    "UPDATE audit_log SET actor_name = 'x'",
    "DELETE FROM funding_findings",
)
SQLITE_REFUSED = ("DELETE FROM audit_log", "UPDATE audit_log SET actor_name = 'x'")


def test_the_service_role_cannot_truncate_alter_or_rewrite_history(
    engine: Engine, uow: Callable[[], UnitOfWork]
) -> None:
    postgres = engine.dialect.name == "postgresql"
    with uow() as u:
        factories.union_tree(u)  # audit rows to protect
        u.flush()
        if postgres:
            current = u.session.execute(text("SELECT current_user")).scalar_one()
            assert current == SERVICE_ROLE
        statements = REFUSED_ON_POSTGRES if postgres else SQLITE_REFUSED
        for sql in statements:
            with pytest.raises(DBAPIError) as refused, u.session.begin_nested():
                u.session.execute(text(sql))
            if postgres:
                why = str(refused.value)
                assert "permission denied" in why or "must be owner" in why, sql
        kept = u.session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        assert kept > 0


def test_the_grants_leave_history_tables_insert_only() -> None:
    tables = append_only_tables()
    assert {"audit_log", "designation_status_changes", "funding_expenditures"} <= set(tables)
    statements = grant_statements("workshops_app")
    assert not any("TRUNCATE" in s and "GRANT" in s for s in statements)
    for table in tables:
        assert f'REVOKE UPDATE, DELETE ON "{table}" FROM workshops_app' in statements
    with pytest.raises(ValueError, match="role name"):
        grant_statements("x; DROP TABLE users")
