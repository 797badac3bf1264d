"""A body's field-local rules, run beside pydantic's refusals of its other fields: an amount
such as 「12.345」 is the money rule's to refuse, in the use case, which runs only for a body
pydantic takes whole; a body refused for a type error elsewhere named the amount only in a
second 422, once that was fixed. So are an e-mail address, a phone number and a required text
sent blank (spaces only), each by the use case's own check of it; a text another field of the
body makes required (a 退回's reasons, a 其他 event's details) by the rule that field chooses.
Rules that read stored records or the day stay in the use case: this answer is given before
any record is read, and the use case names all of them at once for a body pydantic takes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from starlette.requests import Request

from lifecycle.accounts.profile import email_problems
from lifecycle.accounts.service import new_user_email_problems
from lifecycle.craftsman_title.rules import phone_problem as applicant_phone_problem
from lifecycle.errors import FieldProblem, ValidationFailed
from lifecycle.intake.packs import stage_named
from lifecycle.intake.service import opinion_problems
from lifecycle.intake.withdrawal import reason_problems as intake_withdrawal_reason
from lifecycle.money import parse_yuan
from lifecycle.persons.id_card import id_card_problem
from lifecycle.unions.service import contact_email_problems, contact_phone_problems
from lifecycle.validation import RequiredText, plain_decimal, signer_problems
from lifecycle.workshops.service import venue_area_problem


@dataclass(frozen=True)
class FieldRule:
    """Marks a body's text field with the rule that reads it alone: ``check`` gives the
    refusal's code and Chinese message, or None; ``blank``: it reads a text of spaces too
    (a required text's or a required address's own check names it)."""

    check: Callable[[object], tuple[str, str] | None]
    blank: bool = False
    # The rule as another field of the body chooses it (a 退回's reasons, not an opinion; a
    # 其他 event's details, required): given the body as sent, the rule that reads the field.
    chosen_by: Callable[[Mapping[str, object]], FieldRule | None] | None = None


def _first(found: list[FieldProblem]) -> tuple[str, str] | None:
    return (found[0].code, found[0].message) if found else None


def checked_by(problems: Callable[[str], list[FieldProblem]], *, blank: bool = False) -> FieldRule:
    """The rule of a text field that the use case checks with ``problems`` (the field's own
    check, given the text alone): its first problem."""

    def check(value: object) -> tuple[str, str] | None:
        return _first(problems(value)) if isinstance(value, str) else None

    return FieldRule(check, blank=blank)


def required(text: RequiredText) -> FieldRule:
    """A required text's rule, as its use case checks it: a text of spaces only is
    「…不能为空」 beside the other fields' refusals (an empty one is pydantic's)."""
    return checked_by(text.problems, blank=True)


def chosen(choose: Callable[[Mapping[str, object]], FieldRule | None]) -> FieldRule:
    """A field's rule as another field of the body chooses it (``choose``: the body as sent to
    the rule, or None: none applies); an absent field a rule is chosen for reads as blank."""
    return FieldRule(lambda _value: None, blank=True, chosen_by=choose)


def required_as(choose: Callable[[Mapping[str, object]], RequiredText | None]) -> FieldRule:
    """A text's rule as another field of the body says it is required (``choose``: the body as
    sent to the use case's own ``RequiredText``, or None: not required, nothing said here)."""

    def rule(body: Mapping[str, object]) -> FieldRule | None:
        text = choose(body)
        return required(text) if text is not None else None

    return chosen(rule)


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
# A union contact's e-mail (required: spaces only are no address) and optional phone.
CONTACT_EMAIL_RULE = checked_by(contact_email_problems, blank=True)
CONTACT_PHONE_RULE = checked_by(contact_phone_problems)
# A user's e-mail, as creating one (taken as sent) and editing one (trimmed) check it.
NEW_USER_EMAIL_RULE = checked_by(new_user_email_problems, blank=True)
USER_EMAIL_RULE = checked_by(email_problems)


