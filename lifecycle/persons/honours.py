"""Who may enter an honour by hand: 上海工匠 is the city's to grant [G] 四、选树命名."""

from __future__ import annotations

from typing import NamedTuple

from lifecycle.citations import TITLES
from lifecycle.vocab import HONOUR_LABELS, ROLE_LABELS, Honour, Role

# 上海工匠 is granted by the 市总工会 at the end of its yearly selection (“上海工匠”最终人选将由
# 市总工会授予“上海工匠”称号, [G] 四): the selection records it when the title is granted
# (``craftsman_title``); one granted before the service is entered by an officer of that 市总工会
# (上海市总工会: another city's officers grant no such title). Every other honour is awarded
# outside the service (government, the national federation, a district's or industry's own
# selection) and entered from its certificate by whoever keeps the register.
HAND_ENTERED_BY: dict[Honour, frozenset[Role]] = {
    Honour.SHANGHAI_CRAFTSMAN: frozenset({Role.CITY_OFFICER}),
}
# The union that alone grants a hand-entered honour (its officers enter it), by honour.
GRANTED_BY: dict[Honour, str] = {Honour.SHANGHAI_CRAFTSMAN: "上海市总工会"}
# The first year a hand-entered honour can be of, and the document its selection began under:
# 上海工匠 is selected under the city's 2015 opinion that [G]'s preamble names (「根据…精神」).
FIRST_YEAR: dict[Honour, tuple[int, str]] = {
    Honour.SHANGHAI_CRAFTSMAN: (
        2015,
        "《关于在本市开展“上海工匠”培养选树千人计划的实施意见》（沪工总经〔2015〕260号）",
    ),
}


class HandEntryFacts(NamedTuple):
    """What the hand-entry rule weighs beside the role: whether the user acts for the union
    granting the honour, and whether the year's selection is run in this service."""

    for_granting_union: bool = True
    selection_here: bool = False
    notice: str = TITLES["G"]  # the notice of the year's call, cited when it runs here


def hand_entry_refusal(
    honour: Honour, role: Role | None, year: int | None = None, facts: HandEntryFacts | None = None
) -> str | None:
    """Why a user of ``role`` may not enter ``honour`` of ``year`` by hand (None when they may).

    上海工匠 [G] 四: only the 上海市总工会's officers, and only a title of a year whose selection
    was not run in the service (one granted before it); a year run here is granted by its
    selection after the 市总审定 and 社会公示 (三（四）（五）), which records it itself.
    """
    allowed = HAND_ENTERED_BY.get(honour)
    if allowed is None:
        return None
    facts = facts or HandEntryFacts()
    label, notice = HONOUR_LABELS[honour], TITLES["G"]
    granter = GRANTED_BY[honour]
    if role not in allowed or not facts.for_granting_union:
        who = "或".join(ROLE_LABELS[r] for r in Role if r in allowed)
        return (
            f"“{label}”称号由市总工会经年度选树授予（{notice}四、选树命名），"
            f"授予时由选树记录自动登记；此前获得的称号由{granter}的{who}登记"
        )
    if facts.selection_here:
        return (
            f"{year}年度“{label}”选树在本系统进行：称号经市总审定、社会公示后由{granter}授予，"
            f"由选树记录自动登记（{facts.notice}三（四）、（五），四、选树命名），不能手工登记；"
            "手工登记仅限本系统启用前获得的称号"
        )
    return None


def reference_refusal(honour: Honour, reference: str | None, max_length: int) -> str | None:
    """Why the document typed for a hand-entered honour is refused (None: it is not): a title
    the union's selection grants ([G] 三（五）社会公示, 四 授予) is entered from the document it
    was granted by — the 公示 list or the 批准/命名文号 — which is kept with it; any other
    honour may name one. Judged only once the user may enter the honour at all."""
    typed = (reference or "").strip()
    if len(typed) > max_length:
        return f"授予依据不能超过{max_length}个字符"
    if typed or honour not in HAND_ENTERED_BY:
        return None
    return (
        f"请填写“{HONOUR_LABELS[honour]}”称号的授予依据：{GRANTED_BY[honour]}的命名文件文号或"
        f"公示名单（{TITLES['G']}三（五）、四）"
    )


def first_year_refusal(honour: Honour, year: int) -> str | None:
    """Why ``year`` is too early for ``honour`` (None when it is not): no 上海工匠 was granted
    before its selection began [G] (preamble)."""
    first = FIRST_YEAR.get(honour)
    if first is None or year >= first[0]:
        return None
    since, document = first
    return (
        f"“{HONOUR_LABELS[honour]}”培养选树自{since}年起开展（{document}），"
        f"获得年份不能早于{since}年"
    )
