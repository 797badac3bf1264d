"""`workshops sweep --dry-run` in an ordinary 80-column terminal: every item whole, counted as
the mails hold them (DOMAIN §6)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from cli.main import app
from lifecycle.clock import today_shanghai
from lifecycle.config import get_settings
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.service import SWEEP_JOB
from tests import factories as f
from tests.committed import unit_on


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
    with unit_on(fresh_database_url) as u:
        tree = f.union_tree(u)
        title = f.named_designation(u, tree)  # cycle 1 ends 2026-03-15 [Y12]
        u.commit()
        designation, label = title.id, f"{title.title}（{title.number}）"
    shown = cli("sweep", "--as-of", "2026-03-08", "--dry-run")
    assert shown.exit_code == 0, shown.output
    # The inspection and the drift warning (no achievement in two years [Y3]), in one mail.
    assert "将发送 1 封汇总邮件，共 2 项事项（其中新提醒 2 项）" in shown.output
    # The line is the console's own: not cut to the terminal's width with 「…」.
    assert f"{label}：第1个管理周期末实地检查（还有7天到期，到期日2026年3月15日）" in shown.output
    assert f"https://gzs.example.cn/designations/{designation}#inspections" in shown.output
    assert "…" not in shown.output
    # The drift warning has no due date: the line says since when it warns, as the mail does.
    (warning,) = [line for line in shown.output.splitlines() if "预警" in line]
    assert re.search(r"提醒事项，自\d{4}年\d{1,2}月\d{1,2}日起提醒", warning)
    assert "到期日" not in warning


def test_a_day_not_yet_come_is_only_previewed_never_written(cli, fresh_database_url):
    """`workshops sweep --as-of` a later day (a typed 2062 for 2026) would mail every union
    reminders and 逾期 notices not yet true and stop the catch-up of missed days: refused in
    Chinese, nothing written; the dry run still shows it, and today's sweep runs."""
    with unit_on(fresh_database_url) as u:
        f.named_designation(u, f.union_tree(u))
        u.commit()
    later = (today_shanghai() + timedelta(days=400)).isoformat()
    refused = cli("sweep", "--as-of", later)
    assert refused.exit_code == 2, refused.output
    assert "不能为尚未到来的日期" in refused.output
    assert "只预览请加 --dry-run" in refused.output
    with unit_on(fresh_database_url) as u:
        assert u.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert u.reminders.last_run_date(SWEEP_JOB) is None
    previewed = cli("sweep", "--as-of", later, "--dry-run")
    assert previewed.exit_code == 0, previewed.output
    # How many mails that day holds depends on today's date (the title's reminder days): the
    # preview is shown, and still nothing is written.
    assert re.search(rf"{later}：将发送 \d+ 封汇总邮件", previewed.output), previewed.output
    with unit_on(fresh_database_url) as u:
        assert u.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert u.reminders.last_run_date(SWEEP_JOB) is None
    assert cli("sweep").exit_code == 0


def test_a_day_before_the_last_swept_one_is_only_previewed_never_mailed(cli, fresh_database_url):
    """`workshops sweep --as-of` a day before the last sweep's would mail today a digest worded
    as of that day (「截至2026年3月1日」, 「还有14天到期」) beside the later day's: refused in
    Chinese, nothing written; the dry run still shows it."""
    with unit_on(fresh_database_url) as u:
        f.named_designation(u, f.union_tree(u))  # cycle 1 ends 2026-03-15 [Y12]
        u.commit()
    assert cli("sweep", "--as-of", "2026-03-08").exit_code == 0
    refused = cli("sweep", "--as-of", "2026-01-14")  # the 60 days' reminder
    assert refused.exit_code == 2, refused.output
    assert (
        "2026年3月8日的提醒已经生成，不能再补生成更早日期（2026年1月14日）的提醒" in refused.output
    )
    assert "只预览请加 --dry-run" in refused.output
    assert "将发送 1 封" in cli("sweep", "--as-of", "2026-01-14", "--dry-run").output
    with unit_on(fresh_database_url) as u:
        assert u.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        assert u.reminders.run_dates(SWEEP_JOB, date(2026, 1, 1)) == {date(2026, 3, 8)}


def test_overdue_every_days_zero_mails_an_overdue_duty_once_never_again(
    cli, fresh_database_url, monkeypatch
):
    """DEPLOY.md §5: WORKSHOPS_REMINDER_OVERDUE_EVERY_DAYS=0 repeats an overdue mail never; the
    first day overdue is still told (below 0: `test_cli_install_faults.py`)."""
    with unit_on(fresh_database_url) as u:
        f.named_designation(u, f.union_tree(u))  # cycle 1 ends 2026-03-15 [Y12]
        u.commit()
    inspection = "第1个管理周期末实地检查"
    weekly = cli("sweep", "--as-of", "2026-03-23", "--dry-run")  # the default: every 7 days
    assert weekly.exit_code == 0, weekly.output
    assert inspection in weekly.output
    monkeypatch.setenv("WORKSHOPS_REMINDER_OVERDUE_EVERY_DAYS", "0")
    get_settings.cache_clear()
    first = cli("sweep", "--as-of", "2026-03-16", "--dry-run")
    assert first.exit_code == 0, first.output
    assert inspection in first.output
    again = cli("sweep", "--as-of", "2026-03-23", "--dry-run")
    assert again.exit_code == 0, again.output
    assert inspection not in again.output
