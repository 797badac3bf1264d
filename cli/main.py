"""`workshops`: serve, migrate, load the demo, and inspect the calendar and the rule packs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import help_text
from cli.adoption import export_command, import_command
from cli.audit import audit_funding
from cli.calendar import calendar_app
from cli.context import (
    as_of_or_today,
    bad_value,
    console,
    err_console,
    fail,
    reading,
    show_job_logs,
    units_of_work,
)
from cli.leaders import leaders_app
from cli.reminders import drain, scheduler, sweep_command
from cli.usage import run
from cli.users import users_app
from lifecycle.errors import DomainError

# Each command imports the product it needs when it runs (``cli/context.py``): the help, a
# usage error or one command does not load the whole service first.


class ChineseUsageTyper(typer.Typer):
    """The console script's app (``sys.exit(app())``): click's usage errors said in Chinese."""

    def __call__(self, *args: Any, **kwargs: Any) -> int:
        return run(
            lambda: super(ChineseUsageTyper, self).__call__(*args, **kwargs, standalone_mode=False)
        )


help_text.install()
app = ChineseUsageTyper(help="创新工作室全周期管理服务", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="数据库迁移（Alembic）", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(calendar_app, name="calendar")
app.add_typer(leaders_app, name="leaders")
app.add_typer(users_app, name="user")


@contextmanager
def _revision_known(revision: str) -> Iterator[None]:
    """Alembic's refusal of a target (a version that does not exist, one on the wrong side of
    the current one) said in Chinese and exiting 2, not an English traceback; nothing migrated."""
    from alembic.util import CommandError

    from lifecycle.db import migrate

    try:
        yield
    except CommandError as err:
        why = (
            f"没有版本“{revision}”（可用 head、base 或迁移的版本号，如 {migrate.current_head()}）"
            if "Can't locate revision" in str(err)
            else f"不能迁移到版本“{revision}”：{err}"
        )
        raise bad_value("目标版本", why) from None


@db_app.command("upgrade", help="将数据库迁移到指定版本（默认最新）；迁移清空了待办索引时随即重建")
def db_upgrade(revision: str = typer.Argument("head", help="目标版本")) -> None:
    """Migrate the configured database up to REVISION (at head: the occasion index rebuilt if a
    migration emptied it, not left to the next daily sweep)."""
    from lifecycle.clock import now_utc
    from lifecycle.config import get_settings
    from lifecycle.db import migrate
    from lifecycle.occasions import index as occasion_index

    url = get_settings().database_url
    before = migrate.current_revision(url)
    with _revision_known(revision):
        migrate.upgrade(url, revision)
    after = migrate.current_revision(url)
    if after != before:
        console.print(f"数据库已迁移到 {after}（原为 {before or '空库'}）")
    elif revision in ("head", after):
        console.print(f"数据库已是版本 {after}，无需迁移")
    else:  # a version before the current one: upgrading to it does nothing
        console.print(
            f"数据库已是版本 {after}，比目标版本 {revision} 新，未作改动；"
            "回退请用 workshops db downgrade"
        )
    if revision == "head":
        with units_of_work() as uow_factory, uow_factory() as uow:
            built = occasion_index.ensure(uow, as_of_or_today(None), now_utc())
            uow.commit()
        if built is not None:
            console.print(f"待办事项索引已重建：{built.entries} 条，至 {built.through}")


@db_app.command("downgrade", help="将数据库回退到指定版本")
def db_downgrade(revision: str = typer.Argument(..., help="目标版本，如 base")) -> None:
    """Migrate the configured database down to REVISION."""
    from lifecycle.config import get_settings
    from lifecycle.db import migrate

    with _revision_known(revision):
        migrate.downgrade(get_settings().database_url, revision)
    console.print(f"数据库已回退到 {revision}")


@db_app.command(
    "grant", help="授予服务所用数据库角色读写数据的权限（历史表只可追加）；须以表的所有者运行"
)
def db_grant(role: str = typer.Argument(..., help="服务运行所用的数据库角色")) -> None:
    """Give ROLE the service's rights (rows only; history tables insert-only). Run as owner."""
    from lifecycle.config import get_settings
    from lifecycle.db.engine import make_engine
    from lifecycle.db.roles import grant_service_role, role_exists, tables_not_owned

    engine = make_engine(get_settings().database_url)
    try:
        if engine.dialect.name != "postgresql":
            raise typer.BadParameter("仅适用于 PostgreSQL")
        with engine.begin() as conn:
            if not role_exists(conn, role):
                raise bad_value(
                    "角色",
                    f"数据库中没有角色“{role}”：先以超级用户创建它"
                    f"（CREATE ROLE {role} LOGIN PASSWORD '…'，见 docs/DEPLOY.md），再授权",
                )
            foreign = tables_not_owned(conn)
            if foreign:
                err_console.print(
                    f"[red]错误[/red] DATABASE_URL 中的数据库用户不是表的所有者"
                    f"（如 {foreign[0]}，共 {len(foreign)} 张表），无权授予，未作任何修改："
                    "请以运行 workshops db upgrade 的所有者角色运行 db grant",
                    highlight=False,
                    soft_wrap=True,
                )
                raise typer.Exit(code=1)
            grant_service_role(conn, role)
    finally:
        engine.dispose()
    console.print(f"已授予角色 {role} 服务所需的权限（历史表只能查询和追加）")


