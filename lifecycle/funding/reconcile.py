"""After a grant is corrected or voided: the designation's findings brought up to date [Y16][S10].

Findings are never deleted. One that no longer holds after the change (an overspend covered by
the corrected amount, matching short by a different sum, a finding on a voided grant) stays
stored and gets a resolution saying why, so the open list is true again (``audit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.funding.audit import audit_designation
from lifecycle.uow import UnitOfWork


@dataclass(frozen=True)
class Settled:
    """Findings stored by the new audit and findings closed as no longer applying."""

    stored: int = 0
    superseded: tuple[int, ...] = ()


def settle(uow: UnitOfWork, designation_id: int, *, why: str, as_of: date, actor: Actor) -> Settled:
    """Audit the designation again; close, noting ``why``, the open findings that no longer hold."""
    report = audit_designation(uow, designation_id, as_of=as_of, actor=actor, why=why)
    return Settled(report.stored, report.closed)
