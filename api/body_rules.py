"""A body's field-local rules, run beside pydantic's refusals of its other fields: an amount
such as 「12.345」 is the money rule's to refuse, in the use case, which runs only for a body
pydantic takes whole; a body refused for a type error elsewhere named the amount only in a
second 422, once that was fixed. Rules that read the record, the day or another field stay in
the use case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from starlette.requests import Request

from lifecycle.errors import ValidationFailed
from lifecycle.money import parse_yuan
from lifecycle.persons.id_card import id_card_problem
from lifecycle.validation import plain_decimal
from lifecycle.workshops.service import venue_area_problem


@dataclass(frozen=True)
class FieldRule:
    """Marks a body's text field with the rule that reads it alone: ``check`` gives the
    refusal's code and Chinese message, or None."""

    check: Callable[[object], tuple[str, str] | None]


def _amount(value: object) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return None  # not text: pydantic refused it
    try:
        parse_yuan(value)
    except ValidationFailed as refusal:
        return refusal.code, refusal.message
    return None


def _id_card(value: object) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return None
    # The number alone: its agreement with the birth date and gender typed beside it is the
    # use case's, once those are read.
    problem = id_card_problem(value.strip().upper())
    return ("invalid_id_card", problem) if problem else None


def _venue_area(value: object) -> tuple[str, str] | None:
    if isinstance(value, str):
        value = plain_decimal(value)  # text as ``plain_number`` reads it
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return None  # no number: pydantic refused it
    return venue_area_problem(value)


# An amount in yuan as text (「1,234.50」), read by ``parse_yuan``.
AMOUNT_RULE = FieldRule(_amount)
# An 18-digit ID-card number, read by ``id_card_problem`` (GB 11643).
ID_CARD_RULE = FieldRule(_id_card)
# A venue's area in square metres, read by ``venue_area_problem`` [Y3] 5.
VENUE_AREA_RULE = FieldRule(_venue_area)


def _rule_of(field: FieldInfo) -> FieldRule | None:
    marks = [*field.metadata]
    for arg in get_args(field.annotation):  # ``X | None``: the marks of X
        marks += get_args(arg)[1:]
    return next((m for m in marks if isinstance(m, FieldRule)), None)


def body_model(request: Request) -> type[BaseModel] | None:
    """The model of the route's JSON body, when it takes one."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    params = dependant.body_params if dependant is not None else []
    if len(params) != 1:
        return None
    model = params[0].field_info.annotation
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def rule_problems(request: Request, body: Any, refused: set[str]) -> list[dict[str, str]]:
    """The problems the field-local rules find in the fields of ``body`` pydantic took (not in
    ``refused``), in the shape of the 422's problems."""
    model = body_model(request)
    if model is None or not isinstance(body, dict):
        return []
    found: list[dict[str, str]] = []
    for name, field in model.model_fields.items():
        value = body.get(name)
        if name in refused or value is None or (isinstance(value, str) and not value.strip()):
            continue  # refused already, absent, or blank: whether it is needed is the use case's
        rule = _rule_of(field)
        refusal = rule.check(value) if rule is not None else None
        if refusal is not None:
            found.append({"field": name, "code": refusal[0], "message": refusal[1]})
    return found
