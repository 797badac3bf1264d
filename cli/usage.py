"""Command-line usage errors said in Chinese: which parameter and why, no English usage text.

The entry point runs the typer app with ``standalone_mode=False`` and renders the usage error
raised from its attributes (``param``, ``option_name``, ``possibilities``, ``ctx``; the
pydantic error a bad value was refused with), exiting 2 as click does; nothing of click's or
typer's translations is patched. Typer (0.29) raises click's exception classes from its own
copy of click, ``typer._click.exceptions``: those are the classes caught here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    ClickException,
    FileError,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.exceptions import Abort

from cli.context import err_console

CJK = re.compile(r"[\u4e00-\u9fff]")
# Plain UsageErrors typer raises with a fixed (untranslated) message and no attribute to say it.
NO_SUCH_COMMAND = re.compile(
    r"^No such command '(?P<name>[^']*)'\.(?: Did you mean '(?P<alt>[^']*)'\?)?"
)
EXTRA = re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$")
MISSING_COMMAND = "Missing command."
# An Enum argument's refusal (typer's parse_choice): ``'xx' is not one of 'a', 'b'.``
CHOICES = re.compile(r"is not one of (.*?)\.?$")
QUOTED = re.compile(r"'([^']*)'")
# A path refused by typer's path check: ``file 'x.xlsx' does not exist.`` and the like.
PATH_REFUSALS = "does not exist|is a file|is a directory|is not readable|is not writable"
PATH = re.compile(rf"^\w+ '(?P<value>.*)' (?P<why>{PATH_REFUSALS})\.$")
PATH_WHY = {
    "does not exist": "文件不存在",
    "is a file": "应为目录，不是文件",
    "is a directory": "应为文件，不是目录",
    "is not readable": "文件不可读",
    "is not writable": "文件不可写",
}
# What a value must be, by the pydantic error it was refused with.
PYDANTIC_WHY = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期（如 2026-01-31）",
    "date_from_datetime_parsing": "应为日期（如 2026-01-31）",
    "datetime_parsing": "应为日期时间",
    "string_too_long": "过长",
}
# A range refused (``min``/``max`` of a number argument): the pydantic type → words, the bound.
BOUND_WHY = {
    "greater_than_equal": ("不能小于", "ge"),
    "less_than_equal": ("不能大于", "le"),
    "greater_than": ("应大于", "gt"),
    "less_than": ("应小于", "lt"),
}
ANNOTATION_WHY: dict[object, str] = {int: "应为整数", float: "应为数字", bool: "应为 true 或 false"}


def _name(param: Any) -> str:
    """The parameter as typed on the command line: ``--scope`` or ``REVISION``."""
    if param is None:
        return "参数"
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    return str(param.metavar or param.name or "").upper()


def _help(param: Any) -> str:
    """The parameter's own (Chinese) help text, if it has one."""
    text = getattr(param, "help", None)
    return f"（{text}）" if text else ""


def _bad_value(err: BadParameter) -> str:
    """Why a value was refused, and the value where it is known."""
    name = _name(err.param)
    cause = err.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        first = cause.errors()[0]
        why = PYDANTIC_WHY.get(first["type"], "取值无效")
        bound = first.get("ctx", {})
        if first["type"] in {"enum", "literal_error"}:
            why = f"应为以下之一：{bound.get('expected', '')}"
        elif first["type"] in BOUND_WHY:  # a number argument's range (min/max)
            word, key = BOUND_WHY[first["type"]]
            why = f"{word}{bound.get(key)}"
        choices = CHOICES.search(str(first.get("msg", "")))
        if choices:  # typer's choice of an Enum argument: the values it takes, not 「取值无效」
            values = QUOTED.findall(choices.group(1))
            why = f"应为以下之一：{'、'.join(values)}"
        return f"{name} 的取值 {first.get('input')!r} 无效：{why}"
    path = PATH.match(err.message)
    if path:
        return f"{name} 的取值 {path.group('value')!r} 无效：{PATH_WHY[path.group('why')]}"
    descriptor = getattr(err.param, "type_descriptor", None)
    why = ANNOTATION_WHY.get(getattr(descriptor, "annotation", None), "取值无效")
    return f"{name} 的取值无效：{why}"


def _commands(err: UsageError) -> str:
    ctx = err.ctx
    command = ctx.command if ctx is not None else None
    listed = getattr(command, "list_commands", None)
    return f"；可用的命令：{'、'.join(listed(ctx))}" if listed and ctx else ""


def message_of(err: UsageError) -> str:
    """The Chinese line for one usage error."""
    if isinstance(err, MissingParameter):
        label = "选项" if getattr(err.param, "param_type_name", "") == "option" else "参数"
        return f"缺少必填的{label} {_name(err.param)}{_help(err.param)}"
    if isinstance(err, BadParameter):
        if CJK.search(err.message):  # raised by our own commands, already in Chinese
            return err.message if err.param is None else f"{_name(err.param)}：{err.message}"
        return _bad_value(err)
    if isinstance(err, NoSuchOption):
        near = f"（是否想用 {'、'.join(err.possibilities)}？）" if err.possibilities else ""
        return f"没有选项 {err.option_name}{near}"
    if isinstance(err, BadOptionUsage):
        if "does not take a value" in err.message:
            return f"选项 {err.option_name} 是开关，不接受取值"
        return f"选项 {err.option_name} 缺少取值"
    if isinstance(err, BadArgumentUsage):
        return "参数个数不对"
    command = NO_SUCH_COMMAND.match(err.message)
    if command:
        near = f"（是否想用 {command.group('alt')}？）" if command.group("alt") else ""
        return f"没有命令 {command.group('name')}{near}{_commands(err)}"
    extra = EXTRA.match(err.message)
    if extra:
        return f"多余的参数：{extra.group('args')}"
    if err.message == MISSING_COMMAND:
        return f"缺少命令{_commands(err)}"
    return err.message if CJK.search(err.message) else "命令行用法有误"


def _hint(err: UsageError) -> str:
    path = err.ctx.command_path if err.ctx is not None else ""
    return f"（运行 {path} --help 查看用法）" if path else ""


def _say(line: str) -> None:
    err_console.print(f"[red]错误[/red] {line}", highlight=False, soft_wrap=True)


def run(main: Callable[[], object]) -> int:
    """Run ``main`` (the command in non-standalone mode) as a console script does: its exit
    code; a usage error said in Chinese on stderr, exit 2 as click would."""
    try:
        code = main()
    except NoArgsIsHelpError as err:
        err.show()  # the help, as before (typer's rich help is printed when it is raised)
        return err.exit_code
    except UsageError as err:
        _say(f"{message_of(err)}{_hint(err)}")
        return err.exit_code
    except FileError as err:
        _say(f"无法打开文件 {err.filename}")
        return err.exit_code
    except ClickException as err:
        _say(err.message if CJK.search(err.message) else "命令未能完成")
        return err.exit_code
    except Abort:
        err_console.print("已中止", highlight=False)
        return 1
    except Exception as err:  # the installation's own faults (the database) said, not traced
        from cli.trouble import database_trouble, settings_trouble  # the database's words

        trouble = settings_trouble(err) or database_trouble(err)
        if trouble is None:
            raise
        _say(trouble)
        return 1
    return code if isinstance(code, int) else 0
