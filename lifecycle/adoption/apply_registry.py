"""Writing unions, contacts, persons, honours, workshops and members through their use cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.cutover import cutover_refusal
from lifecycle.adoption.fields import held_back
from lifecycle.adoption.model import UnionCutover
from lifecycle.adoption.parse import Record
from lifecycle.adoption.person_refs import (
    NOT_THEIRS,
    by_number,
    fetch_numbered,
    listed_person,
    matches,
    new_in_file,
    numbered,
)
from lifecycle.adoption.plan import CHANGED, CREATED, UNCHANGED, path_text, service_problems
from lifecycle.adoption.sheets import CONTACTS, HONOURS, MEMBERS, PERSONS, UNIONS, WORKSHOPS
from lifecycle.adoption.union_race import send_new_unions
from lifecycle.errors import DomainError
from lifecycle.occasions import index
from lifecycle.persons.honours import reference_refusal
from lifecycle.persons.id_card import is_masked
from lifecycle.persons.model import REFERENCE_MAX, Person
from lifecycle.persons.service import (
    HonourInput,
    NewPerson,
    add_honour,
    amend_person,
    register_person,
)
from lifecycle.unions.model import Union
from lifecycle.unions.service import (
    NewContact,
    NewUnion,
    add_contact,
    create_union,
    inherited_region_refusal,
    region_refusal,
)
from lifecycle.vocab import (
    ContactRole,
    EmploymentStatus,
    Gender,
    Honour,
    RetirementGroup,
    SkillLevel,
    UnionLevel,
    UnitNature,
)
from lifecycle.workshops.correction import amend_workshop
from lifecycle.workshops.model import Workshop, WorkshopMember
from lifecycle.workshops.service import (
    NewMember,
    NewWorkshop,
    add_member,
    amend_member,
    create_workshop,
)

# Why a full number given beside a person's 人员编号 rewrites the one recorded (the audit log).
CORRECTION_REASON = "名册导入：更正身份证号"
# Why a registered workshop's facts changed (the audit log).
IMPORT_REASON = "名册导入：更正工作室登记"
# Fields a blank cell leaves alone on a record already registered (blank never erases).
PERSON_FIELDS = ("name", "employer", "professional_title", "education")
WORKSHOP_FIELDS = ("host_unit_name", "address", "specialty", "innovation_direction")


def _update(obj: object, values: dict[str, Any]) -> bool:
    """Set each non-blank value that differs; whether anything changed."""
    changed = False
    for name, value in values.items():
        if value is not None and getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _changes(obj: object, values: dict[str, Any]) -> dict[str, Any]:
    """The non-blank values that differ from ``obj``'s (blank never erases)."""
    return {
        name: value
        for name, value in values.items()
        if value is not None and getattr(obj, name) != value
    }


def import_unions(ctx: ImportContext, records: list[Record]) -> None:
    """Parents before children; a new union only under a parent inside the caller's scope."""
    creating: dict[int, Record] = {}  # the row creating each new union, by its key
    for r in sorted(records, key=lambda r: (len(r["path"] or ()), r.row)):
        ctx.step()
        parts: tuple[str, ...] | None = r["path"]
        if parts is None:  # unreadable: refused as a cell
            continue
        cutover_on = _cutover_on(ctx, r)
        union = ctx.unions.by_path.get(parts)
        if union is not None:
            if not ctx.scope.covers_path(union.path):
                ctx.cells.append(r.problem("path", f"工会“{path_text(parts)}”不在本人管辖范围内"))
                continue
            if held_back(ctx, r):
                continue
            level = UnionLevel(r["level"])
            if union.level != level:
                ctx.cells.append(r.problem("level", "与已登记的工会层级不一致"))
                continue
            parent = ctx.unions.by_path.get(parts[:-1]) if len(parts) > 1 else None
            why = region_refusal(ctx.uow, level, r["region_code"], union_id=union.id)
            why = why or inherited_region_refusal(level, r["region_code"], parent)
            if why is not None:
                ctx.cells.append(r.problem("region_code", why))
                continue
            changed = _update(
                union, {"doc_prefix": r["doc_prefix"], "region_code": r["region_code"]}
            )
            changed = _cutover(ctx, union, cutover_on) or changed
            ctx.report.count(UNIONS.name, CHANGED if changed else UNCHANGED)
            continue
        parent = ctx.unions.by_path.get(parts[:-1]) if len(parts) > 1 else None
        if len(parts) > 1 and parent is None:
            why = ctx.unions.missing(parts[:-1], "不存在", label="上级工会")
            ctx.cells.append(r.problem("path", why))
            continue
        if (parent is None and ctx.scope.path_prefix is not None) or (
            parent is not None and not ctx.scope.covers_path(parent.path)
        ):
            ctx.cells.append(r.problem("path", f"工会“{path_text(parts)}”不在本人管辖范围内"))
            continue
        if held_back(ctx, r):
            continue
        level = UnionLevel(r["level"])
        cmd = NewUnion(
            parts[-1], level, parent.id if parent else None, r["doc_prefix"], r["region_code"]
        )
        try:
            union = create_union(ctx.uow, cmd)
        except DomainError as err:
            service_problems(r, err, {"name": "path", "parent_id": "path"}, ctx.cells)
            continue
        _created(ctx, creating, r, union, cutover_on)
    send_new_unions(ctx, creating)  # the sheet's new unions in one go (keyed and pathed already)


