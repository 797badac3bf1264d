"""The PostgreSQL role the service runs as: it reads and writes rows, it never rewrites history.
The roles' queries live here (the command line asks them, ``workshops db grant``).

The owner role runs the migrations and owns every table; the service role gets row rights only.
Not owning a table it cannot ALTER or DROP it (nor its append-only triggers); TRUNCATE is never
granted; on the history tables (``__append_only__``) it may only SELECT and INSERT, so even a
stolen service password cannot truncate ``audit_log`` past the triggers (OWASP ASVS 7.3.3).
Run ``workshops db grant ROLE`` as the owner after every migration (new tables need their rights).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from lifecycle.db import models  # noqa: F401 - every mapped class registered
from lifecycle.db.base import Base

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def append_only_tables() -> list[str]:
    """The history tables: rows are added, never changed or removed."""
    return sorted(
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__append_only__", False)
    )


def grant_statements(role: str) -> list[str]:
    """The GRANTs giving ``role`` exactly the service's rights in schema ``public``."""
    if not _ROLE_NAME.match(role):
        raise ValueError(f"not a plain role name: {role!r}")
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    for table in append_only_tables():
        statements.append(f'REVOKE UPDATE, DELETE ON "{table}" FROM {role}')
    return statements


def role_exists(connection: Connection, role: str) -> bool:
    """Whether the database has a role named ``role`` (PostgreSQL's ``pg_roles``)."""
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role})
    return found.first() is not None


def tables_not_owned(connection: Connection) -> list[str]:
    """The tables of schema ``public`` the connected user may not grant on: neither their owner
    (nor a member of the owner's role) nor a superuser. PostgreSQL answers a GRANT on such a
    table with a warning only, granting nothing."""
    rows = connection.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND NOT pg_has_role(current_user, tableowner, 'USAGE') ORDER BY tablename"
        )
    )
    return list(rows.scalars())


def grant_service_role(connection: Connection, role: str) -> None:
    """Apply ``grant_statements(role)`` on ``connection`` (as the tables' owner)."""
    for statement in grant_statements(role):
        connection.execute(text(statement))
