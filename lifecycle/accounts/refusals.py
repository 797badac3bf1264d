"""What a refusal for want of a permission tells the user: their role, and which roles may act
(from the one table, ``ROLE_PERMISSIONS``)."""

from __future__ import annotations

from lifecycle.accounts.permissions import ROLE_PERMISSIONS, Permission
from lifecycle.vocab import DEFAULT_WORDING, Role, UnionLevel, UnionWording


def role_refusal(
    role: Role,
    permission: Permission,
    *,
    level: UnionLevel | None,
    wording: UnionWording = DEFAULT_WORDING,
    alternative: Permission | None = None,
    citation: str | None = None,
) -> str:
    """E.g. 「基层单位联系人无权办理此事项，须由财务人员办理」; the user's role as their union's
    ``level`` has it (a street union's officer: 「行业、街镇、直属工会干部无权办理此事项…」), every
    role in the words of the user's city (``wording``: 乐山's 县（市、区）总工会干部 [L 一]); a
    route ``alternative`` admits too names its holders as well; a ``citation`` (the article
    saying who acts) ends it."""
    who = wording.role(role, level)
    cited = f"（{citation}）" if citation else ""
    wanted = {permission} if alternative is None else {permission, alternative}
    holders = [wording.role(r) for r, held in ROLE_PERMISSIONS.items() if wanted & held]
    if not holders:
        return f"{who}无权办理此事项{cited}"
    named = holders[-1] if len(holders) == 1 else "、".join(holders[:-1]) + "或" + holders[-1]
    return f"{who}无权办理此事项，须由{named}办理{cited}"
