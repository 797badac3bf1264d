"""Alembic is the schema's source of truth: the models match the migrations on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, Table, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError

from api.app import create_app
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.db.migrate import downgrade, upgrade
from lifecycle.db.models import Base
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact, remove_contact
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import ContactRole, Role
from tests import factories as f


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


def test_0029_marks_the_audits_past_closures_and_keeps_both_tables_append_only(
    fresh_database_url,
):
    """Findings stored before 0029 are first occurrences; a resolution is the audit's when its
    note is one the audit wrote, a person's otherwise; the rebuilt tables still refuse rewrites."""
    engine = make_engine(fresh_database_url)
    try:
        # Built through the models, so at head (later migrations add columns they write), then
        # taken down to the schema the findings were stored under.
        with UnitOfWork(make_session_factory(engine)) as u:
            designation_id = f.named_designation(u, f.union_tree(u)).id
            u.commit()
        downgrade(fresh_database_url, "0028")
        day, now = date(2026, 5, 1), datetime(2026, 5, 1, 2, tzinfo=UTC)
        notes = {
            "overspent:1:500": "重新审计：该发现已不再成立，由系统自动关闭，原发现保留。",
            "overspent:1:300": (
                "补贴记录（杨工〔2026〕1号）更正：录入有误：该发现所述金额已变化，由系统关闭，"
                "并按现有事实另记一条发现，原发现保留。"
            ),
            "missing_receipt:1": "票据已补交",
        }
        with engine.begin() as conn:
            findings = Table("funding_findings", MetaData(), autoload_with=conn)
            resolutions = Table("funding_resolutions", MetaData(), autoload_with=conn)
            for key, note in notes.items():
                (n,) = conn.execute(
                    insert(findings).values(
                        designation_id=designation_id, kind=key.split(":")[0], key=key,
                        found_on=day, occurred_on=day, message="发现", evidence={},
                        found_by="审计", created_at=now,
                    )
                ).inserted_primary_key  # fmt: skip
                conn.execute(
                    insert(resolutions).values(
                        finding_id=n, outcome="explained", note=note, resolved_on=day,
                        resolved_by="财务", created_at=now,
                    )
                )  # fmt: skip
        upgrade(fresh_database_url)
        with engine.begin() as conn:
            findings = Table("funding_findings", MetaData(), autoload_with=conn)
            resolutions = Table("funding_resolutions", MetaData(), autoload_with=conn)
            stored = conn.execute(
                select(findings.c.key, findings.c.occurrence, resolutions.c.by_audit)
                .join(resolutions, resolutions.c.finding_id == findings.c.id)
                .order_by(findings.c.id)
            ).all()
        assert [(k, n, bool(by)) for k, n, by in stored] == [
            ("overspent:1:500", 1, True),
            ("overspent:1:300", 1, True),
            ("missing_receipt:1", 1, False),
        ]
        for sql in (
            "UPDATE funding_findings SET message = 'x'",
            "DELETE FROM funding_findings",
            "UPDATE funding_resolutions SET by_audit = false",
            "DELETE FROM funding_resolutions",
        ):
            with pytest.raises(DBAPIError), engine.begin() as conn:
                conn.execute(text(sql))
        # Down and up again with the rows in place: every one kept, with its id.
        downgrade(fresh_database_url, "0028")
        upgrade(fresh_database_url)
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM funding_resolutions")).scalar() == 3
        # The same key again is a second occurrence, never a second first one.
        again = {"designation_id": designation_id, "kind": "overspent", "key": "overspent:1:500"}
        again |= {"found_on": day, "occurred_on": day, "message": "发现", "evidence": {}}
        again |= {"found_by": "审计", "created_at": now}
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(insert(findings).values(again))
        with engine.begin() as conn:
            conn.execute(insert(findings).values(again | {"occurrence": 2}))
        with pytest.raises(RuntimeError, match="stored again"):
            downgrade(fresh_database_url, "0028")
    finally:
        engine.dispose()


