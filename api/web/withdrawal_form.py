"""The 撤回 form an application's page carries, alike for intake (reading I5) and 上海工匠
(reading G9): its inputs, read once, and where a refusal's fields are shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from starlette.datastructures import FormData

from api.web.core import form_errors
from api.web.forms import parse_date, text
from lifecycle.errors import DomainError, FieldProblem

# The form's inputs, apart from the step or stage form's of the same names on the page.
NAMES = {"decided_on": "withdraw_on", "signer": "withdraw_signer"}
FIELDS = ("reason", "withdraw_on", "withdraw_signer", "_form")


@dataclass(frozen=True)
class WithdrawalForm:
    decided_on: date | None
    signer: str
    reason: str
    errors: dict[str, str]  # every bad field, when the date is unreadable or missing


def read_withdrawal(
    form: FormData, field_problems: Callable[[str, str], list[FieldProblem]]
) -> WithdrawalForm:
    """The typed date, signer and reason; a bad date is named with every other bad field."""
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "withdraw_on", "撤回日期", errors)
    signer, reason = text(form, "withdraw_signer"), text(form, "reason")
    if errors or decided_on is None:
        for p in field_problems(signer, reason):
            errors.setdefault(NAMES.get(p.field, p.field), p.message)
    return WithdrawalForm(decided_on, signer, reason, errors)


def refusal_errors(error: DomainError) -> dict[str, str]:
    """A refused withdrawal's messages, beside the form's own inputs."""
    return form_errors(error, NAMES, fields=FIELDS)
