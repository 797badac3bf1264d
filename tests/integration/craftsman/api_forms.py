"""The 申报审批表 as a JSON body, for the API tests."""

from __future__ import annotations

from typing import Any

from tests.integration.craftsman.helpers import ADDRESS, DATED, PHONE, STATEMENT


def craftsman_form(person_id: int, **changes: Any) -> dict[str, Any]:
    """A complete self-application dated inside this year's open call, with its survey."""
    return {
        "person_id": person_id,
        "channel": "self",
        "group": "metallurgy",
        "applied_on": DATED.isoformat(),
        "chinese_nationality": True,
        "front_line": True,
        "deputy_bureau_or_above": False,
        "org_managed_unit_head": False,
        "applicant_phone": PHONE,
        "home_address": ADDRESS,
        "trade": "数控车工",
        "years_worked": 25,
        "understanding": "精益求精，一丝不苟。",
        "statement": STATEMENT,
        "five_powers": {"技能精湛": "技能大赛一等奖（单位盖章）"},
        "patents_invention": 1,
        "income_survey": {"monthly_income_fen": 1_234_500, "income_level": "较高"},
    } | changes
