"""Plain facts about a designation's current leader, as the occasion generators read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.vocab import EmploymentStatus, Honour, RetirementGroup


@dataclass(frozen=True)
class LeaderFact:
    """The current leader of a designation's workshop and what is on record about them."""

    person_id: int
    name: str
    birth_date: date
    retirement_group: RetirementGroup
    employment_status: EmploymentStatus
    consented: bool = False  # leader's and unit's consent to continue recorded [Y13]
    event_recorded: bool = False  # a retirement/departure/death/other event is on record
    event_id: int | None = None  # the latest such event of this leader [C 三（六）]
    event_on: date | None = None  # the day it happened
    event_known_on: date | None = None  # the day it was recorded: known from then
    retired_on: date | None = None  # the day a retirement event of this leader says they retired
    retired_known_on: date | None = None  # the day that retirement event was recorded
    request_filed: bool = False  # a 附件3 about this leader filed (not withdrawn nor refused)
    honours: frozenset[Honour] = frozenset()  # on the person record (上海工匠 [C 一（一）])
    led_since: date | None = None  # the day a leader change made them leader (None: the first)
    led_known_on: date | None = None  # the day that change was recorded: known from then
