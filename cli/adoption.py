"""`workshops import` / `workshops export`: a union's registry in and out of the Excel template."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.context import (
    as_of_or_today,
    as_of_past_or_today,
    console,
    err_console,
    fail,
    units_of_work,
    write_file,
)
from lifecycle.actors import Actor
from lifecycle.adoption.separator import PATH_SEPARATOR
from lifecycle.errors import DomainError

if TYPE_CHECKING:
    from lifecycle.scope import Scope
    from lifecycle.uow import UnitOfWork

CLI_ACTOR = Actor(name="命令行导入")
SCOPE_HELP = f"范围：all（整个名册）或工会路径（如 上海市总工会{PATH_SEPARATOR}杨浦区总工会）"


def _scope(uow: UnitOfWork, value: str) -> Scope:
    """``all``, or the subtree of the union a name path names (scope is never implied)."""
    from lifecycle.adoption.plan import UnionPaths
    from lifecycle.scope import EVERYTHING, Scope

    if value == "all":
        return EVERYTHING
    parts = tuple(p.strip() for p in value.split(PATH_SEPARATOR))
    union = UnionPaths(uow.registry.unions(), EVERYTHING).by_path.get(parts)
    if union is None:
        raise typer.BadParameter(f"工会“{value}”不存在", param_hint="--scope")
    return Scope.subtree(union.path)


def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="按模板填写的 .xlsx 文件"),
    scope: str = typer.Option(..., "--scope", help=SCOPE_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help="试导入：只报告将新增、修改、不变的记录"),
    as_of: str | None = typer.Option(None, "--as-of", help="导入基准日期（默认今天）"),
) -> None:
    """Import a registry workbook: every cell checked first, all written in one transaction."""
    from lifecycle.adoption.errors import RegistryRejected, more_cells
    from lifecycle.adoption.service import import_registry

    day = as_of_past_or_today(as_of, "每个日期按它检查，更晚的日期会让将来的日期通过检查")
    content = file.read_bytes()
    with units_of_work() as uow_factory, _progress() as progress:
        task = progress.add_task("导入名册", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        with uow_factory() as uow:
            try:
                report = import_registry(
                    uow, content, actor=CLI_ACTOR, as_of=day, scope=_scope(uow, scope),
                    dry_run=dry_run, progress=advance,
                )  # fmt: skip
                if not dry_run:
                    uow.commit()
            except RegistryRejected as err:
                progress.stop()
                for cell in err.cells:
                    # One line a cell (to grep or redirect), its text never read as markup.
                    line = f"[red]错误[/red] {escape(cell.line())}"
                    err_console.print(line, highlight=False, soft_wrap=True)
                if err.more:
                    err_console.print(more_cells(err.more))
                err_console.print(f"共{err.total}处错误，未导入任何记录")
                raise typer.Exit(code=2) from err
            except DomainError as err:
                raise fail(err) from err
    console.print("试导入（未写入）：" if dry_run else "已导入：")
    for line in report.lines():
        console.print(f"  {line}")
    for name, cutover in report.cutovers:
        console.print(f"  {name} 系统启用日期 {cutover.isoformat()}")


def export_command(
    file: Path = typer.Argument(..., dir_okay=False, help="写入的 .xlsx 文件"),
    scope: str = typer.Option(..., "--scope", help=SCOPE_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help="导出日期（默认今天）"),
    full_id_cards: bool = typer.Option(
        False, "--full-id-cards", help="身份证号完整导出（仅用于迁移到另一数据库，文件须妥善保管）"
    ),
) -> None:
    """Export the registry of a scope into the import template (round-trips)."""
    from lifecycle.adoption.export import export_registry

    day = as_of_or_today(as_of)
    with units_of_work() as uow_factory, uow_factory() as uow:
        content = export_registry(
            uow, scope=_scope(uow, scope), as_of=day, full_id_cards=full_id_cards
        )
    write_file(file, content)
    console.print(f"已导出到 {file.name}（{len(content)} 字节）")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
