"""Use cases on the union hierarchy; callers own the commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.phones import phone_problem
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import LEVEL_ORDER, REGION_LEVELS, Union, UnionContact
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, check_email, require_text
from lifecycle.vocab import ContactRole, UnionLevel

# 全市各行业协会等社会团体 recommend through the city or a district union [G] 二（二）.
ASSOCIATION_PARENTS = frozenset({UnionLevel.CITY, UnionLevel.DISTRICT})


@dataclass(frozen=True)
class NewUnion:
    name: str
    level: UnionLevel
    parent_id: int | None = None
    doc_prefix: str | None = None
    region_code: str | None = None


@dataclass(frozen=True)
class NewContact:
    union_id: int
    name: str
    email: str
    role: ContactRole
    phone: str | None = None  # optional; blank is none


@dataclass(frozen=True)
class ContactChange:
    """A correction of a contact: a field left None keeps its value ("" clears the phone)."""

    name: str | None = None
    email: str | None = None
    role: ContactRole | None = None
    phone: str | None = None


NAME_MAX, EMAIL_MAX, PHONE_MAX = 100, 254, 40  # the columns of ``union_contacts``
DUPLICATE_EMAIL = "该工会已有使用此邮箱的联系人"
REGION_TAKEN = "该地区代码已由{union}使用，同一层级只能有一个工会使用"


def union_field_problems(name: str, level: UnionLevel | None = None) -> list[FieldProblem]:
    """What adding a union (an association, for that ``level``) would refuse in its typed name
    (its parent aside): for a form refused before the use case runs (no parent, or one out of
    scope), so every bad field shows at once."""
    problems = Problems()
    label = "社团名称" if level == UnionLevel.ASSOCIATION else "工会名称"
    require_text(problems, "name", name, label, 200)
    return problems.items


def association_name_taken(uow: UnitOfWork, name: str, parent: Union) -> bool:
    """Whether the city of ``parent`` already has an association called ``name``: a 社团 is a
    registered social organisation under one name (《社会团体登记管理条例》), recommending
    through one union of the city [G] 二（二）, so it is registered once, under one parent."""
    city = parent.path.split("/")[1]
    return uow.unions.association_named(name, Scope.subtree(f"/{city}/")) is not None


def region_refusal(
    uow: UnitOfWork, level: UnionLevel, region_code: str | None, *, union_id: int | None = None
) -> str | None:
    """Why a union at ``level`` (``union_id``, when it exists) may not carry ``region_code``, or
    None: a pack names the union of its region at its level [Y7][S7][C 二（五）][L 一], so at a
    naming level (``REGION_LEVELS``) no two unions carry the same region."""
    if level not in REGION_LEVELS or not region_code:
        return None
    holder = uow.unions.of_region(region_code, level)
    if holder is None or holder.id == union_id:
        return None
    return REGION_TAKEN.format(union=holder.name)


INHERITED_REGION = (
    "地区代码随上级工会（{}）：只有市总工会和区局（产业）工会另有地区代码，其下的工会不能另填"
)


def inherited_region_refusal(
    level: UnionLevel, region_code: str | None, parent: Union | None
) -> str | None:
    """Why a union at ``level`` under ``parent`` may not carry ``region_code`` (None: it may):
    below a naming level (``REGION_LEVELS``) a union is in its parent's region."""
    if level in REGION_LEVELS or parent is None or not region_code:
        return None
    if region_code == parent.region_code:
        return None
    return INHERITED_REGION.format(parent.name)


def create_union(uow: UnitOfWork, cmd: NewUnion) -> Union:
    """Add a union under its parent; a child sits strictly below its parent's level. A sector,
    unit or association shares its parent's region code (another one typed is refused: it would
    place the union's people in another district's region, e.g. for [Y3]'s 工会关系在杨浦); a
    city or district union carries its own or none (one per naming level)."""
    problems = Problems(union_field_problems(cmd.name, cmd.level))
    parent: Union | None = None
    if cmd.parent_id is None:
        if cmd.level != UnionLevel.CITY:
            problems.add("parent_id", "required", "只有市总工会可以没有上级工会")
    else:
        parent = uow.unions.get(cmd.parent_id, scope=EVERYTHING)
        if parent is None:
            problems.add("parent_id", "not_found", "上级工会不存在")
        elif parent.level == UnionLevel.ASSOCIATION:
            problems.add("parent_id", "under_association", "社团之下不设工会或社团")
        elif cmd.level == UnionLevel.ASSOCIATION and parent.level not in ASSOCIATION_PARENTS:
            problems.add(
                "parent_id", "association_parent", "社团应设在市总工会或区局（产业）工会之下"
            )
        elif LEVEL_ORDER[cmd.level] <= LEVEL_ORDER[parent.level]:
            problems.add("level", "invalid_level", "工会层级必须低于上级工会")
    name = cmd.name.strip()
    named = not problems.items  # the name looked up once the rest is right
    region = cmd.region_code or None
    if parent is not None and cmd.level not in REGION_LEVELS:
        why_not = inherited_region_refusal(cmd.level, region, parent)
        if why_not is not None:
            problems.add("region_code", "region_inherited", why_not)
        region = parent.region_code

    def taken() -> list[FieldProblem]:
        """The name and the region taken, as ``name_or_region_taken`` reads them: before the
        insert, and again for a request that lost the race (the same refusals, in one order)."""
        return name_or_region_taken(uow, name if named else None, cmd.level, parent, region)

    # The name's refusal before the inherited region's, as the name is checked first.
    taken_now = taken()
    problems.items[:0] = [p for p in taken_now if p.field == "name"]
    problems.items += [p for p in taken_now if p.field != "name"]
    problems.raise_if_any()
    return uow.unions.add(
        Union(
            name=name,
            level=cmd.level,
            parent_id=cmd.parent_id,
            doc_prefix=cmd.doc_prefix,
            region_code=region,
        ),
        taken=taken,  # the same name or region written meanwhile by another request: as here
    )