def _created(
    ctx: ImportContext,
    creating: dict[int, Record],
    r: Record,
    union: Union,
    cutover_on: date | None,
) -> None:
    """A new union: known by its path, its row kept (a race it loses is said beside that row's
    cell), sent before its cut-over row naming it."""
    ctx.unions.add(r["path"], union)
    creating[union.id] = r
    if cutover_on is not None:
        send_new_unions(ctx, creating)
    _cutover(ctx, union, cutover_on)
    ctx.report.count(UNIONS.name, CREATED)


def _cutover_on(ctx: ImportContext, r: Record) -> date | None:
    """The row's 系统启用日期, or None: blank, or refused as a bad cell (the file is refused and
    the date never recorded)."""
    day: date | None = r["cutover_on"]
    why_not = None if day is None else cutover_refusal(day, ctx.as_of)
    if why_not is not None:
        ctx.cells.append(r.problem("cutover_on", why_not))
        return None
    return day


def _cutover(ctx: ImportContext, union: Union, day: date | None) -> bool:
    """Record the union's cut-over date; its titles' occasions are rewritten on commit."""
    if day is None:
        return False
    existing = ctx.uow.cutovers.get(union.id)
    if existing is not None and existing.cutover_on == day:
        return False
    if existing is None:
        ctx.uow.cutovers.add(
            UnionCutover(union_id=union.id, cutover_on=day, recorded_by=ctx.actor.name)
        )
    else:
        existing.cutover_on = day
        existing.recorded_by = ctx.actor.name
    ctx.report.cutovers.append((union.name, day))
    if union.path:
        touched = index.touched(ctx.uow.session)
        touched.designations.update(ctx.uow.cutovers.designation_ids_under(union.path))
    return True


def import_contacts(ctx: ImportContext, records: list[Record]) -> None:
    resolved = [(r, ctx.unions.resolve(r, "union", ctx.cells)) for r in records]
    existing = ctx.uow.registry.contacts({u.id for _, u in resolved if u is not None})
    for r, union in resolved:
        ctx.step()
        if held_back(ctx, r) or union is None:
            continue
        email = str(r["email"]).strip().lower()
        contact = existing.get((union.id, email))
        if contact is not None:
            changed = _update(contact, {"name": r["name"], "role": ContactRole(r["role"])})
            ctx.report.count(CONTACTS.name, CHANGED if changed else UNCHANGED)
            continue
        try:
            contact = add_contact(
                ctx.uow,
                NewContact(union.id, r["name"], email, ContactRole(r["role"])),
                scope=ctx.scope,
            )
        except DomainError as err:
            service_problems(r, err, {}, ctx.cells)
            continue
        existing[(union.id, email)] = contact
        ctx.report.count(CONTACTS.name, CREATED)