@app.command(help="迁移数据库并载入演示数据（可重复执行）")
def demo(as_of: str | None = typer.Option(None, "--as-of", help="演示数据的基准日期")) -> None:
    """Migrate and load the demo data (idempotent)."""
    from jobs.tasks import run_daily_audit, sweep_last_week
    from lifecycle.clock import now_utc
    from lifecycle.config import get_settings
    from lifecycle.db import migrate
    from lifecycle.demo.loader import demo_size, load_demo
    from lifecycle.files.storage import FileStorage
    from lifecycle.occasions import index as occasion_index
    from lifecycle.reminders.policy import ReminderPolicy

    day = as_of_or_today(as_of)
    settings = get_settings()
    migrate.upgrade(settings.database_url)
    storage = FileStorage(settings.files_dir, settings.max_upload_bytes)
    with units_of_work() as uow_factory, _progress() as progress:
        task = progress.add_task("载入演示数据", total=demo_size())
        try:
            summary = load_demo(
                uow_factory,
                as_of=day,
                progress=lambda _label: progress.advance(task),
                storage=storage,
            )
        except DomainError as err:
            raise fail(err) from err
    # The dashboards and 待办 lists read the occasion index; build it now, not at the first sweep.
    with units_of_work() as uow_factory:
        with uow_factory() as uow:
            occasion_index.ensure(uow, day, now_utc())
            uow.commit()
        # Today's daily audit, as the scheduler would have run it this morning.
        with uow_factory() as uow:
            run_daily_audit(uow, day, now=now_utc())
            uow.commit()
        # The past week's reminders (mails wait in the outbox until the scheduler sends them).
        sweep_last_week(
            uow_factory, day, policy=ReminderPolicy.from_settings(settings), now=now_utc()
        )
    console.print(summary.line())


