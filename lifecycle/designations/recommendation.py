"""The title a city title was recommended from [S7]: the workshop's own district-level title.

《上海市“劳模创新工作室”管理办法（修订）》第七条: 原则上由各区局（产业）工会已命名并运行一年以上的
“劳模创新工作室”中推荐申报. The source is always the same workshop's district-level title, named
before the city title; the year of running binds a naming made in the service (reading in
docs/RULES.md), not a title recorded as named before it, whose decision the city already took.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.schemes.base import add_years
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus

S7 = "《上海市“劳模创新工作室”管理办法（修订）》第七条"

# A source 已命名并运行 at a naming in the service: named, not under 整改 (as at eligibility,
# docs/RULES.md reading 8).
HELD = frozenset({DesignationStatus.NAMED})
# A source once named: what a title recorded as named before the service may point to (the
# district title may since have been under 整改, revoked or have left the management sequence).
ONCE_NAMED = frozenset(
    HELD | {DesignationStatus.RECTIFYING, DesignationStatus.EXITED, DesignationStatus.REVOKED}
)


@dataclass(frozen=True)
class SourceTitle:
    """The title named as the source, as the rule reads it."""

    workshop_id: int
    level: str  # its scheme's level: "district" or "city"
    status: DesignationStatus
    naming_date: date | None


@dataclass(frozen=True)
class NewCityTitle:
    """The title that names its source: its workshop, level and naming date (None: an
    application, whose naming is checked when it is named)."""

    workshop_id: int
    level: str
    naming_date: date | None
    recorded: bool  # recorded as named before the service (registration, adoption)
    running_years: int | None  # the years the source must have run, where the pack says so


def source_problems(title: NewCityTitle, source: SourceTitle) -> list[str]:
    """Why ``source`` cannot be the district title ``title`` was recommended from [S7]."""
    if title.level != "city":
        return [f"只有市级命名由区局级命名推荐产生，区局级命名不填写推荐来源（{S7}）"]
    found: list[str] = []
    if source.workshop_id != title.workshop_id:
        found.append(f"推荐来源须为本工作室自己的区局级命名，所选命名属于其他工作室（{S7}）")
    if source.level != "district":
        found.append(f"推荐来源须为区局（产业）工会命名的工作室，所选命名为市级命名（{S7}）")
    allowed = ONCE_NAMED if title.recorded else HELD
    if source.status not in allowed or source.naming_date is None:
        label = DESIGNATION_STATUS_LABELS[source.status]
        found.append(f"推荐来源须为已命名的区局级命名，所选命名现为“{label}”（{S7}）")
    elif title.naming_date is not None:
        found.extend(_timing(title, source.naming_date))
    return found


def _timing(title: NewCityTitle, named_on: date) -> list[str]:
    """Named before the city title; at a naming in the service, running the pack's years."""
    assert title.naming_date is not None
    if named_on > title.naming_date:
        return [f"推荐来源的命名日期（{chinese_date(named_on)}）不能晚于本次命名日期（{S7}）"]
    years = title.running_years
    if not title.recorded and years and add_years(named_on, years) > title.naming_date:
        return [
            f"推荐来源须为已命名并运行{years}年以上的区局级命名：该命名于{chinese_date(named_on)}命名，"
            f"至{chinese_date(title.naming_date)}未满{years}年（{S7}）"
        ]
    return []
