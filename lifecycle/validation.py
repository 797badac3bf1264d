"""Small field checks shared by services; each adds a Chinese message naming the field."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lifecycle.clock import chinese_date
from lifecycle.errors import FieldProblem, Problems

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# Digits of a whole number read from a form: past any rule's bound, short of the 4300 past which
# ``int`` refuses a text (ValueError).
MAX_DIGITS = 1000


def ascii_digits(text: str) -> bool:
    """Whether ``text`` is one to ``MAX_DIGITS`` of 0 to 9 only, which ``int`` reads
    (``str.isdigit`` also takes ² and other digits that ``int`` refuses, and any length)."""
    return len(text) <= MAX_DIGITS and text.isascii() and text.isdigit()


_PLAIN_INT = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}")


# A Chinese input method's full-width digits, signs, point and comma, as their ASCII twins (not
# NFKC, which would also read ² or ⑦ as digits).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－．，", "0123456789+-.,")


def half_width(text: str) -> str:
    """``text`` with a Chinese input method's full-width digits, signs, point and comma as their
    ASCII twins (「１，０００．５０」 is 「1,000.50」); every other character as it is."""
    return text.translate(_FULL_WIDTH)


def plain_int(text: str) -> int | None:
    """``text`` as the whole number it plainly writes (「12」, 「-3」, full-width digits too),
    of any length a rule can name, or None: not 「1e3」, 「1_000」 or 「十二」, which ``int``
    would take or fail on (reading IN3)."""
    typed = half_width(text.strip())
    return int(typed) if _PLAIN_INT.fullmatch(typed) else None


# A number written as people write one on a form: digits, a point, thousands grouped by commas
# (a full-width comma too), a sign; not 1e3, 1_000, ０x10, inf or NaN, which Decimal would take.
_PLAIN_DECIMAL = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?")


def plain_decimal(text: str) -> Decimal | None:
    """``text`` as the decimal number it plainly writes (「120」「85.5」「1,200」, full-width
    digits too), or None when it writes none so (「1e3」 is no area a form asks for: reading
    IN2)."""
    typed = half_width(text.strip())
    if _PLAIN_DECIMAL.fullmatch(typed) is None:
        return None
    return Decimal(typed.replace(",", ""))


def within_places(value: Decimal, places: int) -> bool:
    """Whether finite ``value`` has at most ``places`` decimals (85.50 has one), however long it
    is (``round`` fails past 28 digits)."""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "a finite number"
    if not any(digits):
        return True
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return exponent + trailing >= -places


# Excel keeps every number as a binary float: 0.1+0.2 summed in a cell is stored (and read) as
# 0.30000000000000004. A float within this of a value of two decimals (a fen, a hundredth of a
# square metre) is that value; one further from it (0.305) has a real part below the fen, kept
# for the cell's check to refuse.
FLOAT_SLACK = Decimal("1e-9")
_HUNDREDTH = Decimal("0.01")


def written_number(value: float) -> Decimal:
    """A float cell's number as the user wrote it: its nearest hundredth where the float lies
    within ``FLOAT_SLACK`` of one, else the float's shortest decimal (``repr``), unrounded; a
    float past what a hundredth can be told from (or not finite) as ``repr`` reads it."""
    exact = Decimal(repr(value))
    if not math.isfinite(value) or abs(value) >= 1e15:
        return exact
    near = exact.quantize(_HUNDREDTH)
    return near if abs(exact - near) <= FLOAT_SLACK else exact


def require_text(
    problems: Problems, field: str, value: str | None, label: str, max_len: int
) -> None:
    """A required text field, trimmed, within its length."""
    if value is None or not value.strip():
        problems.add(field, "required", f"{label}不能为空")
    elif len(value.strip()) > max_len:
        problems.add(field, "too_long", f"{label}不能超过{max_len}个字符")


# Characters a name is read by but that show nothing, or move what follows: controls (Cc),
# format characters (Cf: the bidi overrides U+202A–202E and isolates U+2066–2069, zero-width
# spaces and joiners, U+FEFF), private-use, surrogate and unassigned code points, and line or
# paragraph separators. A name holding one looks like another name (U+202E before 「txt.exe」
# shows 「exe.txt」).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def invisible_characters(value: str) -> bool:
    """Whether ``value`` holds a control, format (bidi, zero-width) or other invisible
    character (a plain or ideographic space is visible)."""
    return any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in value)


def require_visible_text(
    problems: Problems, field: str, value: str | None, label: str, max_len: int
) -> None:
    """A required name, trimmed, within its length, of visible characters only: no bidi
    override, zero-width or other control character (``invisible_characters``)."""
    before = len(problems.items)
    require_text(problems, field, value, label, max_len)
    if len(problems.items) == before and value is not None and invisible_characters(value):
        problems.add(
            field,
            "invisible_character",
            f"{label}不能包含控制字符或不可见字符（如文字方向控制符、零宽字符）",
        )


@dataclass(frozen=True)
class RequiredText:
    """A required text of a record, named by its ``label`` and bounded by ``max_len`` (of
    visible characters only when ``visible``): the one check of it, in the use case and beside
    an API body's other fields (``api.body_rules.required``)."""

    label: str
    max_len: int
    visible: bool = False

    def check(self, problems: Problems, field: str, value: str | None) -> None:
        """Add the text's problem under ``field``: blank (「…不能为空」), too long, invisible."""
        checker = require_visible_text if self.visible else require_text
        checker(problems, field, value, self.label, self.max_len)

    def problems(self, value: str | None, field: str = "") -> list[FieldProblem]:
        """The text's problems alone."""
        found = Problems()
        self.check(found, field, value)
        return found.items


