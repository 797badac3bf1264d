"""Small field checks shared by services; each adds a Chinese message naming the field."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.errors import Problems

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
