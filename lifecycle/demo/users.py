"""Demo accounts, one per role and a street union's officer (password ``demo-password-2026``),
created once."""

from __future__ import annotations

from lifecycle.accounts.service import NewUser, create_user
from lifecycle.actors import Actor
from lifecycle.demo.data import SHANGHAI_UNIONS
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role, role_label

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo password, not a secret
# (username, display name, role, demo union key, e-mail): each e-mail is that union's contact
# address in the demo, so the user's 「我的提醒」 shows the reminders the union receives.
_ONE_PER_ROLE: tuple[tuple[str, str, Role, str, str], ...] = (
    ("admin", "系统管理员", Role.ADMIN, "sh", "admin@example.cn"),
    ("city", "市总工会 陈干事", Role.CITY_OFFICER, "sh", "sh-officer@example.cn"),
    ("yangpu", "杨浦区总工会 王干事", Role.DISTRICT_OFFICER, "yp", "yp-officer@example.cn"),
    # A street union's officer: the 初审 of a Yangpu application is the street's step [Y7].
    ("wjc", "五角场街道总工会 邵干事", Role.DISTRICT_OFFICER, "wjc", "wjc-officer@example.cn"),
    # The street union the demo's open 整改通知 is addressed to: it sends the written report [Y12].
    ("kjl", "控江路街道总工会 范干事", Role.DISTRICT_OFFICER, "kjl", "kjl-officer@example.cn"),
    ("finance", "杨浦区总工会 财务 李会计", Role.FINANCE, "yp", "yp-finance@example.cn"),
    # The city's 2万 one-off is the city's money to record [S10]; the matching is Yangpu's.
    ("cityfinance", "市总工会 财务 陆会计", Role.FINANCE, "sh", "sh-finance@example.cn"),
    ("unit", "热能设备公司工会 赵联系人", Role.UNIT_CONTACT, "rn", "rn-contact@example.cn"),
    ("assoc", "上海市模具行业协会 周秘书长", Role.ASSOCIATION_CONTACT, "mj", "mj-assoc@example.cn"),
    # Leshan's city union names its own titles [L]; the Shanghai admin's subtree does not hold it.
    ("leshan", "乐山市总工会 李干事", Role.CITY_OFFICER, "ls", "ls-officer@example.cn"),
    # 乐山市总工会's finance: it pays the 一次性奖励 of the titles its union names [L 三].
    ("lsfinance", "乐山市总工会 财务 杨会计", Role.FINANCE, "ls", "ls-finance@example.cn"),
)
# Every other Yangpu unit's union has a contact too (``unit-`` and its demo key): a 附件3 the
# district files waits for the unit union's opinion [C 三（六）], so each must have someone to
# give it, or the demo's request could never move past it.
UNIT_CONTACT_KEYS = ("sy", "xd", "kj", "sz", "zx", "jy", "qx", "yg")
_UNIT_NAMES = {spec.key: spec.name for spec in SHANGHAI_UNIONS}
UNIT_CONTACTS = tuple(
    (
        f"unit-{key}",
        f"{_UNIT_NAMES[key]} 联系人",
        Role.UNIT_CONTACT,
        key,
        f"{key}-contact@example.cn",
    )
    for key in UNIT_CONTACT_KEYS
)
DEMO_USERS = _ONE_PER_ROLE + UNIT_CONTACTS


def load_demo_users(uow: UnitOfWork, union_ids: dict[str, int], actor: Actor) -> int:
    """Create the demo users that are missing; returns how many were created."""
    created = 0
    for username, name, role, union_key, email in DEMO_USERS:
        if union_key not in union_ids or uow.accounts.user_by_username(username) is not None:
            continue
        cmd = NewUser(username, name, DEMO_PASSWORD, role, union_ids[union_key], email)
        create_user(uow, cmd, actor, scope=EVERYTHING)
        created += 1
    return created


def welcome(base_url: str) -> str:
    """What ``workshops up`` prints before serving: where to log in and as whom."""
    base = base_url.rstrip("/")
    levels = {spec.key: spec.level for spec in SHANGHAI_UNIONS}
    contacts = [username for username, *_ in UNIT_CONTACTS]
    accounts = "、".join(
        f"{name}（{role_label(role, levels.get(union))}）"
        for name, _, role, union, _ in DEMO_USERS
        if name not in contacts
    )
    return (
        f"服务地址：{base}/login\n演示账号：{accounts}；杨浦区其他各基层单位工会的联系人："
        f"{'、'.join(contacts)}"
        f"\n演示密码：{DEMO_PASSWORD}"
    )
