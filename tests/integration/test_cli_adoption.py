"""`workshops import` / `workshops export` on a real database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.sheets import DESIGNATIONS, MEMBERS, WORKSHOPS
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


def test_a_registered_member_or_workshop_changed_by_the_file_is_checked_as_a_new_one(
    cli, tmp_path
) -> None:
    """A re-imported file correcting a registered member or workshop is held to the rules of
    adding one: a bad period, years of work or founding date is a bad cell, not a database
    error after half the file, and nothing is written; a good correction is written."""
    good = workbook(sample_registry(titles=2, districts=1))
    path = tmp_path / "名册.xlsx"
    path.write_bytes(good)
    assert cli("import", str(path), "--scope", "all", "--as-of", "2026-12-03").exit_code == 0
    bad = set_cell(good, MEMBERS.name, data_row(0), "E", "2015-06-30")  # left before joining
    bad = set_cell(bad, MEMBERS.name, data_row(1), "H", -3)
    bad = set_cell(bad, WORKSHOPS.name, data_row(0), "E", "2099-01-01")
    path.write_bytes(bad)
    for dry in ((), ("--dry-run",)):
        refused = cli("import", str(path), "--scope", "all", "--as-of", "2026-12-03", *dry)
        assert refused.exit_code == 2, refused.output
        assert "冲突" not in refused.output
        assert f"「成员」第{data_row(0)}行「离开日期」（E列）：离开日期不能早于加入日期" in (
            refused.output
        )
        assert f"「成员」第{data_row(1)}行「工作年限」（H列）：工作年限应在0至80年之间" in (
            refused.output
        )
        assert f"「工作室」第{data_row(0)}行「成立日期」（E列）：成立日期不能晚于" in (
            refused.output
        )
        assert "共5处错误，未导入任何记录" in refused.output  # the date: 3 rules
    corrected = set_cell(good, MEMBERS.name, data_row(0), "E", "2020-06-30")
    path.write_bytes(set_cell(corrected, WORKSHOPS.name, data_row(0), "C", "更正后的单位"))
    done = cli("import", str(path), "--scope", "all", "--as-of", "2026-12-03")
    assert done.exit_code == 0, done.output
    assert "工作室：新增 0，修改 1，不变 1" in done.output
    assert "成员：新增 0，修改 1，不变 1" in done.output
