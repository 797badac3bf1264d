"""Small field checks shared by services; each adds a Chinese message naming the field."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.errors import FieldProblem, Problems

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def require_text(
    problems: Problems, field: str, value: str | None, label: str, max_len: int
) -> None:
    """A required text field, trimmed, within its length."""
    if value is None or not value.strip():
        problems.add(field, "required", f"{label}不能为空")
    elif len(value.strip()) > max_len:
        problems.add(field, "too_long", f"{label}不能超过{max_len}个字符")


def check_email(problems: Problems, field: str, value: str) -> None:
    """An e-mail address of the usual shape."""
    if not _EMAIL.match(value or ""):
        problems.add(field, "invalid_email", "电子邮箱格式不正确")


def not_after(problems: Problems, field: str, value: date | None, limit: date, label: str) -> None:
    """A date that may not lie after `limit` (typically today)."""
    if value is not None and value > limit:
        problems.add(field, "date_in_future", f"{label}不能晚于{limit.isoformat()}")


# Dates the service accepts anywhere: wide enough for any birth, naming or deadline, narrow
# enough that date arithmetic (cycles, retirement, deadlines) never leaves Python's range.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def years_allowed(label: str, first: int, last: int) -> str:
    """A year field's bounds as a reader takes them: the range, or the one year it may be."""
    if first == last:
        return f"{label}只能为{first}年"
    return f"{label}应在{first}年至{last}年之间"


def date_range_problem(value: date, label: str = "日期") -> str | None:
    """Why `value` is outside the supported range, or None when it is inside."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"{label}超出支持范围（{EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()}）"


def withdrawal_problems(signer: str, reason: str, *, reason_limit: int) -> list[FieldProblem]:
    """What a 撤回 would refuse in its typed fields (signer, reason), all at once: for the use
    case and for a form refused before it runs (an unreadable date) [I5][G9]."""
    problems = Problems()
    if not signer.strip() or len(signer) > 100:
        problems.add("signer", "required", "签署人不能为空（100字以内）")
    if not reason.strip():
        problems.add("reason", "required", "撤回申报须写明理由")
    elif len(reason) > reason_limit:
        problems.add("reason", "too_long", f"理由不能超过{reason_limit}字")
    return problems.items
