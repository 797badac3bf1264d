"""Who may enter an honour by hand: 上海工匠 is the city's to grant [G] 四、选树命名."""

from __future__ import annotations

from lifecycle.citations import TITLES
from lifecycle.vocab import HONOUR_LABELS, ROLE_LABELS, Honour, Role

# 上海工匠 is granted by the 市总工会 at the end of its yearly selection (“上海工匠”最终人选将由
# 市总工会授予“上海工匠”称号, [G] 四): the selection records it when the title is granted
# (``craftsman_title``); one granted before the service is entered by a city officer. Every other
# honour is awarded outside the service (government, the national federation, a district's or
# industry's own selection) and entered from its certificate by whoever keeps the register.
HAND_ENTERED_BY: dict[Honour, frozenset[Role]] = {
    Honour.SHANGHAI_CRAFTSMAN: frozenset({Role.CITY_OFFICER}),
}


def hand_entry_refusal(honour: Honour, role: Role | None) -> str | None:
    """Why a user of ``role`` may not enter ``honour`` by hand (None when they may)."""
    allowed = HAND_ENTERED_BY.get(honour)
    if allowed is None or role in allowed:
        return None
    who = "或".join(ROLE_LABELS[r] for r in Role if r in allowed)
    return (
        f"“{HONOUR_LABELS[honour]}”称号由市总工会经年度选树授予（{TITLES['G']}四、选树命名），"
        f"授予时由选树记录自动登记；此前获得的称号由{who}登记"
    )
