"""Reading posted forms by hand, so a bad field is reported beside itself and the input kept."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from starlette.datastructures import FormData, UploadFile

from api.web.once import FORM_KEY_FIELD
from lifecycle.db.limits import INT_MAX
from lifecycle.files.storage import Upload
from lifecycle.validation import ascii_digits, iso_date, plain_int

INT_MIN = -INT_MAX - 1
_HIDDEN = frozenset({"csrf_token", FORM_KEY_FIELD})


def values(form: FormData) -> dict[str, str]:
    """Every text field as typed (files, the CSRF token and the form's one-time key left out), to
    fill the form again."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k not in _HIDDEN}


def text(form: FormData, name: str) -> str:
    """A text field, stripped; missing → empty."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def parse_date(form: FormData, name: str, label: str, errors: dict[str, str]) -> date | None:
    """A YYYY-MM-DD field; a missing or malformed value is noted in ``errors``."""
    raw = text(form, name)
    if not raw:
        errors[name] = f"请填写{label}"
        return None
    value = iso_date(raw, label)
    if isinstance(value, str):
        errors[name] = value
        return None
    return value


def parse_int(
    form: FormData,
    name: str,
    label: str,
    errors: dict[str, str],
    *,
    required: bool = False,
    rule_bounded: bool = False,
) -> int | None:
    """A whole-number field (optional unless ``required``; ``rule_bounded``: a rule refuses
    it outside its own bounds, in its own words, before a query binds it, so any length
    passes here)."""
    raw = text(form, name)
    if not raw:
        if required:
            errors[name] = f"请填写{label}"
        return None
    value = plain_int(raw)
    if value is None:
        errors[name] = f"{label}应为整数"
        return None
    # Past what an integer column holds: refused here, before a query binds it (PostgreSQL would
    # refuse the statement, naming no field).
    if rule_bounded:
        return value
    if value > INT_MAX:
        errors[name] = f"{label}不能大于{INT_MAX}"
        return None
    if value < INT_MIN:
        errors[name] = f"{label}不能小于{INT_MIN}"
        return None
    return value


def parse_number_of(
    form: FormData,
    name: str,
    label: str,
    errors: dict[str, str],
    *,
    missing: str,
    required: bool = False,
) -> int | None:
    """A record's number typed by the user (a 人员编号, a 工会编号): not a whole number is said
    as such; one no record can carry (below 1, past an integer column) names no record, said in
    the use case's own words (``missing``, 「申报人不存在…」), never as a column's bound."""
    value = parse_int(form, name, label, errors, required=required, rule_bounded=True)
    if value is not None and not 1 <= value <= INT_MAX:
        errors[name] = missing
        return None
    return value


def parse_year(
    form: FormData,
    name: str,
    label: str,
    errors: dict[str, str],
    *,
    required: bool = False,
) -> int | None:
    """A year field: a whole number of any length, its range left to the field's rule, which
    names a year outside it in its own words (「项目年度应在2019年至2027年之间」) before any query
    binds it, not by what an integer column holds (readings P36h, IN1)."""
    return parse_int(form, name, label, errors, required=required, rule_bounded=True)


def whole_id(raw: object) -> int | None:
    """A posted id (a choice's value, a hidden field) as an int; None when it is not one or could
    not be any row's (past an integer column)."""
    if not isinstance(raw, str) or not ascii_digits(raw.strip()):
        return None
    value = int(raw.strip())
    return value if value <= INT_MAX else None


def expected_version(form: FormData, errors: dict[str, str]) -> int | None:
    """The record's version the form showed (hidden; optimistic locking): unreadable (a
    tampered form) is said above the form, missing is not checked."""
    found: dict[str, str] = {}
    version = parse_int(form, "expected_version", "版本", found)
    if found:
        errors["_form"] = found["expected_version"]
    return version


async def upload(form: FormData, name: str) -> Upload | None:
    """A file field as an Upload; no file chosen → None."""
    value = form.get(name)
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    return Upload(filename=value.filename, data=await value.read())


def unsaved_file(file: Upload | None, errors: Mapping[str, str], field: str = "file") -> str | None:
    """The name of a good file chosen on a refused form: it was not kept, and the browser shows
    the field empty again, so the page names it (macro ``unsaved``); a file refused for itself
    is said by its own error."""
    return file.filename if file is not None and field not in errors else None
