"""`workshops user`: the operator's way to a first administrator and back into a locked account.

A new installation has unions (``workshops import``) but no user; these commands act as the
operator on the whole registry, through the same use cases as the admin's pages (every field
checked, the password hashed, the change in the audit trail).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from cli.context import bad_value, console, fail, units_of_work
from lifecycle.actors import Actor
from lifecycle.adoption.separator import PATH_SEPARATOR
from lifecycle.clock import now_utc
from lifecycle.errors import DomainError
from lifecycle.vocab import ROLE_LABELS, Role

if TYPE_CHECKING:
    from lifecycle.uow import UnitOfWork

users_app = typer.Typer(help="用户账号（首个管理员、重置密码）", no_args_is_help=True)
CLI_ACTOR = Actor(name="命令行")
ROLE_HELP = "角色：" + "、".join(f"{r.value}（{label}）" for r, label in ROLE_LABELS.items())
UNION_HELP = f"所属工会的路径，如 上海市总工会{PATH_SEPARATOR}杨浦区总工会"
# The refused fields of a user as the operator typed them (argument or option).
LABELS = {
    "username": "用户名",
    "display_name": "显示名称（--name）",
    "password": "密码",
    "role": "角色（--role）",
    "union_id": "所属工会（--union）",
    "email": "电子邮箱（--email）",
    "user_id": "用户",
}


TYPED_TWICE_HELP = "不少于10个字符；不填时提示输入两次（不显示）"


def ask_password(label: str) -> str:
    """The password typed twice, hidden, asked in Chinese (click's own confirmation prompt and
    its mismatch message are English); two different entries are refused, nothing written."""
    first = _typed(label)
    again = _typed(f"再次输入{label}")
    if first != again:
        raise bad_value(LABELS["password"], "两次输入的密码不一致，未作任何修改")
    return first


def _typed(label: str) -> str:
    """One entry: hidden at a terminal; from a pipe or a script, the next line of standard input
    (Python's own fallback there warns in English that the input "may be echoed")."""
    if sys.stdin.isatty():
        return str(typer.prompt(label, hide_input=True))
    typer.echo(f"{label}（从标准输入读取）：", err=True)
    line = sys.stdin.readline()
    if not line:
        raise bad_value(LABELS["password"], "标准输入已结束，未读到密码，未作任何修改")
    return line.rstrip("\r\n")


def _union_id(uow: UnitOfWork, path: str) -> int:
    from lifecycle.adoption.plan import UnionPaths
    from lifecycle.scope import EVERYTHING

    parts = tuple(p.strip() for p in path.split(PATH_SEPARATOR))
    union = UnionPaths(uow.registry.unions(), EVERYTHING).by_path.get(parts)
    if union is None:
        raise bad_value(LABELS["union_id"], f"工会“{path}”不存在")
    return union.id


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise bad_value(LABELS["role"], f"没有角色“{value}”。{ROLE_HELP}") from None


@users_app.command("create", help="创建用户（如首个系统管理员），归属于一个工会")
def create(  # noqa: PLR0917 - typer reads the options from the signature
    username: str = typer.Argument(..., help="登录用户名"),
    name: str = typer.Option(..., "--name", help="显示名称"),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    union: str = typer.Option(..., "--union", help=UNION_HELP),
    email: str | None = typer.Option(None, "--email", help="电子邮箱（接收提醒）"),
    password: str | None = typer.Option(None, "--password", help=TYPED_TWICE_HELP),
) -> None:
    """Create a user (e.g. the first administrator) bound to a union."""
    from lifecycle.accounts.service import NewUser, create_user
    from lifecycle.scope import EVERYTHING
    from lifecycle.views.home_tree import tree_wordings

    chosen = _role(role)
    password = password if password is not None else ask_password("密码")
    with units_of_work(CLI_ACTOR) as uow_factory, uow_factory() as uow:
        try:
            cmd = NewUser(username, name, password, chosen, _union_id(uow, union), email)
            user = create_user(uow, cmd, CLI_ACTOR, scope=EVERYTHING)
            uow.commit()
        except DomainError as err:
            raise fail(err, LABELS) from err
        # The role in the words of the user's own union tree (乐山's 县（市、区）总工会干部).
        label = tree_wordings(uow).role(chosen, uow.unions.get(cmd.union_id, EVERYTHING))
        console.print(f"已创建用户 {user.username}（{label}，{union}）")


@users_app.command("reset-password", help="重设用户密码；其登录会话和接口令牌随即失效")
def reset(
    username: str = typer.Argument(..., help="登录用户名"),
    password: str | None = typer.Option(None, "--password", help=TYPED_TWICE_HELP),
) -> None:
    """Set a user's password (e.g. the only administrator's); their sessions and tokens end."""
    from lifecycle.accounts.credentials import reset_password
    from lifecycle.scope import EVERYTHING

    password = password if password is not None else ask_password("新密码")
    with units_of_work(CLI_ACTOR) as uow_factory, uow_factory() as uow:
        user = uow.accounts.user_by_username(username.strip().lower())
        if user is None:
            raise bad_value(LABELS["username"], f"用户“{username}”不存在")
        try:
            reset_password(
                uow, user.id, password, now=now_utc(), scope=EVERYTHING, acting_user_id=None
            )
            uow.commit()
        except DomainError as err:
            raise fail(err, LABELS) from err
        console.print(f"已重置用户 {user.username} 的密码，其登录会话和访问令牌均已失效")
