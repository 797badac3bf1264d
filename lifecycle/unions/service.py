"""Use cases on the union hierarchy; callers own the commit."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.errors import NotFound, Problems
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import LEVEL_ORDER, Union, UnionContact
from lifecycle.uow import UnitOfWork
from lifecycle.validation import check_email, require_text
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


def create_union(uow: UnitOfWork, cmd: NewUnion) -> Union:
    """Add a union under its parent; a child sits strictly below its parent's level."""
    problems = Problems()
    require_text(problems, "name", cmd.name, "工会名称", 200)
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
    if not problems.items and uow.unions.get_by_name(cmd.name.strip(), cmd.parent_id):
        problems.add("name", "duplicate", "同一上级下已有同名工会")
    problems.raise_if_any()
    return uow.unions.add(
        Union(
            name=cmd.name.strip(),
            level=cmd.level,
            parent_id=cmd.parent_id,
            doc_prefix=cmd.doc_prefix,
            region_code=cmd.region_code or (parent.region_code if parent else None),
        )
    )


def add_contact(uow: UnitOfWork, cmd: NewContact) -> UnionContact:
    """Add a contact person (with e-mail) to a union."""
    problems = Problems()
    require_text(problems, "name", cmd.name, "联系人姓名", 100)
    check_email(problems, "email", cmd.email)
    if uow.unions.get(cmd.union_id, scope=EVERYTHING) is None:
        raise NotFound("工会不存在", field="union_id")
    if uow.unions.contact_by_email(cmd.union_id, cmd.email.strip().lower()):
        problems.add("email", "duplicate", "该工会已有使用此邮箱的联系人")
    problems.raise_if_any()
    return uow.unions.add_contact(
        UnionContact(
            union_id=cmd.union_id,
            name=cmd.name.strip(),
            email=cmd.email.strip().lower(),
            role=cmd.role,
        )
    )


def remove_contact(
    uow: UnitOfWork, union_id: int, contact_id: int, *, scope: Scope
) -> UnionContact:
    """Remove a union's contact: no more reminders go to them (sent ones stay in the history)."""
    contact = uow.unions.get_contact(contact_id, union_id, scope)
    if contact is None:
        raise NotFound("联系人不存在或不在管辖范围内", field="contact_id")
    uow.unions.delete_contact(contact)
    return contact
