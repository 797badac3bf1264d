"""The scheduler's log lines as the operator reads them (DEPLOY.md §6): APScheduler's own
warnings (a run missed beyond its grace, a run skipped while the last one still runs, a job that
failed) said in Chinese on the ``workshops.scheduler`` logger, and a database that does not
answer named by its cause in Chinese, as every command names it, not with a traceback."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.job import Job
from sqlalchemy.exc import InterfaceError, OperationalError

from cli.trouble import connection_cause
from lifecycle.funding.audit import AUDIT_JOB
from lifecycle.reminders.service import SWEEP_JOB

JOBS = {AUDIT_JOB: "每日专款专用审计", SWEEP_JOB: "每日提醒", "outbox_drain": "发送邮件"}
# APScheduler 3.11's words (apscheduler/executors/base.py, schedulers/base.py) → ours.
WORDS = {
    'Run time of job "%s" was missed by %s': (
        "任务“%s”已错过运行时间（迟了%s，超过允许的延迟），本次不运行，到下次时间再运行"
    ),
    'Execution of job "%s" skipped: maximum number of running instances reached (%d)': (
        "任务“%s”的上一次运行尚未结束，本次跳过（同一任务同时只运行 %d 个）"
    ),
    'Job "%s" raised an exception': "任务“%s”运行出错",
}


def _late(late: timedelta) -> str:
    seconds = int(late.total_seconds())
    if seconds < 60:
        return f"{seconds}秒"
    days, minutes = divmod(seconds // 60, 1440)
    return (f"{days}天" if days else "") + f"{minutes // 60}小时{minutes % 60}分钟"


def _said(arg: object) -> object:
    if isinstance(arg, Job):
        return JOBS.get(arg.id, arg.name)
    if isinstance(arg, timedelta):
        return _late(arg)
    if isinstance(arg, OperationalError | InterfaceError):
        return connection_cause(str(arg.orig or arg))
    return arg


def in_chinese(record: logging.LogRecord) -> bool:
    """Rewrite ``record`` in place as the operator's line (a logging filter; keeps every record)."""
    if isinstance(record.args, tuple):
        record.args = tuple(_said(arg) for arg in record.args)
    if record.name.startswith("apscheduler"):
        record.msg = WORDS.get(str(record.msg), record.msg)
        record.name = "workshops.scheduler"
    failed = record.exc_info[1] if record.exc_info else None
    if isinstance(failed, OperationalError | InterfaceError):  # the database, not our code
        record.msg = f"{record.msg}：数据库无法使用（{str(_said(failed)).replace('%', '%%')}）"
        record.exc_info = None
    return True


def route(handler: logging.Handler) -> None:
    """Write APScheduler's warnings through ``handler`` (the ``workshops`` loggers'), in Chinese;
    its information lines (each job started, each added) stay out as before."""
    handler.addFilter(in_chinese)
    scheduler = logging.getLogger("apscheduler")
    scheduler.addHandler(handler)
    scheduler.setLevel(logging.WARNING)
    scheduler.propagate = False
