"""`workshops sweep --dry-run` in an ordinary 80-column terminal: every item whole, counted as
the mails hold them (DOMAIN §6)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.config import get_settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from tests import factories as f


@pytest.fixture
def cli(fresh_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("WORKSHOPS_BASE_URL", "https://gzs.example.cn")
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(
        app, list(args), catch_exceptions=False, env={"COLUMNS": "80"}
    )
    get_settings.cache_clear()


def test_a_dry_run_shows_each_item_whole_in_a_narrow_terminal(cli, fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            title = f.named_designation(u, tree)  # cycle 1 ends 2026-03-15 [Y12]
            u.commit()
            designation, label = title.id, f"{title.title}（{title.number}）"
    finally:
        engine.dispose()
    shown = cli("sweep", "--as-of", "2026-03-08", "--dry-run")
    assert shown.exit_code == 0, shown.output
    # The inspection and the drift warning (no achievement in two years [Y3]), in one mail.
    assert "将发送 1 封汇总邮件，共 2 项事项（其中新提醒 2 项）" in shown.output
    # The line is the console's own: not cut to the terminal's width with 「…」.
    assert f"{label}：第1个管理周期末实地检查（还有7天到期，到期日 2026-03-15）" in shown.output
    assert f"https://gzs.example.cn/designations/{designation}#inspections" in shown.output
    assert "…" not in shown.output
    # The drift warning has no due date: the line says since when it warns, as the mail does.
    (warning,) = [line for line in shown.output.splitlines() if "预警" in line]
    assert "提醒事项，自 " in warning
    assert "到期日" not in warning