@app.command(help="运行网页与接口服务（配置为随服务运行时，同时运行定时任务）")
def serve(
    host: str | None = typer.Option(None, help="监听地址"),
    port: int | None = typer.Option(None, help="端口"),
) -> None:
    """Run the web service (and the scheduler beside it when ``scheduler_in_service``)."""
    import uvicorn

    from cli.trouble import connection_cause, files_dir_trouble, listening_socket
    from lifecycle.config import serving_settings
    from lifecycle.db.health import DatabaseUnreachable, check_reachable

    settings = serving_settings(host, port)
    try:
        check_reachable(settings.database_url)
    except DatabaseUnreachable as err:
        message = f"无法连接数据库 {err.where}：{connection_cause(err.cause)}"
        err_console.print(message, style="red", markup=False, soft_wrap=True)
        err_console.print(
            "服务未启动。请检查 DATABASE_URL；新数据库或升级到新版本后，"
            "先运行 workshops db upgrade",
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
    bind = (host or settings.host, port or settings.port)
    refusal = files_dir_trouble(settings.files_dir)
    listening = listening_socket(*bind) if refusal is None else refusal
    if isinstance(listening, str):
        err_console.print(listening, style="red", markup=False, soft_wrap=True)
        err_console.print("服务未启动。")
        raise typer.Exit(1)
    if settings.scheduler_in_service:
        from jobs.runner import start_in_background

        show_job_logs()
        start_in_background(settings)
    # The app itself believes X-Forwarded-* only from WORKSHOPS_TRUSTED_PROXIES.
    server = uvicorn.Server(
        uvicorn.Config(
            "api.app:create_app", factory=True, host=bind[0], port=bind[1], proxy_headers=False
        )
    )
    console.print(f"服务在 {bind[0]}:{bind[1]} 上监听（按 Ctrl+C 停止）", markup=False)
    with suppress(KeyboardInterrupt):  # Ctrl+C: uvicorn has stopped the service
        server.run(sockets=[listening])  # the socket checked above, never bound a second time
    if not server.started:
        raise typer.Exit(3)  # uvicorn's own code for a service that did not start


app.command("scheduler", help="运行定时任务：每日提醒、经费核查和发信（多实例时只一个执行）")(
    scheduler
)
app.command("sweep", help="生成某一天的提醒及汇总邮件（或只显示将生成的内容）")(sweep_command)
app.command("drain", help="立即发送待发信箱中所有到期的邮件")(drain)
app.command("import", help="导入名册工作簿：先逐格检查，全部无误后在一个事务中写入")(import_command)
app.command("export", help="将某一范围的名册导出为导入模板格式（可原样再导入）")(export_command)
app.command("audit-funding", help="核查全部经费（专款专用）：记录新发现，关闭已不成立的发现")(
    audit_funding
)


@app.command(help="迁移数据库、载入演示数据并运行服务：初次体验只需这一条命令")
def up(
    host: str | None = typer.Option(None, help="监听地址"),
    port: int | None = typer.Option(None, help="端口"),
) -> None:
    """Migrate, load the demo and run the service: the one command for a first look."""
    from lifecycle.config import serving_settings
    from lifecycle.demo.users import welcome

    demo(as_of=None)
    settings = serving_settings(host, port)
    console.print(welcome(settings.base_url))
    serve(host=host, port=port)


@app.command(help="列出各命名类别的规则、负责命名的工会及附件3的处理方式")
def schemes() -> None:
    """List the registered rule packs, their settings, the union naming each one's titles and
    the measures its 附件3 allows."""
    from lifecycle.money import format_fen
    from lifecycle.schemes import all_schemes
    from lifecycle.schemes.base import OVERSIGHT_LABELS
    from lifecycle.views.schemes import scheme_rows

    for scheme in all_schemes():  # one block a scheme: its words wrap, none is cut
        s = scheme.settings
        oversight = OVERSIGHT_LABELS[s.oversight]
        if s.cycle_years:
            oversight += f"（{s.cycle_years}年一个管理周期）"
        amount = f"{format_fen(s.one_off_grant_fen)} 元" if s.one_off_grant_fen else "金额未规定"
        unit = "个工作日" if s.rectification_counts_working_days else "天"
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("管理方式", oversight)
        grid.add_row("一次性拨款", f"{s.one_off_word} {amount}")
        grid.add_row("区级配套", f"不少于1:{s.matching_ratio}" if s.matching_ratio else "—")
        grid.add_row("整改期限", f"{s.rectification_deadline_days}{unit}")
        console.print(f"[bold]{s.name}[/]（{s.code}）")
        console.print(grid)
    with reading() as uow:
        rows = scheme_rows(uow)
    naming = Table(title="命名工会与管理变更措施")
    naming.add_column("命名工会", overflow="fold")  # wrapped, never cut: each word counts
    naming.add_column("附件3可采取的措施", overflow="fold")
    naming.add_column("代码", no_wrap=True)
    for row in rows:
        union = row.naming_union
        named = union.name if union.id is not None else f"{union.name}（工会树中尚无）"
        measures = "、".join(label for _, label in row.change_measures) or "不适用附件3"
        naming.add_row(named, measures, row.settings.code)
    console.print(naming)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
