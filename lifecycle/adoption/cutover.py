"""The one rule on a union's 系统启用日期 (cut-over) as typed: a date the service can stand on."""

from __future__ import annotations

from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.plausible_dates import EARLIEST_FOUNDING

# How far ahead a union may plan its go-live: a year (the next one's start from December).
CUTOVER_HORIZON_YEARS = 1


def cutover_refusal(day: date, as_of: date) -> str | None:
    """Why ``day`` will not do as a union's 系统启用日期 on ``as_of`` (None: it will). Every
    duty of the union's titles due before it counts as settled outside the service and is
    never reminded (reading 45): a date years ahead (2099 for 2026) would silence them all, so
    at most a year ahead; and none before the founding of the People's Republic."""
    try:
        latest = as_of.replace(year=as_of.year + CUTOVER_HORIZON_YEARS)
    except ValueError:  # 29 February
        latest = date(as_of.year + CUTOVER_HORIZON_YEARS, 2, 28)
    if day > latest:
        return (
            f"系统启用日期不能晚于{chinese_date(latest)}（最多一年以后）：此前到期的检查、备案和"
            "考核都视为已在系统外办结，不再提醒"
        )
    if day < EARLIEST_FOUNDING:
        return f"系统启用日期不能早于{chinese_date(EARLIEST_FOUNDING)}"
    return None
