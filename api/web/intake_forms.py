"""An application form between the page and the pack: flat input names ↔ the form's data."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from lifecycle.errors import DomainError
from lifecycle.intake.forms import FieldKind, FormSpec


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


def table_rows(spec: FormSpec, values: dict[str, str]) -> dict[str, int]:
    """How many rows each table shows: its printed rows, or more when more were entered."""
    rows: dict[str, int] = {}
    for f in spec.fields:
        if f.kind is FieldKind.TABLE:
            used = [int(k.split(".")[1]) + 1 for k in values if k.startswith(f"{f.name}.")]
            rows[f.name] = max([f.rows, *used])
    return rows


def posted_form(spec: FormSpec, form: FormData) -> dict[str, Any]:
    """The posted inputs as the raw form the pack's validator reads."""
    raw: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind is FieldKind.TABLE:
            count = max(
                [f.rows, *(int(k.split(".")[1]) + 1 for k in form if k.startswith(f"{f.name}."))]
            )
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
