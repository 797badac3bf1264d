"""Money is integer fen end to end; text is parsed with Decimal and never through float."""

from __future__ import annotations

import re
from decimal import Decimal

from lifecycle.errors import ValidationFailed

_AMOUNT = re.compile(r"^\s*([0-9]{1,12})(?:\.([0-9]{1,2}))?\s*$")


def parse_yuan(text: str | int | Decimal, field: str = "amount") -> int:
    """Parse an amount in yuan ("12,345.60", 100, Decimal("1.5")) into fen; refuse anything else."""
    if isinstance(text, bool):
        raise ValidationFailed("金额格式不正确", code="invalid_amount", field=field)
    if isinstance(text, int):
        if text < 0:
            raise ValidationFailed("金额不能为负数", code="negative_amount", field=field)
        return text * 100
    if isinstance(text, Decimal):
        text = format(text, "f")
    raw = str(text).replace(",", "").replace("，", "")
    if raw.strip() == "":
        raise ValidationFailed("金额不能为空", code="empty_amount", field=field)
    if raw.strip().startswith("-"):
        raise ValidationFailed("金额不能为负数", code="negative_amount", field=field)
    match = _AMOUNT.match(raw)
    if match is None:
        raise ValidationFailed(
            "金额格式不正确：请填写元，最多两位小数（如 10000.00）",
            code="invalid_amount",
            field=field,
        )
    whole, cents = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(cents)


def check_fen(value: int, field: str = "amount_fen", *, allow_zero: bool = False) -> int:
    """Validate an amount already in fen (API input)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed("金额必须是以分为单位的整数", code="invalid_amount", field=field)
    if value < 0:
        raise ValidationFailed("金额不能为负数", code="negative_amount", field=field)
    if value == 0 and not allow_zero:
        raise ValidationFailed("金额必须大于零", code="zero_amount", field=field)
    return value


def format_fen(fen: int) -> str:
    """Fen as yuan text with thousands separators and two decimals: 1234567 → "12,345.67"."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"
