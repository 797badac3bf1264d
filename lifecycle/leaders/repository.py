"""Every query on leader events, continuation consents and leader history."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.changes.model import UNDECIDED_CHANGE_STATUSES, ChangeRequest
from lifecycle.db.batches import batches
from lifecycle.db.lost_race import Done, Taken, refused_as_checked, skipped_if_done
from lifecycle.designations.model import Designation
from lifecycle.designations.repository import teams_first_titles
from lifecycle.designations.states import ACTIVE_STATES
from lifecycle.errors import FieldProblem
from lifecycle.leaders.facts import LeaderFact
from lifecycle.leaders.model import (
    ContinuationConsent,
    LeaderChange,
    LeaderEvent,
    LeaderEventKind,
    LeaderEventProof,
)
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.vocab import EmploymentStatus, Honour, RetirementGroup
from lifecycle.workshops.model import Workshop


class LeaderRepository:
    """Leader records; scope is checked by the services through the designation or workshop."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_event(
        self,
        event: LeaderEvent,
        *,
        taken: Taken | None = None,
        status: EmploymentStatus | None = None,
    ) -> LeaderEvent:
        """Insert, and set the person's employment ``status`` to what the event makes it (None:
        unchanged). The leader's event of the same kind recorded meanwhile by another request
        (the unique workshop, person and kind), or another event that changed the person's
        status (its version), is refused as ``taken``, the use case's check, says (None: as the
        same event on record, by whom not said)."""
        with refused_as_checked(self.session, taken or (lambda: self._recorded(event))):
            self._event_then_status(event, status)
        return event

    def _recorded(self, event: LeaderEvent) -> FieldProblem | None:
        """The refusal of ``event`` when the same person's event of its kind is on record."""
        stmt = select(LeaderEvent.id).where(
            LeaderEvent.workshop_id == event.workshop_id,
            LeaderEvent.person_id == event.person_id,
            LeaderEvent.kind == event.kind,
        )
        if self.session.scalars(stmt).first() is None:
            return None
        return FieldProblem("kind", "duplicate", "该带头人的此类情况已由他人登记，请刷新页面")

    def settle_event(self, event: LeaderEvent, status: EmploymentStatus, *, settled: Done) -> bool:
        """Insert an event a decision records and set the person's ``status``, unless another
        request recorded it, or changed the status, meanwhile and ``settled`` (the decision's
        check) now says there is nothing to settle: then nothing is written (False)."""
        with skipped_if_done(self.session, settled) as skipped:
            self._event_then_status(event, status)
        return not skipped

    def _event_then_status(self, event: LeaderEvent, status: EmploymentStatus | None) -> None:
        """The event first (a racing loser of its kind is stopped at its unique key), then the
        person's status (a loser of another kind at the person's version)."""
        self.session.add(event)
        self.session.flush()
        if status is not None:
            person = self.session.get(Person, event.person_id)
            assert person is not None
            person.employment_status = status

    def get_event(self, event_id: int) -> LeaderEvent | None:
        return self.session.get(LeaderEvent, event_id)

    def add_proof(self, proof: LeaderEventProof) -> LeaderEventProof:
        self.session.add(proof)
        self.session.flush()
        return proof

    def proof(self, event_id: int, proof_id: int) -> LeaderEventProof | None:
        """Proof ``proof_id`` of event ``event_id`` (the caller checks the event's scope)."""
        stmt = select(LeaderEventProof).where(
            LeaderEventProof.id == proof_id, LeaderEventProof.leader_event_id == event_id
        )
        return self.session.scalars(stmt).first()

    def events_for_workshop(self, workshop_id: int) -> Sequence[LeaderEvent]:
        return self.session.scalars(_events(workshop_id)).all()

    def events_page(self, workshop_id: int, window: Window) -> Listing[LeaderEvent]:
        """A page of the workshop's leader events, by date, and how many it has."""
        return windowed(self.session, _events(workshop_id), window)

    def ended_on(self, person_id: int, kind: LeaderEventKind) -> date | None:
        """The latest day an event of ``kind`` (离职, 已故) of the person was recorded to happen."""
        return self.session.scalar(
            select(func.max(LeaderEvent.occurred_on)).where(
                LeaderEvent.person_id == person_id, LeaderEvent.kind == kind
            )
        )

    def add_consent(self, consent: ContinuationConsent, *, taken: Taken) -> ContinuationConsent:
        """Insert; the leader's consent recorded meanwhile by another request (the unique title
        and person) is refused as ``taken``, the use case's check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(consent)
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

    def names(self, person_ids: Collection[int]) -> dict[int, str]:
        """Person id → name, for the leader history."""
        if not person_ids:
            return {}
        rows = self.session.execute(
            select(Person.id, Person.name).where(Person.id.in_(sorted(set(person_ids))))
        )
        return {row.id: row.name for row in rows}

    def event_labels(self, event_ids: Collection[int], scope: Scope) -> list[Any]:
        """(id, kind, occurred_on, person's name, a title of the team) of each leader event
        ``scope`` may see, in one query (the others are left out): what a 修改记录 names an
        event by, and the title whose page shows it (the team's first, None without one)."""
        if not event_ids:
            return []
        first = teams_first_titles()
        stmt = (
            select(
                LeaderEvent.id,
                LeaderEvent.kind,
                LeaderEvent.occurred_on,
                Person.name,
                first.c.designation_id,
            )
            .join(Person, Person.id == LeaderEvent.person_id)
            .join(Workshop, Workshop.id == LeaderEvent.workshop_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .outerjoin(first, first.c.workshop_id == LeaderEvent.workshop_id)
            .where(LeaderEvent.id.in_(sorted(event_ids)), scope.clause(Union.path))
        )
        return list(self.session.execute(stmt).all())

    def leaders_under(
        self, union_id: int, scope: Scope, born: Mapping[RetirementGroup, tuple[date, date]]
    ) -> list[Any]:
        """Active titles of workshops in the subtree of ``union_id`` (inside ``scope``) whose
        leader is in service and was born, for the leader's retirement group, between the dates
        ``born`` gives it, with the leader's birth facts (city titles included) and the day the
        unit consented to the leader going on past the legal age, if on record [Y13]."""
        root = select(Union.path).where(Union.id == union_id).scalar_subquery()
        consented = (
            select(func.min(ContinuationConsent.unit_consented_on))
            .where(
                ContinuationConsent.designation_id == Designation.id,
                ContinuationConsent.person_id == Person.id,
            )
            .scalar_subquery()
        )
        births = or_(
            *(
                and_(Person.retirement_group == group, Person.birth_date.between(first, last))
                for group, (first, last) in sorted(born.items())
            )
        )
        stmt = (
            select(
                Designation.id.label("designation_id"),
                Designation.title,
                Designation.number,
                Designation.scheme_code,
                Designation.status,
                Workshop.name.label("workshop_name"),
                Workshop.host_unit_name,
                Person.id.label("person_id"),
                Person.name,
                Person.birth_date,
                Person.retirement_group,
                consented.label("consented_on"),
            )
            .join(Workshop, Workshop.id == Designation.workshop_id)
            .join(Person, Person.id == Workshop.leader_person_id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(
                scope.clause(Union.path),
                Union.path.startswith(root),
                Designation.status.in_(sorted(ACTIVE_STATES)),
                Person.employment_status == EmploymentStatus.EMPLOYED,
                births,
            )
            .order_by(Person.birth_date, Designation.id)
        )
        return list(self.session.execute(stmt).all())

    def occasion_facts(self, designation_ids: Collection[int]) -> dict[int, LeaderFact]:
        """Each designation's current leader with consent and event flags, honours and the day a
        leader change made them leader (6 queries a batch)."""
        found: dict[int, LeaderFact] = {}
        for ids in batches(designation_ids):
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
            # The latest event of each (workshop, person): it opens the 附件3 occasion [C].
            events: dict[tuple[int, int], tuple[int, date, date | None]] = {}
            # The day each leader retired, whatever their age: it opens the consent [Y13]; and
            # the day that was recorded (None: before migration 0064).
            retired: dict[tuple[int, int], tuple[date, date | None]] = {}
            for shop_id, p_id, e_id, on, kind, at in self.session.execute(
                select(
                    LeaderEvent.workshop_id,
                    LeaderEvent.person_id,
                    LeaderEvent.id,
                    LeaderEvent.occurred_on,
                    LeaderEvent.kind,
                    LeaderEvent.recorded_on,
                )
                .where(LeaderEvent.workshop_id.in_(shops))
                .order_by(LeaderEvent.occurred_on, LeaderEvent.id)
            ):
                events[(shop_id, p_id)] = (e_id, on, at)
                if kind == LeaderEventKind.RETIREMENT:
                    retired[(shop_id, p_id)] = (on, at)
            filed = {
                (d_id, p_id)
                for d_id, p_id in self.session.execute(
                    select(ChangeRequest.designation_id, ChangeRequest.old_leader_person_id).where(
                        ChangeRequest.designation_id.in_(ids),
                        # A withdrawn request, one the city did not agree to or one closed by
                        # the title's 摘牌 decided nothing: the leader still cannot lead, the
                        # 附件3 is owed [C 三（六）].
                        ChangeRequest.status.not_in(UNDECIDED_CHANGE_STATUSES),
                    )
                )
            }
            # The day a leader change made each leader the workshop's leader (the latest), and
            # the day that change was recorded (None: before migration 0068).
            took_over: dict[tuple[int, int], tuple[date, date | None]] = {}
            for shop_id, p_id, on, at in self.session.execute(
                select(
                    LeaderChange.workshop_id,
                    LeaderChange.new_person_id,
                    LeaderChange.effective_on,
                    LeaderChange.recorded_on,
                )
                .where(LeaderChange.workshop_id.in_(shops))
                .order_by(LeaderChange.effective_on, LeaderChange.id)
            ):
                took_over[(shop_id, p_id)] = (on, at)
            honours: dict[int, set[Honour]] = {}
            for p_id, honour in self.session.execute(
                select(PersonHonour.person_id, PersonHonour.honour).where(
                    PersonHonour.person_id.in_(sorted({r[2] for r in rows}))
                )
            ):
                honours.setdefault(p_id, set()).add(honour)
            for d_id, shop_id, p_id, name, born, group, status in rows:
                event = events.get((shop_id, p_id))
                retirement = retired.get((shop_id, p_id))
                found[d_id] = LeaderFact(
                    person_id=p_id,
                    name=name,
                    birth_date=born,
                    retirement_group=group,
                    employment_status=status,
                    consented=(d_id, p_id) in consents,
                    event_recorded=event is not None,
                    event_id=event[0] if event else None,
                    event_on=event[1] if event else None,
                    event_known_on=event[2] if event else None,
                    retired_on=retirement[0] if retirement else None,
                    retired_known_on=retirement[1] if retirement else None,
                    request_filed=(d_id, p_id) in filed,
                    honours=frozenset(honours.get(p_id, ())),
                    led_since=took[0] if (took := took_over.get((shop_id, p_id))) else None,
                    led_known_on=took[1] if took else None,
                )
        return found


def _events(workshop_id: int) -> Select[LeaderEvent]:
    """The workshop's leader events, by the day they happened (then as recorded)."""
    return (
        select(LeaderEvent)
        .where(LeaderEvent.workshop_id == workshop_id)
        .order_by(LeaderEvent.occurred_on, LeaderEvent.id)
    )
