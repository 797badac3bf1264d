"""Who may act: which union (and role) names, inspects, confirms 撤牌, assesses, decides 摘牌."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lifecycle.vocab import Role


class Act(StrEnum):
    """A regulated decision on a designation; each is owned by one use case."""

    NAME = "name"  # 审定命名 (intake's final approval, or registering a title named earlier)
    REVIEW = "review"  # 受理评审 or 不予命名 of an application
    INSPECT = "inspect"  # cycle-end inspection, 整改通知, re-inspection [Y12]
    CONFIRM_REVOCATION = "confirm_revocation"  # 撤牌 after the 整改 deadline [Y12]
    ASSESS_UNIT = "assess_unit"  # 考核: the unit's own union [S9]
    ASSESS_DISTRICT = "assess_district"  # 考核: the district union [S9]
    ASSESS_CITY = "assess_city"  # the city's decision on a 摘牌 application [S9]
    DECIDE_CHANGE = "decide_change"  # 附件3: leader change, exit keeping the title, 摘牌 [C]
    DELIST = "delist"  # 摘牌 of a named title by the city [S9][C]
    CHANGE_LEADER = "change_leader"  # direct leader change where no 附件3 form applies [Y13]
    CONSENT = "consent"  # recording the leader's and unit's consent to continue [Y13]
    FILE = "file"  # the yearly self-check and unit evaluation 报区总工会备案 [Y11]


ACT_LABELS = {
    Act.NAME: "审定命名",
    Act.REVIEW: "申报受理、评审及不予命名",
    Act.INSPECT: "实地检查、整改通知及整改复查",
    Act.CONFIRM_REVOCATION: "逾期未整改的撤牌",
    Act.ASSESS_UNIT: "年度考核（单位工会考核）",
    Act.ASSESS_DISTRICT: "年度考核（区局（产业）工会考核）",
    Act.ASSESS_CITY: "年度考核（市总工会摘牌决定）",
    Act.DECIDE_CHANGE: "管理变更申请（附件3）审定",
    Act.DELIST: "摘牌",
    Act.CHANGE_LEADER: "带头人变更",
    Act.CONSENT: "退休后继续领衔同意的登记",
    Act.FILE: "年度自查与评估备案",
}


class Party(StrEnum):
    """Which union of a designation acts, relative to the title."""

    UNIT = "unit"  # the workshop's own union (基层单位工会)
    DISTRICT = "district"  # the district union that oversees the title
    NAMING = "naming"  # the union that names the title (the city for city titles)


@dataclass(frozen=True)
class Authority:
    """The union that acts, the roles of its users who may act, and the article saying so."""

    party: Party
    roles: frozenset[Role]
    rule: str  # the rule id, e.g. [Y12]
    citation: str  # the article in Chinese, e.g. 《杨浦区…管理办法》第十二条


@dataclass(frozen=True)
class Citation:
    """A rule id and its article in Chinese."""

    rule: str
    citation: str


OFFICERS_OF = {
    Party.UNIT: frozenset({Role.UNIT_CONTACT}),
    Party.DISTRICT: frozenset({Role.DISTRICT_OFFICER}),
}
CITY_OFFICERS = frozenset({Role.CITY_OFFICER})


def by(party: Party, rule: str, citation: str, roles: frozenset[Role] | None = None) -> Authority:
    """An authority held by ``party``'s officers (the city's for a city-level naming union)."""
    return Authority(party, roles or OFFICERS_OF.get(party, CITY_OFFICERS), rule, citation)


def authority_for(authorities: tuple[tuple[Act, Authority], ...], act: Act) -> Authority | None:
    """The pack's (first) authority for ``act``; None where the scheme has no such step."""
    for key, value in authorities:
        if key is act:
            return value
    return None


def authorities_for(
    authorities: tuple[tuple[Act, Authority], ...], act: Act
) -> tuple[Authority, ...]:
    """Every authority the pack lists for ``act`` (any one of them may act)."""
    return tuple(value for key, value in authorities if key is act)


@dataclass(frozen=True)
class Namer:
    """The one union a pack names to name its titles and open its calls: its region key (the
    union's ``region_code``) at the scheme's level, and its name for a refusal."""

    region: str  # e.g. "yangpu": the union of that region at the scheme's level
    name: str  # e.g. 杨浦区总工会, as the regulation names it


def is_namer(namer: Namer, scheme_level: str, union_level: str, union_region: str | None) -> bool:
    """Whether a union (its level and region) is the pack's naming union: 区总工会…审定，挂牌命名
    [Y7], 上海市总工会…择优命名 [S7], 由上海市总工会颁发证书 [C 二（五）], 市总工会…评审和命名
    [L 一]. Another region's union at the same level is not it."""
    return union_level == scheme_level and union_region == namer.region


def refusal(
    authority: Authority, act: Act, *, party_union_id: int, union_id: int | None, role: Role | None
) -> str | None:
    """Why the acting union and role may not perform ``act`` (None when they may)."""
    if union_id == party_union_id and role in authority.roles:
        return None
    return f"{ACT_LABELS[act]}应由{{union}}办理（{authority.citation}）"
