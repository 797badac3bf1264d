"""`workshops scheduler`, `workshops sweep`, `workshops drain`: the reminder jobs by hand (§6)."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Mapping
from datetime import date
from types import FrameType
from typing import TYPE_CHECKING, Any

import typer

from cli.context import (
    as_of_or_today,
    bad_value,
    console,
    require_migrated,
    show_job_logs,
    units_of_work,
)
from lifecycle.clock import chinese_date, now_utc, today_shanghai
from lifecycle.occasions.model import WARNING_KINDS

if TYPE_CHECKING:
    from lifecycle.reminders.service import SweepResult


def scheduler() -> None:
    """Run the scheduler: passive until it holds the database's leader lock, then active."""
    from jobs.runner import build_runner
    from lifecycle.config import get_settings
    from lifecycle.db.engine import make_engine

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        require_migrated(engine)  # a standby started before the upgrade would run the jobs
    finally:
        engine.dispose()
    runner = build_runner(settings)
    show_job_logs()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        runner.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    console.print("调度器已启动：取得数据库主控锁后开始运行，否则保持待命")
    runner.run()
    console.print("调度器已停止")


def _print(result: SweepResult, *, dry_run: bool) -> None:
    """The day's digests as their recipients will read them: every item whole, one to a line
    (the terminal wraps it, never cut short with 「…」), counting what the mails hold."""
    from lifecycle.config import get_settings

    if result.already_ran:
        console.print(f"{result.as_of} 的提醒已生成过，本次未新增任何邮件")
        return
    verb = "将发送" if dry_run else "已生成"
    held = sum(len(d.items) for d in result.digests)
    console.print(
        f"{result.as_of}：{verb} {len(result.digests)} 封汇总邮件，共 {held} 项事项"
        f"（其中新提醒 {result.items_created} 项）"
    )
    base = get_settings().base_url.rstrip("/")
    for digest in result.digests:
        say(f"\n{digest.recipient_name} <{digest.recipient_email}>：{len(digest.items)} 项")
        for number, item in enumerate(digest.items, start=1):
            relay = f"（代{item['on_behalf_of']}接收）" if item.get("on_behalf_of") else ""
            say(f"  {number}. {item['subject']}：{item['title']}{relay}（{_when(item)}）")
            say(f"     {base}{item['link']}")


def _when(item: Mapping[str, Any]) -> str:
    """The item's step and day as its mail words them: a warning's day is when it began and a
    step without a deadline's when it began waiting, neither a due date."""
    from lifecycle.reminders.policy import undated_step

    due = item["due_on"]
    day = chinese_date(due if isinstance(due, date) else date.fromisoformat(due))  # as mailed
    if undated_step(item.get("step")):
        return f"{item['step_label']}，无规定办理期限，自{day}起等待办理"
    if item["kind"] in WARNING_KINDS:
        return f"{item['step_label']}，提醒事项，自{day}起提醒"
    return f"{item['step_label']}，到期日{day}"


def say(line: str) -> None:
    """One line as it is: no markup read into brackets, no line breaks put in by the console."""
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def sweep_command(
    as_of: str | None = typer.Option(None, "--as-of", help="提醒日期（YYYY-MM-DD），默认今天"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示将要发送的内容，不写入"),
) -> None:
    """Sweep one date: write the day's reminders and digests (or only show them)."""
    from jobs.tasks import run_sweep
    from lifecycle.config import get_settings
    from lifecycle.reminders.policy import (
        ReminderPolicy,
        future_sweep_refusal,
        past_sweep_refusal,
    )
    from lifecycle.reminders.service import SWEEP_JOB, sweep

    day = as_of_or_today(as_of)
    refusal = None if dry_run else future_sweep_refusal(day, today_shanghai())
    if refusal is not None:
        raise bad_value("提醒日期（--as-of）", f"{refusal}；只预览请加 --dry-run")
    settings = get_settings()
    policy = ReminderPolicy.from_settings(settings)
    with units_of_work() as uow_factory, uow_factory() as uow:
        if dry_run:
            result = sweep(uow, day, policy=policy, now=now_utc())  # rolled back on exit
        else:
            late = past_sweep_refusal(day, uow.reminders.last_run_date(SWEEP_JOB))
            if late is not None:
                raise bad_value("提醒日期（--as-of）", f"{late}；只预览请加 --dry-run")
            result = run_sweep(uow, day, policy=policy, now=now_utc())
            uow.commit()
    _print(result, dry_run=dry_run)


def drain() -> None:
    """Send every due mail of the outbox now."""
    from lifecycle.config import get_settings
    from notifications.delivery import drainer_from_settings

    settings = get_settings()
    with units_of_work() as uow_factory:
        report = drainer_from_settings(settings, uow_factory).drain(now_utc)
    console.print(f"已发送 {report.sent} 封，待重试 {report.retried} 封，失败 {report.failed} 封")
    if report.withdrawn:
        say(f"另有 {report.withdrawn} 封所列事项在发送前均已办结，已撤回未发送（见邮件发件箱）")
    for error, count in Counter(report.errors).most_common(10):  # each cause once, not per mail
        say(f"{error}（{count} 封）")
    if report.retried:
        say(
            "待重试的邮件留在邮件发件箱，定时任务按间隔自动重试（无需重新生成提醒）。"
            f"请检查邮件服务器 {settings.smtp_host}:{settings.smtp_port} 是否可达，以及 "
            "WORKSHOPS_SMTP_HOST、WORKSHOPS_SMTP_PORT、WORKSHOPS_SMTP_STARTTLS/_USE_TLS、"
            "WORKSHOPS_SMTP_USERNAME/_PASSWORD 的设置；修正后可再运行 workshops drain"
        )
    if report.failed:
        say(
            "发送失败的邮件不再自动重试：系统管理员可在 系统管理 → 邮件发件箱"
            "（/admin/outbox）查看原因并重试"
        )
    if report.retried or report.failed:
        raise typer.Exit(code=1)
