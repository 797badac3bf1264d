"""Plain facts about an open 附件3 request, as the occasion generators read them [C]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.changes.model import ChangeMeasure, ChangeRequestStatus, ChangeStep


@dataclass(frozen=True)
class ChangeRequestFact:
    """An open change request: which step waits, since when, and in which round."""

    id: int
    status: ChangeRequestStatus
    waiting_step: ChangeStep
    waiting_since: date
    round: int
    measure: ChangeMeasure