# A 社团 registered twice in its city [G] 二（二）.
ASSOCIATION_TAKEN = "本市已登记同名社团，同一社团只登记一次"


def name_or_region_taken(
    uow: UnitOfWork,
    name: str | None,
    level: UnionLevel,
    parent: Union | None,
    region: str | None,
) -> list[FieldProblem]:
    """The refusals of a union's ``name`` already taken (None: not looked up) — a 社团's
    anywhere in its city (``association_name_taken``), any union's under the same parent — and
    of its ``region`` carried by another union of its naming level (``region_refusal``), in
    that order; none: both free.

    Each read answers for what it finds: the sibling found by name for its region too, the
    region's holder for its name too, a 社团 among the siblings as a 社团. A union committed by
    another request between the reads is then refused the same whichever read saw it."""
    parent_id = parent.id if parent is not None else None
    sibling = None if name is None else uow.unions.get_by_name(name, parent_id)
    holder = sibling if _holds(sibling, level, region) else None
    if holder is None and level in REGION_LEVELS and region:
        holder = uow.unions.of_region(region, level)
    if sibling is None and holder is not None and holder.parent_id == parent_id:
        sibling = holder if holder.name == name else None  # committed after the name's read
    found: list[FieldProblem] = []
    sibling_association = sibling is not None and sibling.level == UnionLevel.ASSOCIATION
    if (
        level == UnionLevel.ASSOCIATION
        and parent is not None
        and name is not None
        and (sibling_association or association_name_taken(uow, name, parent))
    ):
        found.append(FieldProblem("name", "duplicate", ASSOCIATION_TAKEN))
    elif sibling is not None:
        found.append(FieldProblem("name", "duplicate", "同一上级下已有同名工会"))
    if holder is not None:
        message = REGION_TAKEN.format(union=holder.name)
        found.append(FieldProblem("region_code", "region_taken", message))
    return found


def _holds(union: Union | None, level: UnionLevel, region: str | None) -> bool:
    """Whether ``union`` carries ``region`` at ``level``, a naming level (``REGION_LEVELS``)."""
    return (
        union is not None
        and level in REGION_LEVELS
        and bool(region)
        and (union.level, union.region_code) == (level, region)
    )


def add_contact(uow: UnitOfWork, cmd: NewContact, *, scope: Scope) -> UnionContact:
    """Add a contact person (with e-mail, a phone optional) to a union inside ``scope``."""
    if uow.unions.get(cmd.union_id, scope) is None:
        raise NotFound("工会不存在或不在管辖范围内", field="union_id")
    problems = Problems()
    email = _checked(problems, cmd.name, cmd.email)
    phone = _checked_phone(problems, cmd.phone)

    def taken() -> FieldProblem | None:
        return email_taken(uow, cmd.union_id, email)

    if problem := taken():
        problems.items.append(problem)
    problems.raise_if_any()
    return uow.unions.add_contact(
        UnionContact(
            union_id=cmd.union_id, name=cmd.name.strip(), email=email, role=cmd.role, phone=phone
        ),
        taken=taken,  # the same e-mail added meanwhile by another request: refused as here
    )


def email_taken(
    uow: UnitOfWork, union_id: int, email: str, *, other_than: int | None = None
) -> FieldProblem | None:
    """The refusal of an e-mail another contact of the union has (None: none has it but
    ``other_than``, the contact being corrected)."""
    holder = uow.unions.contact_by_email(union_id, email)
    if holder is None or holder.id == other_than:
        return None
    return FieldProblem("email", "duplicate", DUPLICATE_EMAIL)


