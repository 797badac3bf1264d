"""`workshops leaders`: the retiring-leaders list of a union subtree (渐进式延迟退休办法)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli.context import as_of_or_today, bad_value, console, fail, units_of_work, write_file
from lifecycle.adoption.separator import PATH_SEPARATOR
from lifecycle.errors import DomainError, NotFound

if TYPE_CHECKING:
    from lifecycle.uow import UnitOfWork

leaders_app = typer.Typer(help="领衔人：即将退休的领衔人", no_args_is_help=True)


@leaders_app.command("retiring", help="期限内达到法定退休年龄的领衔人及须办理的事项")
def retiring(
    union_named: str = typer.Argument(
        ...,
        metavar="UNION",
        help=f"工会路径（如 上海市总工会{PATH_SEPARATOR}杨浦区总工会）或工会编号；含下级工会",
    ),
    months: int = typer.Option(12, "--months", help="期限（月，1–60）"),
    as_of: str | None = typer.Option(None, "--as-of", help="基准日期，默认今天"),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="同时导出 Excel 到该文件"),
) -> None:
    """Leaders reaching the legal retirement age within the horizon, and what must be done."""
    from lifecycle.leaders.retiring import retiring_leaders, retiring_workbook
    from lifecycle.scope import EVERYTHING
    from lifecycle.views.home_tree import home_tree

    day = as_of_or_today(as_of)
    with units_of_work() as uow_factory, uow_factory() as uow:
        union_id = _union_id(uow, union_named)
        try:
            union = uow.unions.get(union_id, EVERYTHING)
            if union is None:
                raise NotFound("工会不存在", field="union_id")
            # The command line acts as the system: the whole tree is its scope.
            rows = retiring_leaders(uow, union_id, scope=EVERYTHING, as_of=day, months=months)
        except DomainError as err:
            raise fail(err) from err
        union_name, word = union.name, home_tree(uow, union.path).leader_word
    table = Table(title=f"{union_name}：{months}个月内达到法定退休年龄的{word}")
    for head in ("法定退休日期", word, "称号", "须办理"):
        table.add_column(head, overflow="fold")  # wrapped, never cut with 「…」: each word counts
    for r in rows:
        table.add_row(
            f"{r.retirement_date.isoformat()}（{r.retirement_age}）", r.name, r.title, r.next_step
        )
    console.print(table)
    if xlsx is not None:
        write_file(xlsx, retiring_workbook(rows, union_name, day, months, leader_word=word))
        console.print(f"已导出：{xlsx}")


def _union_id(uow: UnitOfWork, named: str) -> int:
    """The union a path names (as ``import``/``export --scope`` and ``user create --union`` take
    it), or its number; refused naming the argument when there is none."""
    from lifecycle.adoption.plan import UnionPaths
    from lifecycle.scope import EVERYTHING

    if named.strip().isdigit():
        return int(named)
    parts = tuple(p.strip() for p in named.split(PATH_SEPARATOR))
    union = UnionPaths(uow.registry.unions(), EVERYTHING).by_path.get(parts)
    if union is None:
        raise bad_value("工会（UNION）", f"工会“{named}”不存在：应为工会路径或工会编号")
    return union.id
