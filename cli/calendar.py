"""`workshops calendar`: working days, overrides and legal retirement dates."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from cli.context import bad_value, cli_date, console, fail, read_text, units_of_work
from lifecycle.calendar import legal_retirement
from lifecycle.calendar.workdays import DaySource, WorkCalendar
from lifecycle.clock import now_utc
from lifecycle.errors import DomainError
from lifecycle.vocab import RETIREMENT_GROUP_LABELS, RetirementGroup

_GROUPS = "、".join(f"{g.value}（{t}）" for g, t in RETIREMENT_GROUP_LABELS.items())
calendar_app = typer.Typer(help="法定工作日与退休年龄", no_args_is_help=True)


@calendar_app.command(
    "import", help="导入法定节假日调整（CSV：每行 日期,holiday|workday，或 休/班），整年替换"
)
def import_file(
    path: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="CSV 文件（UTF-8 或 GBK 编码）"
    ),
) -> None:
    """Import override years (CSV lines: date,holiday|workday); replaces those whole years."""
    from lifecycle.calendar.service import import_overrides

    text = read_text(path)
    with units_of_work() as uow_factory, uow_factory() as uow:
        try:
            written = import_overrides(uow, text, by=None, now=now_utc())
        except DomainError as err:
            raise fail(err) from err
        if not written:  # a blank or header-only file: say so, never a silent success
            raise bad_value(f"文件 {path}", "文件中没有任何日期（每行：日期,holiday 或 workday）")
        uow.commit()
    official = WorkCalendar()
    for year, days in written.items():
        console.print(f"{year} 年：写入 {days} 天的调整", highlight=False, soft_wrap=True)
        if official.source_for_year(year) is DaySource.OFFICIAL:  # its published days now unused
            console.print(
                f"  注意：{year} 年国务院已公布放假安排，导入后该年整年以本文件为准，"
                "已公布的放假日和调休上班日不再使用。文件须列出该年全部放假日和调休上班日；"
                "如非有意更正，请重新导入完整的该年安排",
                style="yellow",
                highlight=False,
                soft_wrap=True,
            )


# Ten years of working days: further than any deadline of the regulations reaches.
MAX_WORKING_DAYS = 3650


@calendar_app.command("add", help="计算某日之后若干个工作日的日期")
def add_days(
    start: str = typer.Argument(..., help="起始日期（YYYY-MM-DD）"),
    days: int = typer.Argument(..., min=0, max=MAX_WORKING_DAYS, help="工作日数（0–3650）"),
) -> None:
    """The date DAYS working days after START."""
    from lifecycle.calendar.service import work_calendar

    with units_of_work() as uow_factory, uow_factory() as uow:
        cal = work_calendar(uow)
    try:
        result = cal.add_working_days(cli_date(start, "START"), days)
    except DomainError as err:
        raise fail(err) from err
    note = "（暂定：该年度放假安排尚未公布）" if result.provisional else ""
    console.print(f"{result.value.isoformat()}{note}")


@calendar_app.command(
    "retirement", help="按2025年1月1日起施行的渐进式延迟退休办法计算法定退休年龄和日期"
)
def retirement(
    birth_date: str = typer.Argument(..., help="出生日期（YYYY-MM-DD）"),
    group: RetirementGroup = typer.Argument(..., help=f"退休年龄类别：{_GROUPS}"),
) -> None:
    """Legal retirement age and date under the gradual reform in force since 2025-01-01."""
    result = legal_retirement(cli_date(birth_date, "BIRTH_DATE"), group)
    table = Table("出生日期", "类别", "法定退休年龄", "退休日期")
    label = RETIREMENT_GROUP_LABELS[group]
    table.add_row(birth_date, label, result.age.label, result.date.isoformat())
    console.print(table)