def amend_contact(
    uow: UnitOfWork,
    contact_id: int,
    change: ContactChange,
    *,
    scope: Scope,
    expected_version: int | None = None,
) -> UnionContact:
    """Correct a contact (a new mailbox, name, phone or role) by the rules of adding one; the
    record stays the same, so its 修改记录 shows each field before and after. Sent on a version
    read before another write (``expected_version``; None: not checked) it is refused: it would
    undo that write without a word."""
    contact = uow.unions.contact_in(contact_id, scope)
    if contact is None:
        raise NotFound("联系人不存在或不在管辖范围内", field="contact_id")
    if expected_version is not None and expected_version != contact.version:
        raise ConflictError("该联系人已在您打开后被修改，请刷新后重试", field="expected_version")
    name = contact.name if change.name is None else change.name
    problems = Problems()
    email = _checked(problems, name, contact.email if change.email is None else change.email)
    phone = contact.phone if change.phone is None else _checked_phone(problems, change.phone)
    union_id = contact.union_id

    def taken() -> FieldProblem | None:
        return email_taken(uow, union_id, email, other_than=contact_id)

    if problem := taken():
        problems.items.append(problem)
    problems.raise_if_any()
    return uow.unions.correct_contact(
        contact,
        name=name.strip(),
        email=email,
        phone=phone,
        role=contact.role if change.role is None else change.role,
        taken=taken,  # the e-mail given meanwhile to another contact: refused as here
    )


def contact_field_problems(name: str, email: str, phone: str | None) -> list[FieldProblem]:
    """What adding or correcting would refuse in these fields: for a form refused before the
    use case runs (no union or role chosen), so every bad field is named at once."""
    problems = Problems()
    _checked(problems, name, email)
    _checked_phone(problems, phone)
    return problems.items


# A contact's name, as adding and correcting check it.
CONTACT_NAME = RequiredText("联系人姓名", NAME_MAX, visible=True)


def _checked(problems: Problems, name: str, email: str) -> str:
    """Check a contact's name and e-mail as adding and correcting do; the address normalised."""
    CONTACT_NAME.check(problems, "name", name)
    problems.items += contact_email_problems(email)
    return (email or "").strip().lower()


def contact_email_problems(email: str) -> list[FieldProblem]:
    """A contact's e-mail as adding and correcting check it: the address as it would be stored
    (trimmed, lower case), required, within its column, of the usual shape."""
    problems = Problems()
    normalised = (email or "").strip().lower()
    if len(normalised) > EMAIL_MAX:
        problems.add("email", "too_long", f"电子邮箱不能超过{EMAIL_MAX}个字符")
    else:
        check_email(problems, "email", normalised)  # the address as it would be stored
    return problems.items


def contact_phone_problems(phone: str | None) -> list[FieldProblem]:
    """A contact's optional phone as adding and correcting check it: a number one can call, a
    mobile or a landline with its area code (reading IN4); trimmed, blank is none."""
    problems = Problems()
    trimmed = (phone or "").strip() or None
    if trimmed is not None and len(trimmed) > PHONE_MAX:
        problems.add("phone", "too_long", f"联系电话不能超过{PHONE_MAX}个字符")
    elif why := phone_problem(trimmed):
        problems.add("phone", "not_a_phone", why)
    return problems.items


def _checked_phone(problems: Problems, phone: str | None) -> str | None:
    """Check a contact's optional phone as adding and correcting do; trimmed, blank is none."""
    problems.items += contact_phone_problems(phone)
    return (phone or "").strip() or None


def remove_contact(
    uow: UnitOfWork,
    union_id: int,
    contact_id: int,
    *,
    scope: Scope,
    now: datetime,
    expected_version: int | None = None,
) -> UnionContact:
    """Remove a union's contact: no more reminders go to them (sent ones stay in the history);
    mails to them not yet sent are not sent either, unless the address is still another union's
    contact: they stay on the outbox page as failed, saying why (DOMAIN §6).
    Sent on a version read before another write (``expected_version``; None: not checked) it
    is refused, as a stale correction is: the contact removed may not be the one shown."""
    contact = uow.unions.get_contact(contact_id, union_id, scope)
    if contact is None:
        raise NotFound("联系人不存在或不在管辖范围内", field="contact_id")
    if expected_version is not None and expected_version != contact.version:
        raise ConflictError("该联系人已在您打开后被修改，请刷新后重试", field="expected_version")
    uow.unions.delete_contact(contact)
    address = contact.email.strip().lower()
    if not uow.reminders.contacts_among({address}):
        uow.reminders.withdraw_pending(address, REMOVED_CONTACT_REASON, now)
    return contact


REMOVED_CONTACT_REASON = "收件人已从工会联系人中移除，邮件未发送"