def test_0036_drops_the_unions_feed_secrets_so_their_old_addresses_stop(fresh_database_url):
    """A union's shared feed address does not become anybody's: after 0036 it answers 404 and
    no user has an address until they make one (the 日历 page says so)."""
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
            u.commit()
        downgrade(fresh_database_url, "0035")
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE unions SET calendar_token = 'union-secret' WHERE id = :id"),
                {"id": tree.district.id},
            )
        upgrade(fresh_database_url)
        engine.dispose()
        assert "calendar_token" not in {c["name"] for c in inspect(engine).get_columns("unions")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM calendar_feeds")).scalar() == 0
    finally:
        engine.dispose()
    app = create_app(Settings(database_url=fresh_database_url, base_url="http://testserver"))
    with TestClient(app) as client:
        assert client.get("/calendar/union-secret.ics").status_code == 404


# The tables whose rows are deleted while the audit log names them by id (0039).
NEVER_REUSED = ("inspections", "inspection_evidence", "union_contacts", "calendar_override_days")


def test_the_tables_never_giving_an_id_again_are_those_the_models_declare(engine):
    """SQLite forgets a deleted highest id unless the table is AUTOINCREMENT (what
    ``compare_metadata`` does not compare): the migrated tables and the models agree."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's sequences never give an id again")
    with engine.connect() as conn:
        stored = {
            name
            for name, sql in conn.execute(text("SELECT name, sql FROM sqlite_master"))
            if sql and "AUTOINCREMENT" in sql.upper()
        }
    declared = {
        t.name for t in Base.metadata.sorted_tables if t.dialect_options["sqlite"]["autoincrement"]
    }
    assert stored == declared == set(NEVER_REUSED)


def _shape(engine: Engine, table: str) -> tuple[object, ...]:
    """Everything of a table but how its ids are given: columns, keys, indexes, constraints."""
    seen = inspect(engine)
    columns = [
        (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
        for c in seen.get_columns(table)
    ]
    return (
        columns,
        seen.get_pk_constraint(table)["constrained_columns"],
        sorted((i["name"], tuple(i["column_names"]), i["unique"]) for i in seen.get_indexes(table)),
        sorted((u["name"], tuple(u["column_names"])) for u in seen.get_unique_constraints(table)),
        sorted((c["name"], c["sqltext"]) for c in seen.get_check_constraints(table)),
        sorted(
            (k["name"], tuple(k["constrained_columns"]), k["referred_table"], str(k["options"]))
            for k in seen.get_foreign_keys(table)
        ),
    )


def _triggers(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
        else:
            rows = conn.execute(
                text(
                    "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
                )
            )
        return {(str(a), str(b)) for a, b in rows}


# Tables created by revisions after 0039, gone when it is downgraded below.
LATER_TABLES = (
    "funding_expenditure_changes",
    "change_request_attachments",
    "leader_event_proofs",
    "rectification_reports",
    "funding_refunds",
    "funding_refund_changes",
)


def test_0039_gives_no_id_again_even_one_removed_before_and_keeps_each_table_whole(
    fresh_database_url,
):
    """A contact removed before 0039 (the highest id, which SQLite then forgot) is not followed
    by one under its id: the counter starts above what the audit log names; the rebuilt tables
    keep every column, key, index, constraint and trigger, down and up."""
    engine = make_engine(fresh_database_url)

    def contact(name: str) -> NewContact:
        return NewContact(tree.unit.id, name, f"{name}@unit.example.cn", ContactRole.OFFICER)

    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            u.commit()
        shapes = {t: _shape(engine, t) for t in NEVER_REUSED}
        triggers = _triggers(engine)
        downgrade(fresh_database_url, "0038")
        engine.dispose()
        assert {t: _shape(engine, t) for t in NEVER_REUSED} == shapes
        # Only the triggers of the tables later revisions add (0040's expenditure changes) go.
        assert _triggers(engine) == {t for t in triggers if not t[0].startswith(LATER_TABLES)}
        with UnitOfWork(make_session_factory(engine)) as u:
            removed = add_contact(u, contact("qian"), scope=EVERYTHING).id
            u.commit()
        with UnitOfWork(make_session_factory(engine)) as u:
            remove_contact(u, tree.unit.id, removed, scope=EVERYTHING, now=datetime.now(UTC))
            u.commit()
        upgrade(fresh_database_url)
        engine.dispose()
        assert {t: _shape(engine, t) for t in NEVER_REUSED} == shapes
        assert _triggers(engine) == triggers
        with UnitOfWork(make_session_factory(engine)) as u:
            assert add_contact(u, contact("sun"), scope=EVERYTHING).id > removed
            u.commit()
    finally:
        engine.dispose()
