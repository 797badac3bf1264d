"""A row with an unreadable cell: held back from its use case, checked by that use case's own
field checks (the rules needing no record), so its other bad cells show in the same run."""

from __future__ import annotations

from collections.abc import Callable

from lifecycle.adoption.context import ImportContext
from lifecycle.adoption.parse import Record
from lifecycle.adoption.plan import field_problems
from lifecycle.adoption.sheets import ASSESSMENTS, CONTACTS, GRANTS, PERSONS, UNIONS
from lifecycle.adoption.sheets_history import FILINGS
from lifecycle.assessments.service import Step, step_field_problems
from lifecycle.errors import FieldProblem
from lifecycle.filings.service import filing_field_problems
from lifecycle.funding.grants import grant_field_problems
from lifecycle.persons.id_card import is_masked
from lifecycle.persons.service import person_field_problems
from lifecycle.unions.service import contact_field_problems, union_field_problems
from lifecycle.vocab import Gender, RetirementGroup, UnionLevel

Check = Callable[[ImportContext, Record], list[FieldProblem]]


def held_back(ctx: ImportContext, r: Record) -> bool:
    """Whether ``r`` has a bad cell and so goes to no use case; its readable fields are then
    checked by the use case's field checks, a cell refused already not refused twice.

    Call it once what the row names has been looked up (a missing record is a bad cell too).
    """
    if not r.bad:
        return False
    found = _CHECKS.get(r.sheet.name)
    if found is not None:
        check, fields = found
        field_problems(r, check(ctx, r), fields, ctx.cells)
    return True


def _text(r: Record, key: str) -> str:
    """A text cell; an unreadable one as blank (its refusal is dropped: it has one already)."""
    value = r[key]
    return "" if value is None else str(value)


def _union(_ctx: ImportContext, r: Record) -> list[FieldProblem]:
    parts = r["path"]
    if parts is None:
        return []
    level = UnionLevel(r["level"]) if r["level"] is not None else None
    return union_field_problems(parts[-1], level)


def _contact(_ctx: ImportContext, r: Record) -> list[FieldProblem]:
    return contact_field_problems(_text(r, "name"), _text(r, "email"), None)


def _person(ctx: ImportContext, r: Record) -> list[FieldProblem]:
    card = r["id_card"]  # a masked number (an export's) is checked against the person's own
    return person_field_problems(
        _text(r, "name"),
        Gender(r["gender"]) if r["gender"] is not None else None,
        r["birth_date"],
        RetirementGroup(r["retirement_group"]) if r["retirement_group"] is not None else None,
        None if card is None or is_masked(str(card)) else card,
        as_of=ctx.as_of,
    )


def _grant(_ctx: ImportContext, r: Record) -> list[FieldProblem]:
    amount = r["amount_yuan"]
    return grant_field_problems(
        _text(r, "approval_ref"), None if amount is None else str(amount), None
    )


def _assessment(ctx: ImportContext, r: Record) -> list[FieldProblem]:
    revoking = r["step"] == Step.CITY.value and r["passed"] == "0"
    return step_field_problems(
        _text(r, "signer"), _text(r, "opinion"), r["decided_on"], as_of=ctx.as_of,
        revoking=revoking, decision_ref=r["decision_ref"],
    )  # fmt: skip


def _filing(ctx: ImportContext, r: Record) -> list[FieldProblem]:
    return filing_field_problems(r["year"], r["filed_on"], as_of=ctx.as_of)


# Per sheet: the use case's field checks, and its field names that differ from the column keys.
_CHECKS: dict[str, tuple[Check, dict[str, str]]] = {
    UNIONS.name: (_union, {"name": "path"}),
    CONTACTS.name: (_contact, {}),
    PERSONS.name: (_person, {"id_card_number": "id_card"}),
    GRANTS.name: (_grant, {}),
    ASSESSMENTS.name: (_assessment, {}),
    FILINGS.name: (_filing, {}),
}
