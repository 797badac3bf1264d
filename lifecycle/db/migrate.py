"""Run Alembic migrations programmatically (CLI, tests, the demo command)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine

from lifecycle.db.engine import normalise_url


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("migrations")))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Take the database at `url` down to `revision`."""
    command.downgrade(alembic_config(url), revision)


def current_head() -> str:
    """The newest migration's version (named as an example of a target)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head or "head"


def behind_head(url: str) -> tuple[str, str] | None:
    """(the database's version, the newest) when the database at ``url`` is at an older version
    of this release's migrations; None at head, never migrated, or at a version this release
    does not know (a newer release migrated it: its instances may still run during a rollout)."""
    return _behind(current_revision(url))


def behind_on(connection: Connection) -> tuple[str, str] | None:
    """``behind_head`` of the database ``connection`` is open on."""
    return _behind(MigrationContext.configure(connection).get_current_revision())


def _behind(current: str | None) -> tuple[str, str] | None:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current is None or head is None or current == head:
        return None
    known = {revision.revision for revision in script.walk_revisions()}
    return (current, head) if current in known else None


def current_revision(url: str) -> str | None:
    """The version the database at ``url`` is at (None: never migrated)."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
