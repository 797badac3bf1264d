"""Who may write money: the finance staff of the union that pays it [Y14][Y15][S10][L].

[S10] 「上海市总工会将一次性给予贰万元…所属区局（产业）工会也应给予不少于1:1的资金支持」,
[Y14] 「区总工会对新命名的工作室给予一次性1万元扶持补贴」, [Y15] 「经区总工会主席办公会议讨论审定后
下拨」, [L] 乐山市总工会的一次性奖励: each sum is one union's money, so only that union's finance
staff record it, its arrival (到账), its correction and its void. Reading stays wider: finance reads
every funding record in its scope (DOMAIN §1), so a district's finance sees the city grant of a
city title in its district but does not write it.
"""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.actors import Actor
from lifecycle.designations.authority import NotAuthorised
from lifecycle.designations.model import Designation
from lifecycle.funding.rules import grant_rule
from lifecycle.funding.vocab import FindingKind, GrantKind, grant_kind_label
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role

# The findings about the district's matching [S10]: the district owes it, so it answers them.
_MATCHING_FINDINGS = frozenset({FindingKind.MATCHING_SHORT, FindingKind.MATCHING_MISSING})


def may_write_money(payers: Iterable[int], *, union_id: int | None, role: Role | None) -> bool:
    """Whether a user of ``union_id`` in ``role`` is finance staff of one of ``payers``."""
    return role is Role.FINANCE and union_id in set(payers)


def paying_union_of(designation: Designation, kind: GrantKind) -> int:
    """The union that pays a grant of ``kind``: the naming union the one-off [Y14][S10][L], the
    district union the matching [S10] and the excellence support [Y15]."""
    if kind is GrantKind.ONE_OFF:
        return designation.naming_union_id
    return designation.district_union_id


def finding_answerers(
    kind: FindingKind, *, grant_payer: int | None, naming_union_id: int, district_union_id: int
) -> tuple[int, ...]:
    """The unions whose finance staff resolve a finding of ``kind``: a finding on one grant
    (``ineligible_grant``) its payer's; a matching shortfall the district's, which owes the
    matching [S10]; one on spending either union funding the title (the naming union's one-off
    and the district's matching or support are spent together, 专款专用 [Y16][S10])."""
    if kind is FindingKind.INELIGIBLE_GRANT and grant_payer is not None:
        return (grant_payer,)
    if kind in _MATCHING_FINDINGS:
        return (district_union_id,)
    return tuple(dict.fromkeys((naming_union_id, district_union_id)))


def grant_article(designation: Designation, kind: GrantKind) -> str:
    """The article granting money of ``kind`` to the title's scheme."""
    return grant_rule(get_scheme(designation.scheme_code).settings, kind) or ""


def require_payer(
    uow: UnitOfWork, designation: Designation, kind: GrantKind, payer: int, actor: Actor
) -> None:
    """Refuse (403) unless ``actor`` is finance staff of ``payer``, the union paying this grant."""
    if may_write_money((payer,), union_id=actor.union_id, role=actor.role):
        return
    name = _name(uow, payer)
    article = grant_article(designation, kind)
    basis = f"（{article}）" if article else ""
    label = grant_kind_label(kind, get_scheme(designation.scheme_code).settings)
    raise NotAuthorised(
        f"{label}由{name}拨付，其登记、到账、更正和作废须由{name}财务人员办理{basis}",
        field="actor",
        rule=article or None,
    )


def require_support_decider(uow: UnitOfWork, designation: Designation, actor: Actor) -> None:
    """Refuse (403) unless ``actor`` is finance staff of the district union whose 主席办公会议
    decides excellence support [Y15]."""
    payer = designation.district_union_id
    if may_write_money((payer,), union_id=actor.union_id, role=actor.role):
        return
    name = _name(uow, payer)
    raise NotAuthorised(
        f"优秀成果项目扶持资金由{name}主席办公会议审定后下拨，扶持申请的审定须由{name}"
        "财务人员办理（[Y15]）",
        field="actor",
        rule="[Y15]",
    )


def require_answerer(uow: UnitOfWork, answerers: tuple[int, ...], actor: Actor) -> None:
    """Refuse (403) unless ``actor`` is finance staff of one of the finding's ``answerers``."""
    if may_write_money(answerers, union_id=actor.union_id, role=actor.role):
        return
    names = "或".join(_name(uow, union_id) for union_id in answerers)
    raise NotAuthorised(f"该审计发现涉及{names}拨付的经费，须由{names}财务人员处理", field="actor")


def _name(uow: UnitOfWork, union_id: int) -> str:
    union = uow.unions.get(union_id, EVERYTHING)  # only its name, in the refusal
    return union.name if union is not None else "拨款工会"
