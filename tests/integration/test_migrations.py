"""Alembic is the schema's source of truth: the models match the migrations on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lifecycle.db.engine import make_engine
from lifecycle.db.migrate import downgrade, upgrade
from lifecycle.db.models import Base


def test_models_match_migrations(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_downgrade_and_upgrade_round_trip(fresh_database_url):
    downgrade(fresh_database_url, "base")
    eng = make_engine(fresh_database_url)
    try:
        assert set(inspect(eng).get_table_names()) <= {"alembic_version"}
        upgrade(fresh_database_url)
        eng.dispose()
        tables = set(inspect(eng).get_table_names())
    finally:
        eng.dispose()
    assert {
        "unions",
        "persons",
        "workshops",
        "designations",
        "designation_status_changes",
    } <= tables


def test_sqlite_enforces_foreign_keys(engine):
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
