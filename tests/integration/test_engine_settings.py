"""Every connection the service opens is set up as ``lifecycle.db.engine`` says."""

from __future__ import annotations

from sqlalchemy import Engine, text


def test_each_connection_carries_the_services_settings(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # Planned for its own parameters however often a statement runs (no generic plan).
            mode = connection.execute(text("SHOW plan_cache_mode")).scalar_one()
            assert mode == "force_custom_plan"
        else:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == 30000
