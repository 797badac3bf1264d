"""An application form between the page and the pack: flat input names ↔ the form's data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.datastructures import FormData

from lifecycle.errors import DomainError
from lifecycle.intake.forms import FieldKind, FormSpec
from lifecycle.validation import ascii_digits


def flat_values(spec: FormSpec, data: dict[str, Any]) -> dict[str, str]:
    """Stored data as the page's inputs: ``name``, ``table.i.column``; □ ticked → "1"."""
    out: dict[str, str] = {}
    for f in spec.fields:
        value = data.get(f.name)
        if f.kind is FieldKind.TABLE:
            for i, row in enumerate(value or []):
                for c in f.columns:
                    out[f"{f.name}.{i}.{c.name}"] = _text(row.get(c.name))
        else:
            out[f.name] = _text(value)
    return out


def _text(value: Any) -> str:
    if value is True:
        return "1"
    if value is None or value is False:
        return ""
    return str(value)


# The rows one table of a posted form may have: far past any printed form's (3 to 5) and what a
# page adds; a tampered input name (``members.99999999.name``) names no row, nor fails (``abc``).
TABLE_ROWS_MAX = 200


def _rows_named(names: Iterable[str], table: str) -> list[int]:
    """How many rows each input ``table.i.column`` among ``names`` asks for (i + 1)."""
    found = []
    for name in names:
        parts = name.split(".")
        row = parts[1] if len(parts) == 3 and parts[0] == table else ""
        if ascii_digits(row) and int(row) < TABLE_ROWS_MAX:
            found.append(int(row) + 1)
    return found


def table_rows(spec: FormSpec, values: dict[str, str]) -> dict[str, int]:
    """How many rows each table shows: its printed rows, or more when more were entered."""
    rows: dict[str, int] = {}
    for f in spec.fields:
        if f.kind is FieldKind.TABLE:
            rows[f.name] = max([f.rows, *_rows_named(values, f.name)])
    return rows


def posted_form(spec: FormSpec, form: FormData) -> dict[str, Any]:
    """The posted inputs as the raw form the pack's validator reads."""
    raw: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind is FieldKind.TABLE:
            count = max([f.rows, *_rows_named(form.keys(), f.name)])
            raw[f.name] = [
                {
                    c.name: _posted(form, f"{f.name}.{i}.{c.name}", c.kind is FieldKind.BOOL)
                    for c in f.columns
                }
                for i in range(count)
            ]
        else:
            raw[f.name] = _posted(form, f.name, f.kind is FieldKind.BOOL)
    return raw


def _posted(form: FormData, name: str, is_bool: bool) -> Any:
    value = form.get(name)
    if is_bool:
        return isinstance(value, str) and value != ""
    return value if isinstance(value, str) else None


def split_errors(err: DomainError) -> tuple[dict[str, str], list[str]]:
    """For the application form (and the forms on its call's page): field messages beside their
    inputs; rule failures, attachments and the call's deadline (the call has closed) listed above
    the form. The call form itself maps every problem to its field (``form_errors``): there
    ``deadline`` is its own 截止日期 input."""
    fields: dict[str, str] = {}
    listed: list[str] = []
    for p in err.problems or []:
        if p.field.startswith(("eligibility.", "attachments.")) or p.field in {
            "deadline",
            "status",
            "stage",
        }:
            listed.append(p.message)
        else:
            fields[p.field] = f"{fields[p.field]}；{p.message}" if p.field in fields else p.message
    if not err.problems:
        listed.append(err.message)
    return fields, listed


def refused_status(err: DomainError) -> int:
    """The status of an intake page shown again with a refusal, as the API answers it: 403 for
    a step, a call or a naming that is another union's (``not_your_step``, ``not_authorised``),
    409 for a record changed or closed meanwhile, 422 for what was typed."""
    return err.http_status if err.http_status in (403, 409) else 422
