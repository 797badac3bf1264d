"""Calendar rules: working days on the Chinese official calendar and legal retirement dates."""

from lifecycle.calendar.retirement import (
    LegalRetirement,
    RetirementAge,
    legal_retirement,
    retirement_age,
    retirement_group_for,
)
from lifecycle.calendar.workdays import (
    CalendarDate,
    DaySource,
    WorkCalendar,
    YearOverride,
    parse_override_csv,
    statutory_holidays,
)

__all__ = [
    "CalendarDate",
    "DaySource",
    "LegalRetirement",
    "RetirementAge",
    "WorkCalendar",
    "YearOverride",
    "legal_retirement",
    "parse_override_csv",
    "retirement_age",
    "retirement_group_for",
    "statutory_holidays",
]
