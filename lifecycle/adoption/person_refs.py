"""Which person a row names: by its full ID number, or by the 人员编号 an export writes beside a
masked one (3101**********0018 stands for "the number recorded, unchanged") or beside a blank one
(a person registered without an ID number) [DOMAIN §1].

A blank ID number beside a 人员编号 that no person of the database has is a person of the file:
the 「人员」 row registers them (without an ID number) and the rows of the other sheets with that
人员编号 name the person it registered (a registry moved into an empty database)."""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.parse import Record
from lifecycle.adoption.sheets import PERSON_NUMBER_OF, PERSONS
from lifecycle.persons.id_card import is_masked
from lifecycle.persons.model import Person

MASKED_WITHOUT_NUMBER = "身份证号已脱敏：请保留导出时的“人员编号”，或填写完整身份证号"
NOT_THEIRS = "与人员编号对应人员的身份证号不一致（更正身份证号请在「人员」表填写完整号码）"
# A blank number names a person registered without one; the export shows everyone else's masked.
HAS_A_NUMBER = "该人员编号对应的人员已登记身份证号，本行身份证号为空：不是同一人（请核对人员编号）"
NOT_THEIR_NAME = (
    "与人员编号对应人员（未登记身份证号）的姓名不一致：该人员以人员编号和姓名识别，"
    "请核对人员编号；更正姓名请在人员页面办理"
)


def by_number(r: Record, key: str) -> bool:
    """Whether the row names its person by 人员编号: a masked ID number, or a number given."""
    card, number = r[key], r[PERSON_NUMBER_OF[key]]
    if key in r.bad:  # unreadable: refused as a cell
        return False
    if card is None:  # blank: the person registered without an ID number, if a number is given
        return number is not None
    return is_masked(str(card)) or number is not None


def new_in_file(ctx: ImportContext, records: Iterable[Record]) -> set[int]:
    """The 人员编号 that 「人员」 rows without an ID number give and no person of the database has:
    persons of this file, registered from their row (one query per batch)."""
    numbers = {
        int(r["person_no"])
        for r in records
        if r["id_card"] is None and "id_card" not in r.bad and r["person_no"] is not None
    }
    return numbers - ctx.uow.registry.person_ids(numbers) if numbers else set()


def fetch_numbered(ctx: ImportContext, records: Iterable[Record], key: str) -> None:
    """The persons a sheet names by 人员编号, in one query per batch (visible in scope only)."""
    number_key = PERSON_NUMBER_OF[key]
    numbers = {int(r[number_key]) for r in records if r[number_key] is not None}
    numbers -= ctx.in_file.keys()
    if numbers:
        found = ctx.uow.registry.persons_visible(numbers, ctx.scope)
        ctx.facts.persons.remember_visible(found, ctx.scope)


def numbered(ctx: ImportContext, r: Record, key: str) -> Person | None:
    """The person the row's 人员编号 names (one this file registered without an ID number, or
    one of the database inside the caller's scope); None: a bad cell."""
    number_key = PERSON_NUMBER_OF[key]
    number = r[number_key]
    if number is None:
        ctx.cells.append(r.problem(key, MASKED_WITHOUT_NUMBER))
        return None
    if int(number) in ctx.in_file:  # a person of this file (None: their row was refused)
        person = ctx.in_file[int(number)]
    else:
        person = ctx.facts.persons.get(int(number), ctx.scope)
    if person is None:
        never = "该人员编号的人员不存在或不在管辖范围内"
        why = ctx.refusals.missing(PERSONS, (f"#{number}",), "该人员编号的人员", never)
        ctx.cells.append(r.problem(number_key, why))
    elif r[key] is None and person.id_card_number is not None:
        ctx.cells.append(r.problem(key, HAS_A_NUMBER))
        return None
    return person


def listed_person(ctx: ImportContext, r: Record) -> Person | None:
    """The person a 「人员」 row names by 人员编号; None: a bad cell. Without an ID number the row
    must also give that person's name: registered without a number, a person is known by the
    number and the name, so a number of another database naming someone else here is refused,
    not merged into them."""
    person = numbered(ctx, r, "id_card")
    if person is not None and r["id_card"] is None and person.name != r["name"]:
        ctx.cells.append(r.problem("name", NOT_THEIR_NAME))
        return None
    return person


def matches(ctx: ImportContext, person: Person, card: str) -> bool:
    """Whether ``card`` (upper case, masked or full) is the number recorded for ``person``; a
    masked one may be the number's before the 「人员」 sheet of the same file corrected it."""
    if is_masked(card):
        shown = {person.masked_id_card, ctx.former_masks.get(person.id)}
    else:
        shown = {person.id_card_number}
    return card in {s.upper() for s in shown if s is not None}
