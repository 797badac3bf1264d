"""`workshops leaders retiring` on a real database: the list and its Excel export."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app
from lifecycle.config import get_settings
from tests import factories as f
from tests import leader_factories as lf
from tests.committed import unit_on


@pytest.fixture
def cli(fresh_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args), catch_exceptions=False)
    get_settings.cache_clear()


def _retiring_leader(url: str) -> tuple[int, str]:
    """A Yangpu title whose leader 卫师傅 reaches the legal age on 2027-08-10: its district's id
    and path."""
    with unit_on(url) as u:
        tree = f.union_tree(u)
        leader = f.person(u, name="卫师傅", birth_date=date(1967, 1, 10), union_id=tree.unit.id)
        f.named_designation(u, tree, shop=lf.led_workshop(u, tree, leader))
        u.commit()
        return tree.district.id, "/".join(a.name for a in (tree.city, tree.district))


def test_retiring_leaders_from_the_command_line(cli, fresh_database_url, tmp_path):
    district, _ = _retiring_leader(fresh_database_url)
    out = tmp_path / "retiring.xlsx"
    result = cli("leaders", "retiring", str(district), "--as-of", "2026-11-21", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    assert "卫师傅" in result.output
    assert "2027-08-10" in result.output
    # An 80-column terminal wraps the table's cells, never cuts them short with 「…」.
    assert "…" not in result.output, result.output
    ws = load_workbook(out).worksheets[0]
    assert ws.cell(row=3, column=5).value == "卫师傅"
    refused = cli("leaders", "retiring", str(district), "--months", "99")
    assert refused.exit_code == 2


def test_retiring_leaders_of_a_union_named_by_its_path(cli, fresh_database_url):
    """The union as every other command takes it (a path, as ``export --scope``); a path naming
    no union is refused naming it, exit 2."""
    _, path = _retiring_leader(fresh_database_url)
    result = cli("leaders", "retiring", path, "--as-of", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert "卫师傅" in result.output
    refused = cli("leaders", "retiring", f"{path}/没有这个工会", "--as-of", "2026-11-21")
    assert refused.exit_code == 2
    assert f"工会“{path}/没有这个工会”不存在" in refused.output
