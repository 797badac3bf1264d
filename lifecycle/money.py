"""Money is integer fen end to end; text is parsed with Decimal and never through float."""

from __future__ import annotations

import re
from decimal import Decimal

from lifecycle.errors import ValidationFailed
from lifecycle.validation import half_width

# Whole yuan either bare or grouped by thousands ("10000", "10,000"; a full-width comma too).
_WHOLE = r"[0-9]+|[0-9]{1,3}(?:[,，][0-9]{3})+"
_AMOUNT = re.compile(rf"^({_WHOLE})(?:\.([0-9]{{1,2}}))?$")
_GROUPED = re.compile(rf"^(?:{_WHOLE})$")
MAX_WHOLE_DIGITS = 12  # up to 999,999,999,999.99 yuan: fits BIGINT fen with room
MAX_YUAN_TEXT = "999,999,999,999.99"


def parse_yuan(text: str | int | Decimal, field: str = "amount") -> int:
    """Parse an amount in yuan ("12,345.60", 100, Decimal("1.5")) into fen; refuse anything else.

    Full-width digits, point and comma (「１０００」 from a Chinese input method) read as their
    ASCII twins, as every other number of a form does (``validation.plain_decimal``). Commas
    only as thousands separators (groups of three from the decimal point), so a slip
    such as "1,0,0,0,0" is refused rather than read as 10000."""
    if isinstance(text, bool):
        raise ValidationFailed("金额格式不正确", code="invalid_amount", field=field)
    if isinstance(text, int):
        if text < 0:
            raise ValidationFailed("金额不能为负数", code="negative_amount", field=field)
        _check_size(len(str(text)), field)
        return text * 100
    if isinstance(text, Decimal):
        text = format(text, "f")
    raw = half_width(str(text).strip())
    if raw == "":
        raise ValidationFailed("金额不能为空", code="empty_amount", field=field)
    if raw.startswith("-"):
        raise ValidationFailed("金额不能为负数", code="negative_amount", field=field)
    match = _AMOUNT.match(raw)
    if match is None:
        # The separators are blamed only where they are wrong: 「1,234.567」 is grouped well
        # and refused for its third decimal, as 「1234.567」 is.
        whole_part = raw.split(".", 1)[0]
        misplaced = ("," in whole_part or "，" in whole_part) and not _GROUPED.match(whole_part)
        raise ValidationFailed(
            "金额格式不正确：千位分隔符应每三位一个（如 10,000.00），或不用分隔符"
            if misplaced
            else "金额格式不正确：请填写元，最多两位小数（如 10000.00）",
            code="invalid_amount",
            field=field,
        )
    whole = match.group(1).replace(",", "").replace("，", "").lstrip("0") or "0"
    _check_size(len(whole), field)
    cents = (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(cents)


def _check_size(digits: int, field: str) -> None:
    if digits > MAX_WHOLE_DIGITS:
        raise ValidationFailed(
            f"金额过大：不能超过 {MAX_YUAN_TEXT} 元", code="amount_too_large", field=field
        )


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
