"""Load the demo data through the real services: idempotent, and resumable after a crash.

One unit of work for the union tree, then one per workshop (the team, its people and all its
designations with their history), so a crash leaves whole workshops or none. Records are looked
up by natural keys and skipped when present: union name + parent, contact e-mail, ID-card number,
workshop name + unit union, designation scheme + number (unnumbered ones, and numbers whose year
moved with the reference day, by workshop + scheme + title).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from lifecycle.actors import Actor
from lifecycle.demo.acting import DEMO_ACTOR, acting_for
from lifecycle.demo.craftsman import load_craftsman_demo
from lifecycle.demo.data import UNIONS, UNIONS_BY_KEY, WORKSHOPS
from lifecycle.demo.funding import load_funding_demo
from lifecycle.demo.history import load_history
from lifecycle.demo.leaders import load_leader_demo
from lifecycle.demo.naming import document_number, id_area_of, title_of
from lifecycle.demo.spec import (
    OPENING,
    DesignationSpec,
    HostUnit,
    LeaderSpec,
    RetiresIn,
    Step,
    WorkshopSpec,
    birth_date_retiring,
    id_card_number,
    leader_serial,
    member_serial,
    resolve,
    team,
)
from lifecycle.demo.summary import DemoSummary
from lifecycle.demo.users import load_demo_users
from lifecycle.designations.delisting import CityDecision, delist, exit_keeping_title
from lifecycle.designations.model import Designation
from lifecycle.designations.naming import (
    ApplicationDecision,
    ExistingTitle,
    NameDesignation,
    NewApplication,
    accept_application,
    name_designation,
    register_existing_title,
    reject_application,
    submit_application,
)
from lifecycle.files.storage import FileStorage
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation
from lifecycle.persons.model import Person
from lifecycle.persons.service import (
    NewPerson,
    default_retirement_group,
    register_person,
    registry_of,
)
from lifecycle.schemes import get_scheme
from lifecycle.schemes.numbers import title_number
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewContact, NewUnion, add_contact, create_union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus, UnionLevel
from lifecycle.workshops.model import Workshop
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop

# The fixed parts of the data (honour years, the Leshan 2020 batch) need a recent reference day.
EARLIEST_AS_OF = date(2025, 1, 1)


def demo_size() -> int:
    """The number of progress steps of ``load_demo``: one per workshop."""
    return len(WORKSHOPS)


def load_demo(
    uow_factory: Callable[[], UnitOfWork],
    *,
    as_of: date,
    progress: Callable[[str], None] | None = None,
    storage: FileStorage | None = None,
) -> DemoSummary:
    """Load the demo through the services; running it again creates nothing.

    ``progress`` is called with each workshop's name once it is committed.
    """
    if as_of < EARLIEST_AS_OF:
        raise ValueError(f"演示数据的基准日期不能早于 {EARLIEST_AS_OF.isoformat()}")
    summary = DemoSummary()
    with uow_factory() as uow:
        union_ids = _load_unions(uow, summary)
        load_demo_users(uow, union_ids, DEMO_ACTOR)
        uow.commit()
    for index, spec in enumerate(WORKSHOPS):
        part = DemoSummary()
        with uow_factory() as uow:
            name = _WorkshopLoader(uow, as_of, union_ids, part).load(index, spec)
            uow.commit()
        summary.add(part)
        if progress is not None:
            progress(name)
    with uow_factory() as uow:
        load_funding_demo(uow, as_of)
        uow.commit()
    # Leader records [Y13][C]; the consent scan goes to ``storage`` (a temporary folder if none).
    files = storage or FileStorage(Path(tempfile.gettempdir()) / "workshops-demo-files")
    with uow_factory() as uow:
        load_leader_demo(uow, files, as_of=as_of, actor=DEMO_ACTOR)
        uow.commit()
    # Past years' filings, 考核, inspections and ledgers, as a working union keeps them.
    with uow_factory() as uow:
        load_history(uow, files, as_of=as_of, actor=DEMO_ACTOR)
        load_craftsman_demo(uow, union_ids, as_of=as_of)
        uow.commit()
    return summary


def _load_unions(uow: UnitOfWork, summary: DemoSummary) -> dict[str, int]:
    """The union tree and its contacts; returns the database id of each demo key."""
    ids: dict[str, int] = {}
    for spec in UNIONS:
        parent_id = ids[spec.parent] if spec.parent is not None else None
        union = uow.unions.get_by_name(spec.name, parent_id)
        if union is None:
            union = create_union(
                uow, NewUnion(spec.name, spec.level, parent_id, spec.doc_prefix, spec.region_code)
            )
            summary.created.unions += 1
        else:
            summary.existing.unions += 1
        ids[spec.key] = union.id
        for contact in spec.contacts:
            if uow.unions.contact_by_email(union.id, contact.email.lower()) is None:
                new = NewContact(union.id, contact.name, contact.email, contact.role)
                add_contact(uow, new, scope=EVERYTHING)
                summary.created.contacts += 1
            else:
                summary.existing.contacts += 1
    return ids


class _WorkshopLoader:
    """Loads one workshop with its people and designations inside one unit of work."""

    def __init__(
        self, uow: UnitOfWork, as_of: date, union_ids: dict[str, int], summary: DemoSummary
    ) -> None:
        self.uow = uow
        self.as_of = as_of
        self.union_ids = union_ids
        self.summary = summary

    def load(self, index: int, spec: WorkshopSpec) -> str:
        """Create what is missing; returns the workshop's name."""
        unit = self.uow.unions.get(self.union_ids[spec.unit], scope=EVERYTHING)
        host = UNIONS_BY_KEY[spec.unit].host
        assert unit is not None
        assert host is not None, f"{spec.unit} is not a unit union"
        self.area = id_area_of(spec.unit)
        name = spec.name or title_of(spec, spec.designations[0], host)
        shop = self.uow.workshops.get_by_name(name, unit.id)
        existed = shop is not None
        leader = self._leader(index, spec.leader, unit, host, shop)
        if shop is None:
            shop = create_workshop(
                self.uow,
                NewWorkshop(
                    name=name,
                    host_unit_name=host.name,
                    host_unit_nature=host.nature,
                    unit_union_id=unit.id,
                    founded_on=resolve(spec.founded, self.as_of),
                    leader_person_id=leader.id,
                    address=host.address,
                    venue_area_sqm=spec.area_sqm,
                    specialty=spec.trade,
                    innovation_direction=spec.direction,
                    description=spec.description
                    or f"依托{host.name}，围绕{spec.direction}开展技术攻关、技能传承和成果转化。",
                ),
                as_of=self.as_of,
                scope=EVERYTHING,
                # The demo's teams as they stand, as the cut-over import records them: a
                # leader since gone (离职) among them, whose 摘牌 path the demo shows [S9].
                recording_history=True,
            )
            self.summary.created.workshops += 1
        else:
            self.summary.existing.workshops += 1
        self._members(index, spec, shop, unit, host)
        earlier = self.uow.designations.for_workshop(shop.id) if existed else ()
        self._designations(spec, shop, unit, host, earlier)
        return name

    # ---- people ----

    def _person(self, cmd: NewPerson, fallback: Person | None = None) -> Person:
        """The person with this ID-card number, else ``fallback``, else a new one."""
        assert cmd.id_card_number is not None
        union = self.uow.unions.get(cmd.union_id, EVERYTHING) if cmd.union_id else None
        registry = registry_of(self.uow, union)
        person = self.uow.persons.by_id_card(cmd.id_card_number, registry) or fallback
        if person is not None:
            self.summary.existing.persons += 1
            return person
        self.summary.created.persons += 1
        return register_person(self.uow, cmd, as_of=self.as_of, scope=EVERYTHING)

    def _leader(
        self, index: int, spec: LeaderSpec, unit: Union, host: HostUnit, shop: Workshop | None
    ) -> Person:
        group = spec.group or default_retirement_group(spec.gender)
        born = spec.born
        if isinstance(born, RetiresIn):
            born = birth_date_retiring(self.as_of, born.days, group)
        cmd = NewPerson(
            name=spec.name,
            gender=spec.gender,
            birth_date=born,
            retirement_group=group,
            id_card_number=id_card_number(self.area, born, leader_serial(index), spec.gender),
            union_id=unit.id,
            employer=host.name,
            employment_status=spec.status,
            skill_level=spec.skill,
            professional_title=spec.title,
            education=spec.education,
            honours=spec.honours,
        )
        # A birth date computed from the reference day moves with it: an existing workshop
        # keeps the leader it was loaded with.
        return self._person(cmd, fallback=shop.leader if shop is not None else None)

    def _members(
        self, index: int, spec: WorkshopSpec, shop: Workshop, unit: Union, host: HostUnit
    ) -> None:
        founded = shop.founded_on
        for position, m in enumerate(team(index, spec)):
            person = self._person(
                NewPerson(
                    name=m.name,
                    gender=m.gender,
                    birth_date=m.born,
                    id_card_number=id_card_number(
                        self.area, m.born, member_serial(index, position), m.gender
                    ),
                    union_id=unit.id,
                    employer=host.name,
                    skill_level=m.skill,
                    professional_title=m.title,
                    education=m.education,
                )
            )
            if any(existing.person_id == person.id for existing in shop.members):
                self.summary.existing.members += 1
                continue
            joined = min(founded + timedelta(days=m.joined_after_days), self.as_of)
            left = (
                None
                if m.left_after_days is None
                else min(founded + timedelta(days=m.left_after_days), self.as_of)
            )
            add_member(
                self.uow,
                shop.id,
                NewMember(
                    person_id=person.id,
                    joined_on=joined,
                    left_on=left,
                    role=m.role,
                    trade=spec.trade,
                    years_of_work=max(1, self.as_of.year - m.born.year - 20),
                ),
                as_of=self.as_of,
                scope=EVERYTHING,
                recording_history=True,  # the world as it stands, as the import records it
            )
            self.summary.created.members += 1

    # ---- designations ----

    def _designations(
        self,
        spec: WorkshopSpec,
        shop: Workshop,
        unit: Union,
        host: HostUnit,
        earlier: Sequence[Designation],
    ) -> None:
        held: dict[str, int] = {}  # scheme → this team's designation, for recommended_from
        seen: Counter[tuple[str, str]] = Counter()
        for d in spec.designations:
            title = title_of(spec, d, host)
            named_on = self._naming_date(d)
            number = (
                title_number(get_scheme(d.scheme).settings.number_prefix, named_on.year, d.seq)
                if d.seq is not None and named_on is not None
                else None
            )
            occurrence = seen[(d.scheme, title)]
            seen[(d.scheme, title)] += 1
            found = self.uow.designations.get_by_number(d.scheme, number) if number else None
            if found is None:
                same = [e for e in earlier if e.scheme_code == d.scheme and e.title == title]
                found = same[occurrence] if occurrence < len(same) else None
            if found is not None:
                self.summary.existing.designations += 1
            else:
                found = self._open(d, shop=shop, unit=unit, title=title, number=number, held=held)
                self.summary.created.designations += 1
            held[d.scheme] = found.id

    def _naming_date(self, d: DesignationSpec) -> date | None:
        """The day the title is (or was) named, if it ever is."""
        if d.start == DesignationStatus.NAMED:
            return resolve(d.on, self.as_of)
        for step in d.steps:
            if step.target == DesignationStatus.NAMED:
                return resolve(step.on, self.as_of)
        return None

    def _open(
        self,
        d: DesignationSpec,
        *,
        shop: Workshop,
        unit: Union,
        title: str,
        number: str | None,
        held: dict[str, int],
    ) -> Designation:
        scheme = get_scheme(d.scheme)
        naming_union = self.uow.unions.ancestor_at_level(
            unit, UnionLevel(scheme.settings.level.value)
        )
        assert naming_union is not None, f"{unit.name} has no {scheme.settings.level} union"
        default_reason, default_doc = OPENING.get((d.scheme, d.start), ("提交申报", None))
        opened_on = resolve(d.on, self.as_of)
        is_named = d.start == DesignationStatus.NAMED
        if d.recommended_from is not None and d.recommended_from not in held:
            raise ValueError(f"{title}: no earlier {d.recommended_from} title to recommend from")
        recommended = held[d.recommended_from] if d.recommended_from else None
        namer = acting_for(naming_union)
        if is_named:
            designation = register_existing_title(
                self.uow,
                ExistingTitle(
                    workshop_id=shop.id,
                    scheme=d.scheme,
                    title=title,
                    number=number or "",
                    naming_date=opened_on,
                    decision_ref=document_number(d.doc or default_doc, opened_on) or "",
                    recommended_from_id=recommended,
                    reason=d.reason or default_reason,
                ),
                actor=namer,
                as_of=self.as_of,
                scope=EVERYTHING,
            )
        else:
            designation = submit_application(
                self.uow,
                NewApplication(
                    shop.id, d.scheme, title, opened_on, recommended, d.reason or default_reason
                ),
                actor=acting_for(unit),
                as_of=self.as_of,
                scope=EVERYTHING,
            )
        for step in d.steps:
            on = resolve(step.on, self.as_of)
            if self._via_inspection(designation, step, on):
                continue
            self._decide(designation, step, on, namer, number)
        return designation

    def _decide(
        self, designation: Designation, step: Step, on: date, namer: Actor, number: str | None
    ) -> None:
        """An application or city decision, through the flow that owns it."""
        doc = document_number(step.doc, on)
        target = step.target
        if target == DesignationStatus.NAMED:
            name_designation(
                self.uow,
                NameDesignation(
                    designation.workshop_id,
                    designation.scheme_code,
                    designation.title,
                    number or "",
                    on,
                    doc or "",
                    designation.recommended_from_id,
                    step.reason,
                    application_id=designation.id,
                ),
                actor=namer,
                as_of=self.as_of,
                scope=EVERYTHING,
            )
            return
        if target in (DesignationStatus.UNDER_REVIEW, DesignationStatus.REJECTED):
            use_case = (
                accept_application
                if target == DesignationStatus.UNDER_REVIEW
                else reject_application
            )
            decision = ApplicationDecision(designation.id, on, step.reason, doc)
            use_case(self.uow, decision, actor=namer, as_of=self.as_of, scope=EVERYTHING)
            return
        city = CityDecision(designation.id, on, step.reason, doc)
        if target == DesignationStatus.EXITED:
            exit_keeping_title(self.uow, city, actor=namer, as_of=self.as_of, scope=EVERYTHING)
            return
        assert target == DesignationStatus.REVOKED, f"no demo flow for {target}"
        delist(self.uow, city, actor=namer, as_of=self.as_of, scope=EVERYTHING)

    def _via_inspection(self, designation: Designation, step: Step, on: date) -> bool:
        """Run 整改 and 撤牌 steps through the real inspection and notice services [Y12]."""
        district = self.uow.unions.get(designation.district_union_id, EVERYTHING)
        assert district is not None
        officer = acting_for(district)
        if step.target == DesignationStatus.RECTIFYING and step.failing:
            criteria = get_scheme(designation.scheme_code).settings.inspection_criteria
            inspection = schedule_inspection(
                self.uow,
                ScheduleInspection(
                    designation.id, InspectionKind.CYCLE_END, on, "工作室现场", "区总工会检查组"
                ),
                actor=officer,
                as_of=self.as_of,
                scope=EVERYTHING,
            )
            found = dict(step.failing)
            outcomes = tuple(
                CriterionInput(code, code not in found, found.get(code, ""))
                for code, _label in criteria
            )
            record_outcome(
                self.uow,
                RecordOutcome(inspection.id, on, outcomes),
                actor=officer,
                as_of=on,  # history replayed as entered that day: its notice is dated then
                scope=EVERYTHING,
            )
            return True
        notice = self.uow.notices.open_for_designation(designation.id)
        if step.target == DesignationStatus.REVOKED and notice is not None:
            confirm_revocation(
                self.uow,
                ConfirmRevocation(notice.id, on, document_number(step.doc, on) or "", step.reason),
                actor=officer,
                as_of=self.as_of,
                scope=EVERYTHING,
            )
            return True
        return False
