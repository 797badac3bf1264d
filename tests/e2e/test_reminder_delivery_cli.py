"""`workshops sweep --dry-run`, `workshops sweep` and `workshops drain` on a real database and a
real SMTP server."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.config import get_settings
from tests.e2e.reminder_support import make_world, yangpu_titles

pytestmark = pytest.mark.e2e


def test_dry_run_shows_then_sweep_writes_once_and_drain_sends(
    fresh_database_url, server, monkeypatch
):
    world = make_world(fresh_database_url, server)
    _tree, [title], address = yangpu_titles(world)
    world.close()
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("WORKSHOPS_SMTP_PORT", str(server.port))
    monkeypatch.setenv("WORKSHOPS_BASE_URL", "https://gzs.example.cn")
    get_settings.cache_clear()
    runner = CliRunner()

    def cli(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})

    try:
        shown = cli("sweep", "--as-of", "2026-03-08", "--dry-run")
        assert shown.exit_code == 0, shown.output
        assert "将发送 1 封汇总邮件，共 1 项事项（其中新提醒 1 项）" in shown.output
        assert address in shown.output
        assert f"https://gzs.example.cn/designations/{title.id}#inspections" in shown.output
        assert "还有7天到期" in shown.output
        written = cli("sweep", "--as-of", "2026-03-08")
        assert "已生成 1 封汇总邮件" in written.output
        assert "已生成过" in cli("sweep", "--as-of", "2026-03-08").output
        assert "将发送 0 封" in cli("sweep", "--as-of", "2026-03-08", "--dry-run").output
        sent = cli("drain")
        assert sent.exit_code == 0, sent.output
        assert "已发送 1 封" in sent.output
        assert len(server.inbox.raw) == 1
    finally:
        get_settings.cache_clear()
