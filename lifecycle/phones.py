"""Mainland phone numbers as a form's 联系电话 takes them: one rule for every phone field
(readings P36d, IN4)."""

from __future__ import annotations

import re
import unicodedata

# A mobile: 1, a second digit 3 to 9, nine more; the country code may lead it.
_MOBILE = re.compile(r"(?:\+?86)?1[3-9][0-9]{9}")
# A landline: the area code (0, then two or three digits; in brackets, or after +86 without its
# 0), then the local number of seven or eight digits.
_LANDLINE = re.compile(
    r"(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2}|\+?86\(?0?[1-9][0-9]{1,2}\)?)[0-9]{7,8}"
)
# An extension after the number: 转801, 分机801, ext.801, x801, #801.
_EXTENSION = re.compile(r"(.+?)(?:转|分机|ext\.?|x|#)[0-9]{1,6}", re.IGNORECASE)
_HYPHEN_EXTENSION = re.compile(r"(.+)-[0-9]{1,6}")

PHONE_SHAPES = "11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"


def is_phone(text: str) -> bool:
    """Whether ``text`` is a number one can dial on the mainland: a mobile, or a landline with
    its area code and perhaps an extension; spaces and hyphens between the digits, full-width
    characters and brackets as typed (「138 1234 5678」「（021）6543-1234 转 801」)."""
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", text))
    if compact.startswith("-") or compact.endswith("-") or "--" in compact:
        return False  # a hyphen stands between digits
    if _number(compact):
        return True
    extended = _EXTENSION.fullmatch(compact)
    if extended is not None:
        return _landline(extended.group(1))
    # 021-65431234-801: the last group an extension, when what precedes it is a whole landline.
    hyphenated = _HYPHEN_EXTENSION.fullmatch(compact)
    return hyphenated is not None and _landline(hyphenated.group(1))


def _number(compact: str) -> bool:
    return _MOBILE.fullmatch(compact.replace("-", "")) is not None or _landline(compact)


def _landline(compact: str) -> bool:
    return _LANDLINE.fullmatch(compact.replace("-", "")) is not None


def phone_problem(phone: str | None, label: str = "联系电话") -> str | None:
    """Why ``phone`` is no 联系电话 one can call, naming the field ``label`` (None when it is
    one, or blank: a required field's blank is the required check's to name)."""
    if phone is None or not phone.strip() or is_phone(phone):
        return None
    return f"{label}应为{PHONE_SHAPES}"