def import_persons(ctx: ImportContext, records: list[Record]) -> None:
    cards = {str(r["id_card"]).upper() for r in records if r["id_card"] is not None}
    cards = {c for c in cards if not is_masked(c)}
    holding = ctx.uow.registry.persons_holding(cards)
    ctx.facts.persons.remember(cards, holding)
    for held in holding:
        assert held.id_card_number is not None
        ctx.persons[held.id_card_number] = held
    in_file = new_in_file(ctx, records)
    ctx.in_file.update(dict.fromkeys(in_file))
    fetch_numbered(ctx, records, "id_card")
    for r in records:
        ctx.step()
        union = ctx.unions.resolve(r, "union", ctx.cells) if r["union"] else None
        new = r["id_card"] is None and r["person_no"] in in_file  # a person of this file
        numbered_row = by_number(r, "id_card") and not new
        person = listed_person(ctx, r) if numbered_row else None
        if held_back(ctx, r) or (r["union"] and union is None) or (numbered_row and not person):
            continue
        id_card = None if r["id_card"] is None else str(r["id_card"]).upper()
        member = r["is_union_member"]
        values: dict[str, Any] = {
            "employment_status": _enum(EmploymentStatus, r["employment_status"]),
            "skill_level": _enum(SkillLevel, r["skill_level"]),
            "union_id": union.id if union else None,
            "is_union_member": None if member is None else member == "1",
            **{name: r[name] for name in PERSON_FIELDS},
        }
        corrected = False
        if person is None:
            person = ctx.persons.get(id_card) if id_card is not None else None
        elif id_card is not None and not matches(ctx, person, id_card):
            if is_masked(id_card):
                ctx.cells.append(r.problem("id_card", NOT_THEIRS))
                continue
            corrected = _correct_id_card(ctx, r, person, id_card)
            if not corrected:
                continue
        if person is not None:
            if person.birth_date != r["birth_date"] or person.gender != Gender(r["gender"]):
                ctx.cells.append(r.problem("birth_date", "与已登记人员的出生日期或性别不一致"))
                continue
            changed = _update(person, values) or corrected
            ctx.report.count(PERSONS.name, CHANGED if changed else UNCHANGED)
            continue
        cmd = NewPerson(
            name=r["name"],
            gender=Gender(r["gender"]),
            birth_date=r["birth_date"],
            retirement_group=_enum(RetirementGroup, r["retirement_group"]),
            id_card_number=id_card,
            **{k: v for k, v in values.items() if v is not None and k != "name"},
        )
        try:
            person = register_person(ctx.uow, cmd, as_of=ctx.as_of, scope=ctx.scope)
        except DomainError as err:
            service_problems(r, err, {"id_card_number": "id_card", "union_id": "union"}, ctx.cells)
            continue
        if id_card is not None:
            ctx.persons[id_card] = person
        if new:  # the other sheets name them by this 人员编号
            ctx.in_file[int(r["person_no"])] = person
        ctx.report.count(PERSONS.name, CREATED)
    ctx.uow.flush()  # the sheet's new persons in one go: the sheets after need their ids


def _correct_id_card(ctx: ImportContext, r: Record, person: Person, id_card: str) -> bool:
    """A full number beside a person's 人员编号 that is not theirs: a correction, through the
    officer's correction use case (checksum, birth date, not another person's number)."""
    if person.birth_date != r["birth_date"]:  # the number is checked against the stored date
        ctx.cells.append(r.problem("birth_date", "与已登记人员的出生日期或性别不一致"))
        return False
    former = person.masked_id_card
    try:
        amend_person(
            ctx.uow, person.id, {"id_card_number": id_card},
            reason=CORRECTION_REASON, as_of=ctx.as_of, scope=ctx.scope,
        )  # fmt: skip
    except DomainError as err:
        service_problems(r, err, {"id_card_number": "id_card"}, ctx.cells)
        return False
    ctx.persons[id_card] = person
    if former is not None:
        ctx.former_masks[person.id] = former
    return True


def _enum(kind: Any, value: str | None) -> Any:
    return None if value is None else kind(value)


def _person(ctx: ImportContext, r: Record, key: str) -> Person | None:
    """The person a row names by ID number (or by 人员编号 beside a masked or blank one); none (a
    bad cell) when not registered."""
    if by_number(r, key):
        found = numbered(ctx, r, key)
        card = r[key]
        if found is not None and card is not None and not matches(ctx, found, str(card).upper()):
            ctx.cells.append(r.problem(key, NOT_THEIRS))
            return None
        return found
    if r[key] is None:  # unreadable: refused as a cell
        return None
    id_card = str(r[key]).upper()
    person = ctx.persons.get(id_card)
    if person is None:
        person = ctx.uow.registry.persons([id_card]).get(id_card)
    if person is None:
        never = "该身份证号的人员未登记，请先在「人员」表填写"
        why = ctx.refusals.missing(PERSONS, (id_card,), "该身份证号的人员", never)
        ctx.cells.append(r.problem(key, why))
        return None
    return person


def import_honours(ctx: ImportContext, records: list[Record]) -> None:
    fetch_numbered(ctx, records, "id_card")
    for r in records:
        ctx.step()
        person = _person(ctx, r, "id_card")
        if held_back(ctx, r) or person is None:
            continue
        honour, year = Honour(r["honour"]), int(r["year"])
        if ctx.uow.persons.has_honour(person.id, honour, year):
            ctx.report.count(HONOURS.name, UNCHANGED)
            continue
        # A 上海工匠 is entered from the document it was granted by, as by hand [G] 四.
        if (why := reference_refusal(honour, r["reference"], REFERENCE_MAX)) is not None:
            ctx.cells.append(r.problem("reference", why))
            continue
        item = HonourInput(honour, year, r["reference"])
        try:
            add_honour(ctx.uow, person.id, item, as_of=ctx.as_of, scope=ctx.scope)
        except DomainError as err:
            service_problems(r, err, {}, ctx.cells)
            continue
        ctx.report.count(HONOURS.name, CREATED)


