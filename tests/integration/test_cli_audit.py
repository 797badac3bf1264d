"""`workshops audit-funding`: the full audit from the command line stores what the rules find."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cli.main import app
from lifecycle.clock import today_shanghai
from lifecycle.config import get_settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.model import AuditFinding, Expenditure
from lifecycle.funding.vocab import FindingKind
from lifecycle.uow import UnitOfWork
from tests import factories as f


@pytest.fixture
def cli(fresh_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args), catch_exceptions=False)
    get_settings.cache_clear()


def test_the_command_stores_the_findings_once(cli, fresh_database_url):
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        # Loaded as an import would, without the audit on entry.
        u.session.add(
            Expenditure(
                designation_id=d.id,
                spent_on=date(2026, 5, 1),
                amount_fen=30_000,
                payee="某旅行社",
                category=ExpenditureCategory.TRAVEL,
                description="差旅",
                receipt_ref="FP-1",
                entered_by="导入",
            )
        )
        u.commit()
        designation_id = d.id
    first = cli("audit-funding", "--as-of", "2026-11-21")
    assert first.exit_code == 0, first.output
    assert "新增" in first.output
    again = cli("audit-funding", "--as-of", "2026-11-21")
    assert "新增 0 项" in again.output
    with UnitOfWork(factory) as u:
        kinds = u.session.scalars(
            select(AuditFinding.kind).where(AuditFinding.designation_id == designation_id)
        ).all()
    engine.dispose()
    assert FindingKind.FORBIDDEN_CATEGORY in kinds
    assert FindingKind.OVERSPENT in kinds  # no grant received


def test_a_day_not_yet_come_is_refused_for_the_audit_and_the_import(cli, tmp_path):
    """An --as-of after today would store findings not yet true (audit) or let records dated in
    the future pass the import's checks: refused in Chinese, exit 2, nothing read or written."""
    later = (today_shanghai() + timedelta(days=30)).isoformat()
    audit = cli("audit-funding", "--as-of", later)
    assert audit.exit_code == 2, audit.output
    assert "日期（--as-of）：不能晚于今天（" in audit.output
    missing = tmp_path / "名册.xlsx"
    missing.write_bytes(b"")
    imported = cli("import", str(missing), "--scope", "all", "--as-of", later, "--dry-run")
    assert imported.exit_code == 2, imported.output
    assert "更晚的日期会让将来的日期通过检查" in imported.output