def _applicant_phone(text: str) -> list[FieldProblem]:
    why = applicant_phone_problem(text)
    return [FieldProblem("applicant_phone", "not_a_phone", why)] if why else []


# 附件1's 联系电话 (reading P36d), the one phone rule.
APPLICANT_PHONE_RULE = checked_by(_applicant_phone)


# An application step's and a withdrawal's 签署人, a withdrawal's reason (reading I5), and a
# step's opinion, required to return or not agree (as ``opinion_problems`` reads the action).
SIGNER_RULE = checked_by(signer_problems, blank=True)
INTAKE_WITHDRAWAL_REASON_RULE = checked_by(intake_withdrawal_reason, blank=True)
STEP_OPINION_RULE = chosen(
    lambda body: checked_by(
        lambda text: opinion_problems(body.get("action"), text, stage_named(body.get("stage"))),
        blank=True,
    )
)


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
    """The problems the field-local rules find in the fields of ``body`` pydantic took (paths
    not in ``refused``), in the shape of the 422's problems."""
    model = body_model(request)
    if model is None:
        return form_problems(request, body, refused)
    return model_problems(model, body, refused)


def form_problems(request: Request, body: object, refused: set[str]) -> list[dict[str, str]]:
    """The field-local rules' problems in a form's fields (a multipart body: each field its own
    parameter, marked as a JSON body's field is), those pydantic took."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None or not isinstance(body, Mapping):
        return []
    fields = {param.alias: body.get(param.alias) for param in dependant.body_params}
    found: list[dict[str, str]] = []
    for param in dependant.body_params:
        rule, value = _rule_of(param.field_info), fields[param.alias]
        if rule is not None and rule.chosen_by is not None:
            rule = rule.chosen_by(fields)
        if rule is None or not isinstance(value, str) or param.alias in refused:
            continue
        if not value.strip() and not rule.blank:
            continue
        refusal = rule.check(value)
        if refusal is not None:
            found.append({"field": param.alias, "code": refusal[0], "message": refusal[1]})
    return found


def _item_model(field: FieldInfo) -> type[BaseModel] | None:
    """The model of a field's items (``list[X]``, ``list[X] | None``), when it is a list of them."""
    for kind in (field.annotation, *get_args(field.annotation)):
        items = get_args(kind) if get_origin(kind) is list else ()
        if items and isinstance(items[0], type) and issubclass(items[0], BaseModel):
            return items[0]
    return None


def _taken(path: str, refused: set[str]) -> bool:
    """Whether pydantic took the value at ``path``: neither it, a part of it nor what holds it
    was refused."""
    return not any(
        r == path or r.startswith(f"{path}.") or path.startswith(f"{r}.") for r in refused
    )


def model_problems(
    model: type[BaseModel], body: object, refused: set[str], prefix: str = ""
) -> list[dict[str, str]]:
    """The field-local rules' problems in ``body`` read as ``model``, its lists of objects too,
    each named by its path as pydantic names it (``members.2.phone``)."""
    if not isinstance(body, dict):
        return []
    found: list[dict[str, str]] = []
    for name, field in model.model_fields.items():
        value, path = body.get(name), f"{prefix}{name}"
        items = _item_model(field)
        if items is not None and isinstance(value, list) and path not in refused:
            for i, item in enumerate(value):  # each item read for itself
                found += model_problems(items, item, refused, f"{path}.{i}.")
            continue
        rule = _rule_of(field)
        if rule is not None and rule.chosen_by is not None:
            rule = rule.chosen_by(body)
            value = "" if value is None and rule is not None else value  # required: absent
        if value is None or not _taken(path, refused):
            continue  # absent, or refused already
        if rule is None or (isinstance(value, str) and not value.strip() and not rule.blank):
            continue  # no rule; or blank: whether it is needed is the use case's
        refusal = rule.check(value)
        if refusal is not None:
            found.append({"field": path, "code": refusal[0], "message": refusal[1]})
    return found
