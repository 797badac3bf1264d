"""A body's field-local rules, run beside pydantic's refusals of its other fields: an amount
such as 「12.345」 is the money rule's to refuse, in the use case, which runs only for a body
pydantic takes whole; a body refused for a type error elsewhere named the amount only in a
second 422, once that was fixed. Rules that read the record or the day stay in the use case."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from starlette.requests import Request

from lifecycle.errors import ValidationFailed
from lifecycle.money import parse_yuan


class _AmountRule:
    """Marks a body's text field as an amount in yuan, read by ``parse_yuan``."""


AMOUNT_RULE = _AmountRule()


def _marked(field: FieldInfo) -> bool:
    if AMOUNT_RULE in field.metadata:
        return True
    return any(AMOUNT_RULE in get_args(arg)[1:] for arg in get_args(field.annotation))


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
        if name in refused or not isinstance(value, str) or not value.strip():
            continue  # refused already, absent, or blank: whether it is needed is the use case's
        if not _marked(field):
            continue
        try:
            parse_yuan(value, name)
        except ValidationFailed as refusal:
            found.append({"field": name, "code": refusal.code, "message": refusal.message})
    return found
