"""`--help` in Chinese.

typer words its help through gettext's global catalogue (``from gettext import gettext as
_`` in its modules), which holds no Chinese; shipping a compiled catalogue and
switching the process's language for a dozen words would reach further than this. The few
words the help shows are translated here instead, by rebinding each module's ``_`` and typer's
panel titles, computed at its import; typer's own copy of click (``typer._click``) writes the
usage prefix and the help option's line without gettext, so those two are set where it makes
them. ``tests/integration/test_cli_usage.py`` reads the help of the command and of a
subcommand for English, so an upgrade that words or places them otherwise fails there.
"""

from __future__ import annotations

import typer._click.core
import typer._click.formatting
import typer.core
import typer.rich_utils

WORDS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出",
    "[required]": "[必填]",
    "required": "必填",
    "[default: {}]": "[默认：{}]",
    "default: {default}": "默认：{default}",
    "[env var: {}]": "[环境变量：{}]",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "(deprecated) ": "（已停用）",
}
USAGE = "用法："
HELP_OPTION = "显示本帮助并退出"
PANEL_CONSTANTS = (
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "DEPRECATED_STRING",
)


def chinese(message: str) -> str:
    return WORDS.get(message, message)


def install() -> None:
    typer.core._ = chinese  # type: ignore[attr-defined]
    typer.rich_utils._ = chinese  # type: ignore[attr-defined]
    for name in PANEL_CONSTANTS:
        setattr(typer.rich_utils, name, chinese(getattr(typer.rich_utils, name)))
    _word_typers_own_click()


def _word_typers_own_click() -> None:
    formatter = typer._click.formatting.HelpFormatter
    write_usage = formatter.write_usage

    def usage_in_chinese(
        self: typer._click.formatting.HelpFormatter,
        prog: str,
        args: str = "",
        prefix: str | None = None,
    ) -> None:
        write_usage(self, prog, args, f"{USAGE} " if prefix is None else prefix)

    command = typer._click.core.Command
    get_help_option = command.get_help_option

    def help_option_in_chinese(
        self: typer._click.core.Command, ctx: typer._click.core.Context
    ) -> typer.core.TyperOption | None:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    formatter.write_usage = usage_in_chinese  # type: ignore[method-assign]
    command.get_help_option = help_option_in_chinese  # type: ignore[method-assign]
