"""Which person a row names: by its full ID number, or by the 人员编号 an export writes beside a
masked one (3101**********0018 stands for "the number recorded, unchanged") [DOMAIN §1]."""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.parse import Record
from lifecycle.adoption.sheets import PERSON_NUMBER_OF, PERSONS
from lifecycle.persons.id_card import is_masked
from lifecycle.persons.model import Person

MASKED_WITHOUT_NUMBER = "身份证号已脱敏：请保留导出时的“人员编号”，或填写完整身份证号"
NOT_THEIRS = "与人员编号对应人员的身份证号不一致（更正身份证号请在「人员」表填写完整号码）"


def by_number(r: Record, key: str) -> bool:
    """Whether the row names its person by 人员编号: a masked ID number, or a number given."""
    card = r[key]
    if card is None:  # blank or unreadable: refused as a cell
        return False
    return is_masked(str(card)) or r[PERSON_NUMBER_OF[key]] is not None


def fetch_numbered(ctx: ImportContext, records: Iterable[Record], key: str) -> None:
    """The persons a sheet names by 人员编号, in one query per batch (visible in scope only)."""
    number_key = PERSON_NUMBER_OF[key]
    numbers = {int(r[number_key]) for r in records if r[number_key] is not None}
    if numbers:
        found = ctx.uow.registry.persons_visible(numbers, ctx.scope)
        ctx.facts.persons.remember_visible(found, ctx.scope)


def numbered(ctx: ImportContext, r: Record, key: str) -> Person | None:
    """The person the row's 人员编号 names, inside the caller's scope; None: a bad cell."""
    number_key = PERSON_NUMBER_OF[key]
    number = r[number_key]
    if number is None:
        ctx.cells.append(r.problem(key, MASKED_WITHOUT_NUMBER))
        return None
    person = ctx.facts.persons.get(int(number), ctx.scope)
    if person is None:
        never = "该人员编号的人员不存在或不在管辖范围内"
        why = ctx.refusals.missing(PERSONS, (f"#{number}",), "该人员编号的人员", never)
        ctx.cells.append(r.problem(number_key, why))
    return person


def matches(ctx: ImportContext, person: Person, card: str) -> bool:
    """Whether ``card`` (upper case, masked or full) is the number recorded for ``person``; a
    masked one may be the number's before the 「人员」 sheet of the same file corrected it."""
    if is_masked(card):
        shown = {person.masked_id_card, ctx.former_masks.get(person.id)}
    else:
        shown = {person.id_card_number}
    return card in {s.upper() for s in shown if s is not None}
