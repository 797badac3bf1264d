"""The `workshops` command on a real database: migrations, calendar overrides, retirement."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from lifecycle.config import get_settings


@pytest.fixture
def cli(fresh_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", fresh_database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, list(args), catch_exceptions=False)
    get_settings.cache_clear()


def test_working_day_arithmetic_flags_unpublished_years(cli):
    published = cli("calendar", "add", "2026-02-13", "1")
    assert published.exit_code == 0
    assert "2026-02-14" in published.output
    assert "暂定" not in published.output
    beyond = cli("calendar", "add", "2026-12-20", "15")
    assert beyond.exit_code == 0
    assert "2027-" in beyond.output
    assert "暂定" in beyond.output


def test_calendar_import_overrides_an_unpublished_year(cli, tmp_path):
    csv = tmp_path / "2027.csv"
    csv.write_text("date,kind\n2027-01-01,holiday\n2027-01-04,holiday\n2027-01-09,workday\n")
    imported = cli("calendar", "import", str(csv))
    assert imported.exit_code == 0, imported.output
    assert "2027 年：写入 3 天" in imported.output
    result = cli("calendar", "add", "2027-01-01", "1")
    assert "2027-01-05" in result.output
    assert "暂定" not in result.output


def test_bad_override_file_names_the_line_and_writes_nothing(cli, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("2027-01-01,holiday\n2027-13-01,holiday\n")
    result = cli("calendar", "import", str(csv))
    assert result.exit_code == 2
    assert "第2行" in result.output
    after = cli("calendar", "add", "2026-12-31", "1")
    assert "暂定" in after.output  # 2027 still unknown: nothing was imported


def test_retirement_command(cli):
    result = cli("calendar", "retirement", "1965-05-10", "male")
    assert result.exit_code == 0
    assert "60岁2个月" in result.output
    assert "2025-07-10" in result.output
    assert "男职工" in result.output  # the group in words, not its code


def test_a_day_that_does_not_exist_is_named_as_such_not_as_a_bad_format(cli):
    for args, said in (
        (("calendar", "add", "2026-02-30", "3"), "没有2026-02-30这一天"),
        (("calendar", "retirement", "1965-13-01", "male"), "没有1965-13-01这一天"),
        (("calendar", "add", "2026/2/3", "3"), "格式应为 YYYY-MM-DD"),
        (("leaders", "retiring", "1", "--as-of", "2026-04-31"), "没有2026-04-31这一天"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert said in " ".join(result.output.split()), result.output


def test_schemes_lists_every_pack(cli):
    result = cli("schemes")
    assert result.exit_code == 0
    for code in ("yangpu-district", "shanghai-model-worker", "shanghai-craftsman", "leshan-city"):
        assert code in result.output
    # Each in words, not the settings' codes: 乐山's money is its notice's 一次性奖励 [L 三].
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert "管理方式 管理周期末实地检查（3年一个管理周期）" in lines
    assert "一次性拨款 一次性补贴 10,000.00 元" in lines
    assert "一次性拨款 一次性奖励 金额未规定" in lines
    assert "区级配套 不少于1:1" in lines
    assert "cycle_inspection" not in result.output


def test_upgrade_to_head_rebuilds_an_emptied_occasion_index(cli, fresh_database_url):
    from sqlalchemy import delete, func, select

    from lifecycle.db import migrate
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.occasions.index_model import OccasionEntry, OccasionIndexState
    from lifecycle.uow import UnitOfWork
    from tests import factories as f

    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            f.named_designation(u, f.union_tree(u))
            u.commit()
        first = cli("db", "upgrade")
        assert first.exit_code == 0, first.output
        assert "待办事项索引已重建" in first.output
        head = migrate.current_head()
        assert f"数据库已是版本 {head}，无需迁移" in first.output
        older = cli("db", "upgrade", "0053")  # before the current version: nothing happens
        assert older.exit_code == 0, older.output
        assert f"数据库已是版本 {head}，比目标版本 0053 新，未作改动" in older.output
        assert cli("db", "downgrade", "0053").exit_code == 0
        back = cli("db", "upgrade")
        assert f"数据库已迁移到 {head}（原为 0053）" in back.output
        with UnitOfWork(factory) as u:  # what a migration reshaping the index does
            u.session.execute(delete(OccasionIndexState))
            u.session.execute(delete(OccasionEntry))
            u.commit()
        again = cli("db", "upgrade")
        assert "待办事项索引已重建" in again.output
        with UnitOfWork(factory) as u:
            assert u.session.scalar(select(func.count()).select_from(OccasionEntry)) > 0
        assert "索引" not in cli("db", "upgrade").output  # nothing to do the third time
    finally:
        engine.dispose()


def test_schemes_names_each_naming_union_and_its_change_measures(cli, fresh_database_url):
    """The namer as the union tree has it (the pack's wording, marked, where it has none)
    [Y7][S7][L 一]; 附件3: 摘牌 alone for a model-worker title [S9], three for a craftsman's
    [C 三（六）]."""
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.uow import UnitOfWork
    from tests import factories as f

    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            city = f.union_tree(u).city.name
            u.commit()
    finally:
        engine.dispose()
    result = cli("schemes")
    assert result.exit_code == 0, result.output
    rows: dict[str, list[str]] = {}
    code = ""
    for line in result.output.splitlines():  # cells wrap: join each row's lines by its code
        parts = line.split("│")
        if len(parts) != 5:
            continue
        union, measures, shown = (p.strip() for p in parts[1:4])
        code = shown or code  # a wrapped row's further lines leave the code blank
        rows.setdefault(code, ["", ""])
        rows[code] = [rows[code][0] + union, rows[code][1] + measures]
    assert rows["yangpu-district"] == ["杨浦区总工会", "不适用附件3"]
    assert rows["shanghai-model-worker"] == [city, "退出管理序列（摘牌）"]
    assert rows["shanghai-craftsman"] == [
        city,
        "领衔人变更、退出管理序列（保留工作室称号）、退出管理序列（摘牌）",
    ]
    assert rows["leshan-city"] == ["乐山市总工会（工会树中尚无）", "不适用附件3"]


def test_a_file_the_command_cannot_read_or_write_is_refused_in_chinese(cli, tmp_path):
    """No traceback and exit 2 where a file cannot be read or written: a directory, a missing
    folder, bytes that are no text, a file without any date; a GBK CSV as Excel saves it on a
    Chinese Windows is read."""
    assert cli("db", "upgrade").exit_code == 0
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("日期,类型\n2027-01-01,休\n2027-01-09,班\n".encode("gbk"))
    read = cli("calendar", "import", str(gbk))
    assert read.exit_code == 0, read.output
    assert "2027 年：写入 2 天的调整" in read.output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    refused = cli("calendar", "import", str(binary))
    assert (refused.exit_code, "Traceback" in refused.output) == (2, False)
    assert "不是文本文件（应为 UTF-8 或 GBK 编码的 CSV）" in refused.output
    empty = tmp_path / "empty.csv"
    empty.write_text("date,kind\n")
    nothing = cli("calendar", "import", str(empty))
    assert nothing.exit_code == 2
    assert "文件中没有任何日期" in nothing.output
    folder = cli("calendar", "import", str(tmp_path))
    assert folder.exit_code == 2
    missing = tmp_path / "没有这个目录" / "名册.xlsx"
    exported = cli("export", str(missing), "--scope", "all")
    assert exported.exit_code == 2
    assert "不能写入：文件或其所在目录不存在" in exported.output


def test_an_unknown_migration_target_is_named_in_chinese_and_nothing_migrates(cli):
    for command in ("upgrade", "downgrade"):
        result = cli("db", command, "nonsense")
        assert result.exit_code == 2, result.output
        assert "没有版本“nonsense”（可用 head、base 或迁移的版本号" in result.output
        assert "Traceback" not in result.output


def test_importing_a_published_year_warns_that_the_file_replaces_it_whole(cli, tmp_path):
    """One added day for 2026 (published by the State Council) replaces the whole year: the
    operator is told the published days are no longer used, not only 「写入 1 天」."""
    csv = tmp_path / "2026.csv"
    csv.write_text("2026-10-09,holiday\n")
    imported = cli("calendar", "import", str(csv))
    assert imported.exit_code == 0, imported.output
    assert "2026 年：写入 1 天的调整" in imported.output
    assert "2026 年国务院已公布放假安排" in imported.output
    assert "整年以本文件为准" in imported.output
    unpublished = tmp_path / "2099.csv"
    unpublished.write_text("2099-01-01,holiday\n")
    quiet = cli("calendar", "import", str(unpublished))
    assert "国务院已公布" not in quiet.output