def check_email(problems: Problems, field: str, value: str) -> None:
    """An e-mail address of the usual shape."""
    if not _EMAIL.match(value or ""):
        problems.add(field, "invalid_email", "电子邮箱格式不正确")


def not_after(problems: Problems, field: str, value: date | None, limit: date, label: str) -> None:
    """A date that may not lie after `limit` (typically today)."""
    if value is not None and value > limit:
        problems.add(field, "date_in_future", f"{label}不能晚于{chinese_date(limit)}")


# Dates the service accepts anywhere: wide enough for any birth, naming or deadline, narrow
# enough that date arithmetic (cycles, retirement, deadlines) never leaves Python's range.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


# The calendar years any year field may name (reading IN1): none before 1949 (no workshop,
# title or honour of these schemes is older) and none after 2100 (no plan reaches further). A
# field's own rule narrows them; a year outside them is never bound into a query.
FIRST_YEAR = 1949
LAST_YEAR = 2100


def years_allowed(label: str, first: int, last: int) -> str:
    """A year field's bounds as a reader takes them: the range, or the one year it may be."""
    if first == last:
        return f"{label}只能为{first}年"
    return f"{label}应在{first}年至{last}年之间"


def year_possible(year: int) -> bool:
    """Whether ``year`` is a year any record may name (only such a year is bound into a query)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def year_problem(
    year: int, label: str, first: int = FIRST_YEAR, last: int = LAST_YEAR
) -> str | None:
    """Why ``year``, a whole number of any length, is not one its field's rule takes (``first``
    to ``last``, within the years any record may name), or None: the one range rule of every year
    field, page and API alike, in the one wording (「考核年度应在2024年至2026年之间」), never the
    bound of an integer column (reading IN1)."""
    first, last = max(first, FIRST_YEAR), min(last, LAST_YEAR)
    if first <= year <= last:
        return None
    return years_allowed(label, first, last)


def date_range_problem(value: date, label: str = "日期") -> str | None:
    """Why `value` is outside the supported range, or None when it is inside."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"{label}超出支持范围（{EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()}）"


_ISO_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_written(raw: str) -> bool:
    """Whether ``raw`` is written YYYY-MM-DD, the one way a date is typed or sent."""
    return _ISO_SHAPE.fullmatch(raw) is not None


def missing_day(raw: object) -> str | None:
    """「没有2026-02-30这一天」 when ``raw`` is written YYYY-MM-DD but names no day of the
    calendar, else None: the page, the command line and the API say so alike."""
    if not isinstance(raw, str) or not _ISO_SHAPE.fullmatch(raw):
        return None
    try:
        date.fromisoformat(raw)
    except ValueError:
        return f"没有{raw}这一天"
    return None


def iso_date(raw: str, label: str = "日期") -> date | str:
    """A typed YYYY-MM-DD (a form field, a command-line value) as a date, or why not in Chinese:
    a well-formed day that does not exist is named as such (「没有2026-02-30这一天」), not
    answered with the format it already has; a day outside the supported range is refused."""
    try:
        # Only YYYY-MM-DD: ``fromisoformat`` also reads 「20261101」 and 「2026-W44-7」.
        value = date.fromisoformat(raw) if iso_written(raw) else None
    except ValueError:
        value = None
    if value is None:
        missing = missing_day(raw)
        if missing is not None:
            return f"{label}有误：{missing}"
        return f"{label}格式应为 YYYY-MM-DD"
    return date_range_problem(value, label) or value


def signer_problems(signer: str) -> list[FieldProblem]:
    """签署人 of an application's step or withdrawal: required, 100 characters at most."""
    if not signer.strip() or len(signer) > 100:
        return [FieldProblem("signer", "required", "签署人不能为空（100字以内）")]
    return []


def withdrawal_reason_problems(reason: str, *, limit: int) -> list[FieldProblem]:
    """A 撤回's reason: required, ``limit`` characters at most [I5][G9]."""
    if not reason.strip():
        return [FieldProblem("reason", "required", "撤回申报须写明理由")]
    if len(reason) > limit:
        return [FieldProblem("reason", "too_long", f"理由不能超过{limit}字")]
    return []


def withdrawal_problems(signer: str, reason: str, *, reason_limit: int) -> list[FieldProblem]:
    """What a 撤回 would refuse in its typed fields (signer, reason), all at once: for the use
    case and for a form refused before it runs (an unreadable date) [I5][G9]."""
    return signer_problems(signer) + withdrawal_reason_problems(reason, limit=reason_limit)
