"""`workshops import` / `workshops export` on a real database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.sheets import DESIGNATIONS
from lifecycle.config import get_settings
from lifecycle.db import migrate
from tests.adoption_helpers import data_row, set_cell, workbook


@pytest.fixture
def cli(fresh_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    migrate.upgrade(fresh_database_url)
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args), catch_exceptions=False)
    get_settings.cache_clear()


def test_import_names_bad_cells_then_imports_then_exports(cli, tmp_path) -> None:
    good = workbook(sample_registry(titles=5, districts=1))
    path = tmp_path / "名册.xlsx"
    path.write_bytes(set_cell(good, DESIGNATIONS.name, data_row(2), "A", "不存在的方案"))
    refused = cli("import", str(path), "--scope", "all", "--as-of", "2026-12-03")
    assert refused.exit_code == 2
    assert f"「命名」第{data_row(2)}行「命名方案」（A列）" in refused.output
    assert "未导入任何记录" in refused.output
    path.write_bytes(good)
    dry = cli("import", str(path), "--scope", "all", "--dry-run", "--as-of", "2026-12-03")
    assert dry.exit_code == 0, dry.output
    assert "命名：将新增 5，将修改 0，不变 0" in dry.output
    done = cli("import", str(path), "--scope", "all", "--as-of", "2026-12-03")
    assert done.exit_code == 0, done.output
    assert "命名：新增 5，修改 0，不变 0" in done.output
    out = tmp_path / "导出.xlsx"
    exported = cli(
        "export", str(out), "--scope", "上海市总工会/第1区总工会", "--as-of", "2026-12-03"
    )
    assert exported.exit_code == 0, exported.output
    again = cli("import", str(out), "--scope", "上海市总工会/第1区总工会", "--dry-run")
    assert again.exit_code == 0, again.output
    assert "命名：将新增 0，将修改 0，不变 5" in again.output
