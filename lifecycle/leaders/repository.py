"""Every query on leader events, continuation consents and leader history."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.leaders.facts import LeaderFact
from lifecycle.leaders.model import ContinuationConsent, LeaderChange, LeaderEvent
from lifecycle.persons.model import Person
from lifecycle.workshops.model import Workshop

_IDS_PER_QUERY = 5000


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), _IDS_PER_QUERY):
        yield unique[start : start + _IDS_PER_QUERY]


class LeaderRepository:
    """Leader records; scope is checked by the services through the designation or workshop."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_event(self, event: LeaderEvent) -> LeaderEvent:
        self.session.add(event)
        self.session.flush()
        return event

    def get_event(self, event_id: int) -> LeaderEvent | None:
        return self.session.get(LeaderEvent, event_id)

    def events_for_workshop(self, workshop_id: int) -> Sequence[LeaderEvent]:
        stmt = (
            select(LeaderEvent)
            .where(LeaderEvent.workshop_id == workshop_id)
            .order_by(LeaderEvent.occurred_on, LeaderEvent.id)
        )
        return self.session.scalars(stmt).all()

    def add_consent(self, consent: ContinuationConsent) -> ContinuationConsent:
        self.session.add(consent)
        self.session.flush()
        return consent

    def consent(self, designation_id: int, person_id: int) -> ContinuationConsent | None:
        stmt = select(ContinuationConsent).where(
            ContinuationConsent.designation_id == designation_id,
            ContinuationConsent.person_id == person_id,
        )
        return self.session.scalars(stmt).first()

    def consents_for(self, designation_id: int) -> Sequence[ContinuationConsent]:
        stmt = (
            select(ContinuationConsent)
            .where(ContinuationConsent.designation_id == designation_id)
            .order_by(ContinuationConsent.id)
        )
        return self.session.scalars(stmt).all()

    def add_change(self, change: LeaderChange) -> LeaderChange:
        self.session.add(change)
        self.session.flush()
        return change

    def history(self, workshop_id: int) -> Sequence[LeaderChange]:
        """Every leader change of the workshop, oldest first (whichever title decided it)."""
        stmt = (
            select(LeaderChange)
            .where(LeaderChange.workshop_id == workshop_id)
            .order_by(LeaderChange.effective_on, LeaderChange.id)
        )
        return self.session.scalars(stmt).all()

    def occasion_facts(self, designation_ids: Collection[int]) -> dict[int, LeaderFact]:
        """Each designation's current leader with consent and event flags (3 queries a batch)."""
        found: dict[int, LeaderFact] = {}
        for ids in _chunks(designation_ids):
            rows = self.session.execute(
                select(
                    Designation.id,
                    Designation.workshop_id,
                    Person.id,
                    Person.name,
                    Person.birth_date,
                    Person.retirement_group,
                    Person.employment_status,
                )
                .join(Workshop, Workshop.id == Designation.workshop_id)
                .join(Person, Person.id == Workshop.leader_person_id)
                .where(Designation.id.in_(ids))
            ).all()
            consents = {
                (d_id, p_id)
                for d_id, p_id in self.session.execute(
                    select(ContinuationConsent.designation_id, ContinuationConsent.person_id).where(
                        ContinuationConsent.designation_id.in_(ids)
                    )
                )
            }
            shops = sorted({r[1] for r in rows})
            events = {
                (shop_id, p_id)
                for shop_id, p_id in self.session.execute(
                    select(LeaderEvent.workshop_id, LeaderEvent.person_id).where(
                        LeaderEvent.workshop_id.in_(shops)
                    )
                )
            }
            for d_id, shop_id, p_id, name, born, group, status in rows:
                found[d_id] = LeaderFact(
                    person_id=p_id,
                    name=name,
                    birth_date=born,
                    retirement_group=group,
                    employment_status=status,
                    consented=(d_id, p_id) in consents,
                    event_recorded=(shop_id, p_id) in events,
                )
        return found