def import_workshops(ctx: ImportContext, records: list[Record]) -> None:
    resolved = [(r, ctx.unions.resolve(r, "union", ctx.cells)) for r in records]
    keys = {(u.id, str(r["name"])) for r, u in resolved if u is not None and r["name"] is not None}
    found = ctx.uow.registry.workshops(keys)
    ctx.facts.workshops.remember(keys, found.values())
    ctx.workshops.update(found)
    fetch_numbered(ctx, records, "leader_id_card")
    for r, union in resolved:
        ctx.step()
        leader = _person(ctx, r, "leader_id_card")
        if held_back(ctx, r) or union is None or leader is None:
            continue
        area = None if r["venue_area_sqm"] is None else float(r["venue_area_sqm"])
        values: dict[str, Any] = {
            "host_unit_nature": UnitNature(r["host_unit_nature"]),
            "founded_on": r["founded_on"],
            "venue_area_sqm": area,
            **{name: r[name] for name in WORKSHOP_FIELDS},
        }
        workshop = ctx.workshops.get((union.id, r["name"]))
        if workshop is not None:
            if workshop.leader_person_id != leader.id:
                ctx.cells.append(
                    r.problem("leader_id_card", "带头人变更须通过领衔人变更（附件3或同意续任）办理")
                )
                continue
            changes = _changes(workshop, values)
            if changes:
                try:  # checked as a correction of the registration is (成立日期 and the rest)
                    amend_workshop(
                        ctx.uow, workshop.id, changes, reason=IMPORT_REASON, as_of=ctx.as_of,
                        scope=ctx.scope,
                    )  # fmt: skip
                except DomainError as err:
                    service_problems(r, err, {}, ctx.cells)
                    continue
            ctx.report.count(WORKSHOPS.name, CHANGED if changes else UNCHANGED)
            continue
        cmd = NewWorkshop(
            name=r["name"],
            unit_union_id=union.id,
            leader_person_id=leader.id,
            **values,
        )
        try:
            # The cut-over records teams as they stand, led by whoever is on record: a leader
            # since gone (离职, 已故) is history to keep, not a new naming to refuse.
            ctx.workshops[(union.id, r["name"])] = create_workshop(
                ctx.uow, cmd, as_of=ctx.as_of, scope=ctx.scope, recording_history=True
            )
        except DomainError as err:
            fields = {"unit_union_id": "union", "leader_person_id": "leader_id_card"}
            service_problems(r, err, fields, ctx.cells)
            continue
        ctx.report.count(WORKSHOPS.name, CREATED)
    ctx.uow.flush()  # the sheet's new workshops in one go: the sheets after need their ids


def workshop_of(ctx: ImportContext, r: Record) -> Workshop | None:
    """The workshop a row names by (unit union path, name), inside the caller's scope."""
    union = ctx.unions.resolve(r, "union", ctx.cells)
    if union is None or r["workshop"] is None:
        return None
    key = (union.id, str(r["workshop"]))
    workshop = ctx.workshops.get(key)
    if workshop is None:
        workshop = ctx.uow.registry.workshops([key]).get(key)
    if workshop is None:
        never = "该工作室未登记，请先在「工作室」表填写"
        why = ctx.refusals.missing(WORKSHOPS, (r["union"], r["workshop"]), "该工作室", never)
        ctx.cells.append(r.problem("workshop", why))
    return workshop


def import_members(ctx: ImportContext, records: list[Record]) -> None:
    fetch_numbered(ctx, records, "id_card")
    for r in records:
        ctx.step()
        workshop = workshop_of(ctx, r)
        person = _person(ctx, r, "id_card")
        if held_back(ctx, r) or workshop is None or person is None:
            continue
        found: WorkshopMember | None = next(
            (
                m
                for m in workshop.members
                if m.person_id == person.id and m.joined_on == r["joined_on"]
            ),
            None,
        )
        values = {
            "left_on": r["left_on"],
            "role": r["role"],
            "trade": r["trade"],
            "years_of_work": r["years_of_work"],
        }
        if found is not None:
            changes = _changes(found, values)
            if changes:
                try:  # checked as adding the member is: a bad period is a bad cell
                    amend_member(
                        ctx.uow, workshop.id, found.id, changes, as_of=ctx.as_of,
                        scope=ctx.scope, recording_history=True,
                    )  # fmt: skip
                except DomainError as err:
                    service_problems(r, err, {"person_id": "id_card"}, ctx.cells)
                    continue
            ctx.report.count(MEMBERS.name, CHANGED if changes else UNCHANGED)
            continue
        try:
            add_member(
                ctx.uow,
                workshop.id,
                NewMember(person.id, r["joined_on"], **values),
                as_of=ctx.as_of,
                scope=ctx.scope,
                recording_history=True,  # teams as they stood, members since gone too
            )
        except DomainError as err:
            service_problems(r, err, {"person_id": "id_card"}, ctx.cells)
            continue
        ctx.report.count(MEMBERS.name, CREATED)
