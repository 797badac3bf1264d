"""Hand-built facts for the occasion generators (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from lifecycle.occasions.facts import DesignationFacts, NoticeFact, Window
from lifecycle.schemes import get_scheme
from lifecycle.vocab import DesignationStatus

YANGPU = get_scheme("yangpu-district").settings
SHANGHAI = get_scheme("shanghai-model-worker").settings

UNIT, SECTOR, DISTRICT, CITY = 40, 30, 20, 10

BASE = DesignationFacts(
    id=7,
    scheme_code="yangpu-district",
    status=DesignationStatus.NAMED,
    naming_date=date(2023, 3, 15),
    ended_on=None,
    title="张师傅数控攻关劳模创新工作室",
    number="杨浦 2023-015",
    workshop_id=3,
    unit_union_id=UNIT,
    sector_union_id=SECTOR,
    district_union_id=DISTRICT,
    naming_union_id=DISTRICT,
    project_years=frozenset(range(2023, 2030)),
    last_achievement_on=date(2026, 1, 10),
)

SHANGHAI_BASE = replace(
    BASE,
    id=8,
    scheme_code="shanghai-model-worker",
    naming_date=date(2024, 4, 28),
    number="沪劳模 2024-031",
    naming_union_id=CITY,
)

EVERYTHING_UNTIL_2030 = Window(date(2020, 1, 1), date(2030, 12, 31))


def facts(base: DesignationFacts = BASE, **changes: Any) -> DesignationFacts:
    return replace(base, **changes)


def notice(**changes: Any) -> NoticeFact:
    fields: dict[str, Any] = {
        "id": 5,
        "number": "杨工创〔2026〕3号",
        "deadline": date(2026, 5, 20),
        "provisional": False,
        "issuing_union_id": DISTRICT,
        "addressee_union_id": SECTOR,
    }
    fields.update(changes)
    return NoticeFact(**fields)
